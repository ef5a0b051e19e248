package dev.fathom.cli;

import dev.fathom.config.Settings;
import dev.fathom.loop.Agent;
import dev.fathom.safety.Shell;
import dev.fathom.session.SessionPaths;
import dev.fathom.tools.WorkspaceFiles;
import dev.fathom.ui.TerminalText;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jline.reader.Candidate;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.Reference;
import org.jline.reader.impl.DefaultParser;

/** The assistant's prompt: the line reader (history, completion, Shift+Tab), its head start, and {@code !command}. */
final class AssistantPrompt {
    private AssistantPrompt() {
    }

    static LineReader reader(InteractiveSession s) throws IOException {
        Settings settings = s.settings;
        SlashCommands commands = s.commands();
        Path history = settings.fathomHome().resolve("history").resolve(new SessionPaths(settings.fathomHome(), settings.workspace())
                .projectDir().getFileName() + ".txt");
        Files.createDirectories(history.getParent());
        DefaultParser parser = new DefaultParser();
        parser.setEofOnEscapedNewLine(true);
        LineReader r = LineReaderBuilder.builder().terminal(s.terminal).appName("fathom").parser(parser)
                .variable(LineReader.HISTORY_FILE, history).variable(LineReader.SECONDARY_PROMPT_PATTERN, "  ")
                // No shell-style event expansion: it would drop the newline of a "\" continuation and read !command
                // as a history reference.
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .completer((lr, parsed, candidates) -> {
                    String word = parsed.word();
                    if (!parsed.words().isEmpty() && parsed.words().get(0).startsWith("/")) {
                        commands.complete(parsed.words(), parsed.wordIndex(), candidates, settings.fathomHome(), settings.workspace());
                    } else if (word.startsWith("@")) {
                        for (String f : WorkspaceFiles.list(settings.workspace(), 5000)) {
                            candidates.add(new Candidate("@" + f, "@" + f, null, null, null, null, true));
                        }
                    }
                }).build();
        // Shift+Tab at the prompt: the next approval mode, at once.
        r.getWidgets().put("fathom-cycle-mode", () -> {
            s.cycleMode(false);
            r.callWidget(LineReader.REDRAW_LINE);
            r.callWidget(LineReader.REDISPLAY);
            return true;
        });
        r.getKeyMaps().get(LineReader.MAIN).bind(new Reference("fathom-cycle-mode"), "\u001b[Z");
        return r;
    }

    /**
     * While the user types the first prompt, serializes the request so far and loads the HTTP classes, so that Enter
     * sends at once (about 45 ms saved on a cold JVM). A prompt sent before it finishes simply does the rest itself.
     */
    static void prepareInBackground(Agent agent) {
        Thread t = new Thread(() -> {
            try {
                agent.prepare();
            } catch (RuntimeException raced) {
                // only a head start: the real request does the same work
            }
        }, "fathom-prepare");
        t.setDaemon(true);
        t.start();
    }

    /** {@code !command}: the user's own command, its output shown; only a failure's exit code is mentioned. */
    static void shell(InteractiveSession s, String command) {
        PrintWriter out = s.out;
        try {
            Process p = Shell.command(command, s.settings.workspace(), s.root.launch.env()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            out.print(TerminalText.escape(output));
            if (!output.isEmpty() && !output.endsWith("\n")) {
                out.println();
            }
            int code = p.waitFor();
            out.flush();
            if (code != 0) {
                s.ui.notice("(exit code " + code + ")");
            }
        } catch (IOException e) {
            out.println("cannot run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.flush();
    }
}
