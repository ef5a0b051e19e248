package dev.fathom.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.config.ConfigException;
import dev.fathom.config.Settings;
import dev.fathom.loop.AgentResult;
import dev.fathom.loop.Limits;
import dev.fathom.ui.CtrlCKey;
import dev.fathom.ui.NativeTerminal;
import dev.fathom.ui.TerminalText;
import dev.fathom.ui.TerminalUi;
import dev.fathom.ui.TurnRunner;
import dev.fathom.ui.WordWrap;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The interactive assistant: a prompt with history and completion, turns run by {@link TurnRunner} while the keyboard
 * is watched, slash commands from {@link SlashCommands} (registered by {@link SessionCommands} and
 * {@link WorkCommands}), {@code !command} for a shell command of the user's own.
 */
final class InteractiveSession {
    /** The approval modes Shift+Tab cycles through; full-auto is only ever chosen by name (/approval). */
    static final java.util.List<String> CYCLED_MODES = java.util.List.of("ask", "auto-edit", "read-only");

    final FathomCommand root;
    final ObjectMapper json = new ObjectMapper();
    GlobalOptions options;
    Settings settings;
    Terminal terminal;
    PrintWriter out;
    TerminalUi ui;
    RunFactory.Run run;
    LineReader reader;
    boolean color;
    private TurnRunner turns;
    private final SlashCommands commands = new SlashCommands();
    /** A mode chosen with Shift+Tab during a turn: applied when the turn ends (the running turn keeps its mode). */
    private volatile String pendingMode;

    /** The terminal to use instead of the system one, and where keys typed during a turn come from. */
    private final Terminal givenTerminal;
    private final InputStream keysInput;

    InteractiveSession(FathomCommand root, GlobalOptions options) {
        this(root, options, null, System.in);
    }

    /** An assistant on a given terminal (the cache-training run uses one over in-memory streams). */
    InteractiveSession(FathomCommand root, GlobalOptions options, Terminal terminal, InputStream keys) {
        this.root = root;
        this.options = options.or(new GlobalOptions());
        this.givenTerminal = terminal;
        this.keysInput = keys;
        SessionCommands.register(this, commands);
        WorkCommands.register(this, commands);
    }

    int start(String initialPrompt) throws IOException {
        return start(initialPrompt, null);
    }

    /** Opens the assistant; {@code resume} is null for a new session, "" for the last one here, else a session id. */
    int start(String initialPrompt, String resume) throws IOException {
        settings = root.settings(options, json);
        if (settings == null || !root.hasApiKey(settings)) {
            return ExitCodes.USAGE;
        }
        Logger.getLogger("org.jline").setLevel(Level.OFF); // no JLine warnings on dumb terminals and pipes
        NativeTerminal.useLibraryUnder(settings.fathomHome());
        terminal = givenTerminal != null ? givenTerminal
                : TerminalBuilder.builder().system(true).dumb(true).encoding(StandardCharsets.UTF_8).build();
        keepOutputOnInterrupt(terminal);
        out = terminal.writer();
        color = !Terminal.TYPE_DUMB.equals(terminal.getType()) && !Terminal.TYPE_DUMB_COLOR.equals(terminal.getType())
                && !root.launch.env().containsKey("NO_COLOR");
        ui = new TerminalUi(terminal, color);
        turns = new TurnRunner(terminal, ui, keysInput);
        try {
            try {
                if (TrustPrompt.needed(settings) && TrustPrompt.ask(settings, json, out, terminal.reader())) {
                    Settings trusted = root.settings(options, json);
                    if (trusted == null) {
                        return ExitCodes.USAGE;
                    }
                    settings = trusted;
                }
                open(resume);
            } catch (ConfigException e) {
                root.launch.err().println("fathom: " + e.getMessage());
                return ExitCodes.USAGE;
            }
            reader = AssistantPrompt.reader(this);
            CtrlCKey.bind(reader);
            out.print(WordWrap.wrap("Fathom " + Version.get() + " \u00b7 " + run.agent().modelName() + " \u00b7 " + settings.workspace()
                    + "\n/help lists commands \u00b7 Esc stops a turn \u00b7 Shift+Tab changes the approval mode \u00b7 end a line with \\ to"
                    + " continue it \u00b7 Ctrl-D leaves\n", terminal.getWidth()));
            if (dev.fathom.git.Checkpoints.forWorkspace(settings.workspace(), root.launch.env()) == null) {
                ui.notice("not a git repository: no checkpoints, so /undo cannot restore what this session changes");
            }
            if (resume != null) {
                SessionCommands.recap(this);
            }
            out.flush();
            if (initialPrompt != null && !initialPrompt.isBlank()) {
                turn(initialPrompt);
            } else {
                AssistantPrompt.prepareInBackground(run.agent());
            }
            loop();
            String resumeHint = SessionCommands.resumeHint(this);
            if (resumeHint != null) {
                ui.notice(resumeHint);
            }
            return ExitCodes.OK;
        } finally {
            if (run != null) {
                run.close();
            }
            ui.close();
            terminal.close();
        }
    }

