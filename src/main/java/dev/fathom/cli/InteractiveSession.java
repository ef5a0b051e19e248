package dev.fathom.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.config.ConfigException;
import dev.fathom.config.CustomCommands;
import dev.fathom.config.Settings;
import dev.fathom.context.ContextBreakdown;
import dev.fathom.git.Checkpoints;
import dev.fathom.git.GitException;
import dev.fathom.git.GitRepo;
import dev.fathom.llm.ModelTable;
import dev.fathom.llm.ServedModels;
import dev.fathom.loop.AgentResult;
import dev.fathom.loop.Limits;
import dev.fathom.loop.UsageTotals;
import dev.fathom.safety.Shell;
import dev.fathom.session.SessionFiles;
import dev.fathom.session.SessionPaths;
import dev.fathom.session.StoredSession;
import dev.fathom.tools.WorkspaceFiles;
import dev.fathom.ui.NativeTerminal;
import dev.fathom.ui.ProgressPrinter;
import dev.fathom.ui.TerminalUi;
import dev.fathom.ui.TurnKeys;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jline.reader.Candidate;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The interactive assistant: a prompt with history and completion, turns run on a worker while the keyboard is
 * watched for Esc, slash commands, {@code !command} for a shell command of the user's own.
 */
final class InteractiveSession {
    static final Map<String, String> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("/help", "list these commands");
        COMMANDS.put("/model", "NAME: switch model (pro, flash or an id)");
        COMMANDS.put("/effort", "low|high|max: reasoning effort");
        COMMANDS.put("/thinking", "on|off: thinking mode");
        COMMANDS.put("/reasoning", "show or hide the model's reasoning");
        COMMANDS.put("/compact", "[FOCUS]: compact the conversation now");
        COMMANDS.put("/context", "where the context window goes");
        COMMANDS.put("/cost", "tokens and cost of this session");
        COMMANDS.put("/undo", "restore the files as they were before the last turn that changed them");
        COMMANDS.put("/diff", "uncommitted changes in the repository");
        COMMANDS.put("/expand", "show the last folded tool output");
        COMMANDS.put("/clear", "start a new session");
        COMMANDS.put("/resume", "[ID]: continue an earlier session (without ID: list them)");
        COMMANDS.put("/sessions", "sessions in this directory");
        COMMANDS.put("/approval", "read-only|ask|auto-edit|full-auto: approval mode");
        COMMANDS.put("/exit", "leave (Ctrl-D works too)");
    }

    /** How often the keyboard is looked at during a turn. */
    private static final long KEY_POLL_MILLIS = 5;

    private final FathomCommand root;
    private final ObjectMapper json = new ObjectMapper();
    private GlobalOptions options;
    private Settings settings;
    private Terminal terminal;
    private PrintWriter out;
    private TerminalUi ui;
    private RunFactory.Run run;
    private boolean color;
    /** Keys typed while a turn ran (other than Esc): they start the next input, as type-ahead. */
    private final StringBuilder typeAhead = new StringBuilder();

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
        out = terminal.writer();
        color = !Terminal.TYPE_DUMB.equals(terminal.getType()) && !Terminal.TYPE_DUMB_COLOR.equals(terminal.getType())
                && !root.launch.env().containsKey("NO_COLOR");
        ui = new TerminalUi(terminal, color);
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
            LineReader reader = reader();
            out.println("Fathom " + Version.get() + " \u00b7 " + run.agent().modelName() + " \u00b7 " + settings.workspace()
                    + "\n/help lists commands \u00b7 Esc stops a turn \u00b7 end a line with \\ to continue it \u00b7 Ctrl-D leaves");
            if (resume != null) {
                recap();
            }
            out.flush();
            if (initialPrompt != null && !initialPrompt.isBlank()) {
                turn(initialPrompt);
            } else {
                prepareInBackground();
            }
            boolean interruptedOnce = false;
            while (true) {
                String line;
                try {
                    int eol = indexOfLineEnd(typeAhead);
                    if (eol >= 0) {
                        line = typeAhead.substring(0, eol);
                        typeAhead.delete(0, eol + 1);
                        out.println("\u203a " + line);
                    } else {
                        String buffer = typeAhead.toString();
                        typeAhead.setLength(0);
                        line = reader.readLine("\u203a ", null, buffer);
                    }
                    interruptedOnce = false;
                } catch (UserInterruptException e) {
                    if (interruptedOnce || e.getPartialLine().isEmpty() && interruptedOnce) {
                        break;
                    }
                    interruptedOnce = e.getPartialLine().isEmpty();
                    if (interruptedOnce) {
                        out.println("(Ctrl-C again to leave)");
                    }
                    continue;
                } catch (EndOfFileException e) {
                    break;
                }
                line = line.replace("\\\n", "\n").strip();
                if (line.isEmpty()) {
                    continue;
                }
                if (line.startsWith("/")) {
                    if (!slash(line)) {
                        break;
                    }
                } else if (line.startsWith("!")) {
                    shell(line.substring(1));
                } else {
                    turn(line);
                }
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

    private LineReader reader() throws IOException {
        Path history = settings.fathomHome().resolve("history").resolve(new SessionPaths(settings.fathomHome(), settings.workspace())
                .projectDir().getFileName() + ".txt");
        Files.createDirectories(history.getParent());
        DefaultParser parser = new DefaultParser();
        parser.setEofOnEscapedNewLine(true);
        return LineReaderBuilder.builder().terminal(terminal).appName("fathom").parser(parser)
                .variable(LineReader.HISTORY_FILE, history).variable(LineReader.SECONDARY_PROMPT_PATTERN, "  ")
                // No shell-style event expansion: it would drop the newline of a "\" continuation and read !command
                // as a history reference.
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .completer((r, parsed, candidates) -> {
                    String word = parsed.word();
                    if (parsed.wordIndex() == 0 && word.startsWith("/")) {
                        COMMANDS.forEach((c, d) -> candidates.add(new Candidate(c, c, null, d, null, null, true)));
                        CustomCommands.load(settings.fathomHome(), settings.workspace()).forEach((n, c) ->
                                candidates.add(new Candidate("/" + n, "/" + n, null, c.description(), null, null, true)));
                    } else if (word.startsWith("@")) {
                        for (String f : WorkspaceFiles.list(settings.workspace(), 5000)) {
                            candidates.add(new Candidate("@" + f, "@" + f, null, null, null, null, true));
                        }
                    }
                }).build();
    }

    /**
     * While the user types the first prompt, serializes the request so far and loads the HTTP classes, so that Enter
     * sends at once (about 45 ms saved on a cold JVM). A prompt sent before it finishes simply does the rest itself.
     */
    private void prepareInBackground() {
        Thread t = new Thread(() -> {
            try {
                run.agent().prepare();
            } catch (RuntimeException raced) {
                // only a head start: the real request does the same work
            }
        }, "fathom-prepare");
        t.setDaemon(true);
        t.start();
    }

    /**
     * (Re)opens the session: new when {@code resume} is null, else that session ("" for the last one). The current
     * one is closed only once the next is open, so a session that cannot be opened leaves it as it was.
     */
    private void open(String resume) {
        RunFactory.Run next = RunFactory.create(settings, json, root.launch, Limits.NONE, resume, ui, "ask");
        if (run != null) {
            run.close();
        }
        run = next;
        run.agent().addListener(ui);
        ui.setModel(run.agent().modelName(), run.agent().conversation().budget().window());
    }

    private void turn(String prompt) throws IOException {
        ui.turnStarted();
        AgentResult[] result = new AgentResult[1];
        Thread worker = new Thread(() -> result[0] = run.agent().run(prompt), "fathom-turn");
        Terminal.SignalHandler previousInt = terminal.handle(Terminal.Signal.INT,
                s -> run.agent().cancellation().cancel("interrupted by Ctrl-C"));
        Terminal.SignalHandler previousWinch = terminal.handle(Terminal.Signal.WINCH, s -> ui.resized());
        Attributes attributes = terminal.getAttributes();
        Attributes keysMode = new Attributes(attributes);
        // Keys one at a time and unechoed (type-ahead is shown above the status line instead). ISIG stays on: Ctrl-C.
        keysMode.setLocalFlags(EnumSet.of(Attributes.LocalFlag.ICANON, Attributes.LocalFlag.ECHO, Attributes.LocalFlag.IEXTEN), false);
        keysMode.setInputFlags(EnumSet.of(Attributes.InputFlag.IXON, Attributes.InputFlag.ICRNL), false);
        terminal.setAttributes(keysMode);
        // The system terminal reads standard input; TurnKeys reads it directly because it needs to ask how many bytes
        // are waiting, which JLine's streams cannot say.
        TurnKeys keys = new TurnKeys(keysInput, new TurnKeys.Listener() {
            @Override
            public void escape() {
                if (ui.asking()) {
                    ui.key(27);
                } else {
                    run.agent().cancellation().cancel("stopped by the user (Esc)");
                }
            }

            @Override
            public void key(int k) {
                if (ui.asking()) {
                    ui.key(k);
                    return;
                }
                if (k == 127 || k == 8) {
                    if (typeAhead.length() > 0) {
                        typeAhead.setLength(typeAhead.offsetByCodePoints(typeAhead.length(), -1));
                    }
                } else if (k == 21) {
                    typeAhead.setLength(0); // Ctrl-U
                } else if (k >= 32 || k == '\r' || k == '\n' || k == '\t') {
                    typeAhead.appendCodePoint(k);
                }
                ui.typedAhead(typeAhead.toString());
            }
        });
        worker.start();
        try {
            while (worker.isAlive()) {
                keys.poll();
                worker.join(KEY_POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            terminal.setAttributes(attributes);
            terminal.handle(Terminal.Signal.INT, previousInt);
            terminal.handle(Terminal.Signal.WINCH, previousWinch);
            ui.turnEnded();
        }
        AgentResult r = result[0];
        if (r != null && r.status() != AgentResult.Status.DONE) {
            ui.notice(switch (r.status()) {
                case INTERRUPTED -> "(stopped; the conversation is kept)";
                case LIMIT -> "(stopped at the " + r.limit() + " limit)";
                case BLOCKED -> "(the prompt was blocked by a hook: " + r.error() + ")";
                default -> "(endpoint error: " + r.error() + ")";
            });
        }
        ui.notice("");
    }

    private static int indexOfLineEnd(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\r' || s.charAt(i) == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void shell(String command) {
        try {
            Process p = Shell.command(command, settings.workspace(), root.launch.env()).start();
            out.print(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            out.println("[exit code " + p.waitFor() + "]");
        } catch (IOException e) {
            out.println("cannot run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.flush();
    }

    /** Runs a slash command; false to leave. */
    private boolean slash(String line) throws IOException {
        String[] parts = line.split("\\s+", 2);
        String cmd = parts[0];
        String arg = parts.length > 1 ? parts[1].strip() : "";
        switch (cmd) {
            case "/exit", "/quit" -> {
                return false;
            }
            case "/help" -> COMMANDS.forEach((c, d) -> out.printf("  %-11s %s%n", c, d));
            case "/model" -> reconfigure(o -> o.model = arg, arg.isEmpty() ? "usage: /model NAME|auto" : arg.equals("auto") ? null : ServedModels.refusal(settings.baseUrl(),
                    settings.apiKey(), arg, ModelTable.load(json), java.time.Duration.ofSeconds(10), json));
            case "/effort" -> reconfigure(o -> o.effort = arg, arg.matches("low|high|max") ? null : "usage: /effort low|high|max");
            case "/thinking" -> reconfigure(o -> o.thinking = arg, arg.equals("on") || arg.equals("off") ? null : "usage: /thinking on|off");
            case "/approval" -> reconfigure(o -> o.approval = arg, arg.isEmpty() ? "usage: /approval read-only|ask|auto-edit|full-auto" : null);
            case "/reasoning" -> out.println(ui.toggleReasoning() ? "reasoning shown" : "reasoning hidden");
            case "/compact" -> {
                run.agent().compact(arg.isEmpty() ? null : arg, true, "requested by the user");
                out.println("compacted");
            }
            case "/context" -> context();
            case "/cost" -> {
                UsageTotals.Usage u = run.agent().usage();
                Double usd = run.agent().costUsd();
                out.printf(Locale.ROOT, "%,d prompt tokens (%,d from cache), %,d output tokens (%,d reasoning): %s%n", u.promptTokens(),
                        u.cacheHitTokens(), u.completionTokens(), u.reasoningTokens(),
                        usd == null ? "cost unknown (no prices for this endpoint)" : String.format(Locale.ROOT, "$%.4f", usd));
                out.print(run.agent().costs().describe());
            }
            case "/undo" -> undo();
            case "/diff" -> diff();
            case "/expand" -> out.println(ui.lastFolded() == null ? "nothing folded" : ui.lastFolded());
            case "/clear" -> {
                open(null);
                out.println("new session " + run.sessionId());
            }
            case "/sessions" -> sessions();
            case "/resume" -> {
                if (arg.isEmpty()) {
                    sessions();
                } else {
                    try {
                        open(arg);
                        recap();
                    } catch (ConfigException e) {
                        out.println(e.getMessage());
                    }
                }
            }
            default -> {
                CustomCommands.Command c = CustomCommands.load(settings.fathomHome(), settings.workspace()).get(cmd.substring(1));
                if (c == null) {
                    out.println("unknown command " + cmd + "; /help lists them");
                } else {
                    turn(c.expand(arg));
                }
            }
        }
        out.flush();
        return true;
    }

    /** Says which session was resumed and where it had got to: its last prompt and the start of the last answer. */
    private void recap() {
        List<ChatMessage> messages = run.agent().messages();
        out.println("resumed " + run.sessionId() + " (" + messages.size() + " messages)");
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i) instanceof UserMessage u && u.hasSingleText()) {
                out.println("  last prompt: " + ProgressPrinter.preview(u.singleText()));
                break;
            }
        }
        if (!messages.isEmpty() && messages.get(messages.size() - 1) instanceof AiMessage a && a.text() != null) {
            out.println("  last answer: " + ProgressPrinter.preview(a.text()));
        }
    }

    /** Changes an option and reopens this same session with it (background jobs end). */
    private void reconfigure(java.util.function.Consumer<GlobalOptions> change, String usage) {
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
            out.println(changed);
        }
        options = next;
        settings = s;
        open(run.sessionId());
        out.println("ok: " + run.agent().modelName() + ", approval " + settings.approvalOr(TrustPrompt.MODE)
                + ", thinking " + (settings.thinking() ? "on (" + settings.effort() + ")" : "off"));
    }

    private void context() {
        ContextBreakdown b = run.agent().conversation().breakdown();
        out.printf(Locale.ROOT, "%,d of %,d tokens (%.1f%%)%n  system %,d \u00b7 tools %,d \u00b7 instructions %,d \u00b7 summary %,d"
                + " \u00b7 conversation %,d \u00b7 tool outputs %,d%n", b.total(), b.window(), 100.0 * b.total() / b.window(), b.system(),
                b.tools(), b.instructions(), b.summary(), b.history(), b.toolOutputs());
    }

    private void undo() throws IOException {
        Checkpoints cp = Checkpoints.forWorkspace(settings.workspace(), root.launch.env());
        List<Checkpoints.Info> all = cp == null ? List.of() : cp.list();
        if (all.isEmpty()) {
            out.println("nothing to undo");
            return;
        }
        Checkpoints.Plan plan = cp.plan(all.get(all.size() - 1).number());
        if (!plan.changedSince().isEmpty()) {
            out.println("changed by you after Fathom's last change: " + String.join(", ", plan.changedSince()));
            out.print("restore anyway? [y/N] ");
            out.flush();
            int k = terminal.reader().read();
            out.println();
            if (k != 'y' && k != 'Y') {
                out.println("not undone");
                return;
            }
        }
        cp.restore(plan.number());
        out.println("restored " + plan.restore().size() + " file(s), removed " + plan.delete().size());
    }

    private void diff() {
        try (GitRepo repo = GitRepo.open(settings.workspace(), root.launch.env())) {
            String d = repo.diff(null, false, null);
            for (String l : (d.isEmpty() ? "no unstaged changes" : d).split("\n")) {
                String code = !color ? null : l.startsWith("+") ? "\u001b[32m" : l.startsWith("-") ? "\u001b[31m" : null;
                out.println(code == null ? l : code + l + "\u001b[0m");
            }
            repo.status().getUntracked().forEach(f -> out.println("?? " + f));
        } catch (GitException e) {
            out.println(e.getMessage());
        }
    }

    private void sessions() throws IOException {
        SessionFiles files = new SessionFiles(json);
        for (Path p : files.list(new SessionPaths(settings.fathomHome(), settings.workspace()).projectDir())) {
            StoredSession s = files.read(p);
            String first = s.firstPrompt() == null ? "" : s.firstPrompt().replaceAll("\\s+", " ");
            out.println(s.id() + "  " + (first.length() > 60 ? first.substring(0, 60) + "\u2026" : first));
        }
    }
}