    /**
     * Ctrl-C (and Ctrl-\\, Ctrl-Z) must not make the terminal driver throw away output written but not yet shown: by
     * default it does, and a lost cursor-restore of the status line left the next prompt drawn over the last notice.
     * The terminal's own settings come back when it is closed.
     */
    private static void keepOutputOnInterrupt(Terminal terminal) {
        org.jline.terminal.Attributes attributes = terminal.getAttributes();
        attributes.setLocalFlag(org.jline.terminal.Attributes.LocalFlag.NOFLSH, true);
        terminal.setAttributes(attributes);
    }

    private void loop() throws IOException {
        boolean interruptedOnce = false;
        while (true) {
            String line;
            try {
                line = turns.nextLine();
                if (line != null) {
                    out.println("\u203a " + line);
                } else {
                    String partial = turns.takePartial();
                    // Ctrl-C as a key, so that keys typed right after it go to the fresh prompt, not the abandoned line.
                    line = CtrlCKey.whileReading(reader, () -> reader.readLine("\u203a ", null, partial));
                }
                interruptedOnce = false;
            } catch (UserInterruptException e) {
                if (interruptedOnce) {
                    return;
                }
                interruptedOnce = e.getPartialLine().isEmpty();
                if (interruptedOnce) {
                    out.println("(Ctrl-C again to leave)");
                }
                continue;
            } catch (EndOfFileException e) {
                return;
            }
            line = line.replace("\\\n", "\n").strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("/")) {
                boolean stay = commands.run(line, settings.fathomHome(), settings.workspace(), this::turn, out);
                out.flush();
                if (!stay) {
                    return;
                }
            } else if (line.startsWith("!")) {
                AssistantPrompt.shell(this, line.substring(1));
            } else {
                turn(line);
            }
        }
    }

    SlashCommands commands() {
        return commands;
    }

    /** The approval mode in force. */
    String mode() {
        return settings.approvalOr(TrustPrompt.MODE);
    }

    /**
     * Shift+Tab: the next mode of {@link #CYCLED_MODES}. During a turn it is noted and applied when the turn ends; at
     * the prompt the session is reopened with it at once.
     */
    void cycleMode(boolean duringTurn) {
        String current = pendingMode != null ? pendingMode : mode();
        int at = CYCLED_MODES.indexOf(current);
        String next = CYCLED_MODES.get((at + 1) % CYCLED_MODES.size());
        if (duringTurn) {
            pendingMode = next;
            ui.setMode(next + " (from the next turn)");
            return;
        }
        reconfigure(o -> o.approval = next, null, true);
    }

    /**
     * (Re)opens the session: new when {@code resume} is null, else that session ("" for the last one). The current
     * one is closed only once the next is open, so a session that cannot be opened leaves it as it was.
     */
    void open(String resume) {
        RunFactory.Run next = RunFactory.create(settings, json, root.launch, Limits.NONE, resume, ui, TrustPrompt.MODE);
        if (run != null) {
            run.close();
        }
        run = next;
        run.agent().addListener(ui);
        ui.setContextMeter(() -> run.agent().conversation().breakdown().total());
        ui.setModel(run.agent().modelName(), run.agent().conversation().budget().window());
        ui.setMode(mode());
        ui.setEditPreview(new dev.fathom.ui.EditPreview(settings.workspace()));
    }

    /** Sends a prompt and shows the turn; a mode chosen during it applies afterwards. */
    void turn(String prompt) throws IOException {
        AgentResult[] result = new AgentResult[1];
        turns.run(() -> result[0] = run.agent().run(prompt), new TurnRunner.Controls() {
            @Override
            public void cancel(String reason) {
                run.agent().cancellation().cancel(reason);
            }

            @Override
            public void cycleMode() {
                InteractiveSession.this.cycleMode(true);
            }
        });
        AgentResult r = result[0];
        if (r != null && r.status() != AgentResult.Status.DONE) {
            ui.notice(switch (r.status()) {
                case INTERRUPTED -> "(stopped; the conversation is kept)";
                case LIMIT -> "(stopped at the " + r.limit() + " limit)";
                case BLOCKED -> "(the prompt was blocked by a hook: " + r.error() + ")";
                default -> "(endpoint error: " + r.error() + ")";
            });
        }
        String next = pendingMode;
        if (next != null) {
            pendingMode = null;
            reconfigure(o -> o.approval = next, null, false);
        }
        ui.notice("");
    }

    /**
     * Changes an option and reopens this same session with it (background jobs end); {@code usage} non-null is printed
     * instead. Quiet (Shift+Tab at the prompt): nothing printed but a refusal, the status line shows the new mode.
     */
    void reconfigure(Consumer<GlobalOptions> change, String usage, boolean quiet) {
        if (usage != null) {
            out.println(usage);
            return;
        }
        GlobalOptions next = options.or(new GlobalOptions());
        change.accept(next);
        Settings s = root.settings(next, json);
        if (s == null) {
            return;
        }
        String changed = TrustPrompt.changed(settings, s);
        if (changed != null) {
            say(changed, quiet);
        }
        options = next;
        settings = s;
        open(run.sessionId());
        if (!quiet) {
            out.println("ok: " + run.agent().modelName() + ", approval " + mode()
                    + ", thinking " + (settings.thinking() ? "on (" + settings.effort() + ")" : "off"));
        }
    }

    /** A line printed above the prompt while it is being edited (quiet), or plainly. */
    private void say(String text, boolean abovePrompt) {
        if (abovePrompt && reader != null) {
            reader.printAbove(TerminalText.escape(text));
        } else {
            out.println(text);
        }
    }
}
