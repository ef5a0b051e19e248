package dev.fathom.cli;

import dev.fathom.config.ConfigException;
import dev.fathom.config.ProjectTrust;
import dev.fathom.llm.ModelTable;
import dev.fathom.llm.ServedModels;
import dev.fathom.mcp.McpServer;
import dev.fathom.mcp.McpTools;
import dev.fathom.safety.Sandbox;
import dev.fathom.session.SessionFiles;
import dev.fathom.session.SessionPaths;
import dev.fathom.session.StoredSession;
import dev.fathom.tools.ToolRegistry;
import dev.fathom.ui.Picker;
import dev.fathom.ui.ProgressPrinter;
import dev.fathom.ui.TerminalText;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;

/** The assistant's commands about the session itself: its settings, other sessions, and what is connected. */
final class SessionCommands {
    private static final List<String> MODELS = List.of("pro", "flash", "auto");
    private static final List<String> EFFORTS = List.of("low", "high", "max");
    private static final List<String> MODES = List.of("read-only", "ask", "auto-edit", "full-auto");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());
    /** How many sessions the /resume picker offers. */
    private static final int RESUME_CHOICES = 20;

    private final InteractiveSession s;

    private SessionCommands(InteractiveSession session) {
        this.s = session;
    }

    static void register(InteractiveSession session, SlashCommands r) {
        SessionCommands c = new SessionCommands(session);
        r.add("/help", "", "list these commands", a -> {
            r.helpLines(session.settings.fathomHome(), session.settings.workspace()).forEach(session.out::println);
            return true;
        });
        r.add("/model", "[NAME]", "switch model (pro, flash or an id); without NAME: pick", MODELS, a -> c.model(a));
        r.add("/effort", "[low|high|max]", "reasoning effort; without a value: pick", EFFORTS,
                a -> c.choose(a, EFFORTS, "reasoning effort", session.settings.effort(), (o, v) -> o.effort = v));
        r.add("/thinking", "on|off", "thinking mode", List.of("on", "off"), a -> {
            session.reconfigure(o -> o.thinking = a, a.equals("on") || a.equals("off") ? null : "usage: /thinking on|off", false);
            return true;
        });
        r.add("/approval", "[MODE]", "read-only|ask|auto-edit|full-auto; without MODE: pick (Shift+Tab cycles)", MODES,
                a -> c.choose(a, MODES, "approval mode", session.mode(), (o, v) -> o.approval = v));
        r.add("/reasoning", "", "show or hide the model's reasoning", a -> {
            session.out.println(session.ui.toggleReasoning() ? "reasoning shown" : "reasoning hidden");
            return true;
        });
        r.add("/status", "", "model, endpoint, approval, sandbox, trust, MCP servers, session", a -> c.status());
        r.add("/mcp", "", "MCP servers and their tools", a -> c.mcp());
        r.add("/clear", "", "start a new session", a -> {
            session.open(null);
            session.out.println("new session " + session.run.sessionId());
            return true;
        });
        r.add("/resume", "[ID]", "continue an earlier session; without ID: pick one", a -> c.resume(a));
        r.add("/sessions", "", "sessions in this directory", a -> {
            c.sessions().forEach(st -> session.out.println(line(st)));
            return true;
        });
        r.add("/exit", "", "leave (Ctrl-D works too)", a -> false);
        r.alias("/quit", "/exit");
    }

    private boolean model(String arg) {
        if (arg.isEmpty()) {
            return choose("", MODELS, "model (or /model ID for another id)", shortName(s.run.agent().modelName()), (o, v) -> o.model = v);
        }
        s.reconfigure(o -> o.model = arg, arg.equals("auto") ? null : ServedModels.refusal(s.settings.baseUrl(), s.settings.apiKey(), arg, ModelTable.load(s.json),
                Duration.ofSeconds(10), s.json), false);
        return true;
    }

    private static String shortName(String model) {
        return model.contains("flash") ? "flash" : model.contains("pro") ? "pro" : model;
    }

    /** With an argument, sets it (when it is one of {@code values}); without, shows the current one and a picker. */
    private boolean choose(String arg, List<String> values, String what, String current, BiConsumer<GlobalOptions, String> set) {
        String chosen = arg;
        if (arg.isEmpty()) {
            int picked = Picker.choose(s.reader, s.out, what + ": " + current, values, values.indexOf(current));
            if (picked < 0 || values.get(picked).equals(current)) {
                s.out.println("kept " + current);
                return true;
            }
            chosen = values.get(picked);
        }
        String value = chosen;
        s.reconfigure(o -> set.accept(o, value), values.contains(value) ? null : "usage: choose one of " + String.join(", ", values), false);
        return true;
    }

    private boolean status() {
        PrintWriter out = s.out;
        String bwrap = Sandbox.find(s.root.launch.env().get("PATH")) == null ? "none: bubblewrap is not installed, commands run unconfined"
                : "bubblewrap" + (s.settings.network() ? ", network on" : ", no network");
        out.println("model      " + s.run.agent().modelName() + (s.settings.thinking() ? " (thinking, " + s.settings.effort() + ")" : " (no thinking)"));
        out.println("endpoint   " + TerminalText.oneLine(s.settings.baseUrl()));
        out.println("approval   " + s.mode() + " (Shift+Tab cycles ask, auto-edit, read-only)");
        out.println("sandbox    " + bwrap);
        ProjectTrust.Report project = s.settings.project();
        out.println("trust      " + (project.files().isEmpty() ? "no project settings"
                : String.join("; ", project.files().stream().map(f -> TerminalText.oneLine(f.describe())).toList())));
        McpTools mcp = s.run.mcp();
        out.println("mcp        " + (mcp == null ? "no servers" : String.join(", ", mcp.servers().stream()
                .map(m -> TerminalText.oneLine(m.config().name()) + " (" + state(m) + ")").toList())));
        out.println("workspace  " + TerminalText.oneLine(s.settings.workspace().toString()));
        out.println("session    " + s.run.sessionId());
        return true;
    }

    private static String state(McpServer m) {
        return switch (m.state()) {
            case RUNNING -> m.tools().size() + " tools";
            case DISABLED -> "disabled";
            default -> "failed: " + m.failure();
        };
    }

    private boolean mcp() {
        McpTools mcp = s.run.mcp();
        if (mcp == null) {
            s.out.println("no MCP servers configured (settings key \"mcpServers\"; project servers need trust)");
            return true;
        }
        List<McpTools.Entry> catalog = mcp.catalog(ToolRegistry.standard(s.json).specifications().size());
        for (McpServer m : mcp.servers()) {
            McpServer.Config c = m.config();
            s.out.println(TerminalText.oneLine(c.name() + "  " + (c.url() != null ? c.url() : String.join(" ", c.command()))) + "  " + state(m));
            for (McpTools.Entry e : catalog) {
                if (e.server() == m) {
                    String d = e.info().description() == null ? "" : e.info().description().replaceAll("\\s+", " ").strip();
                    s.out.println("    " + TerminalText.oneLine(e.wireName() + (d.isEmpty() ? "" : "  " + ProgressPrinter.preview(d))));
                }
            }
        }
        return true;
    }

    private boolean resume(String arg) throws IOException {
        String id = arg;
        if (id.isEmpty()) {
            List<StoredSession> answered = sessions().stream().filter(st -> st.completionTokens() > 0
                    && !st.id().equals(s.run.sessionId())).limit(RESUME_CHOICES).toList();
            if (answered.isEmpty()) {
                s.out.println("no earlier session with an answer in this directory");
                return true;
            }
            int picked = Picker.choose(s.reader, s.out, "resume which session?", answered.stream().map(SessionCommands::line).toList(), -1);
            if (picked < 0) {
                return true;
            }
            id = answered.get(picked).id();
        }
        try {
            s.open(id);
            recap(s);
        } catch (ConfigException e) {
            s.out.println(e.getMessage());
        }
        return true;
    }

    /** The sessions of this directory, newest first. */
    private List<StoredSession> sessions() throws IOException {
        SessionFiles files = new SessionFiles(s.json);
        List<StoredSession> all = new ArrayList<>();
        for (Path p : files.list(new SessionPaths(s.settings.fathomHome(), s.settings.workspace()).projectDir())) {
            all.add(files.read(p));
        }
        all.sort((a, b) -> b.lastActivity().compareTo(a.lastActivity()));
        return all;
    }

    /** One session in a list: when, what it cost, and its first prompt. */
    static String line(StoredSession st) {
        String first = st.firstPrompt() == null ? "(no prompt)" : st.firstPrompt().replaceAll("\\s+", " ").strip();
        return String.format(Locale.ROOT, "%s  %s  $%.4f  %s", TIME.format(st.lastActivity()), st.id(), st.costUsd(),
                TerminalText.oneLine(first.length() > 50 ? first.substring(0, 50) + "\u2026" : first));
    }

    /** Says which session was resumed and where it had got to: its last prompt and the start of the last answer. */
    static void recap(InteractiveSession s) {
        List<ChatMessage> messages = s.run.agent().messages();
        s.out.println("resumed " + s.run.sessionId() + " (" + messages.size() + " messages)");
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i) instanceof UserMessage u && u.hasSingleText()) {
                s.out.println("  last prompt: " + ProgressPrinter.preview(u.singleText()));
                break;
            }
        }
        if (!messages.isEmpty() && messages.get(messages.size() - 1) instanceof AiMessage a && a.text() != null) {
            s.out.println("  last answer: " + ProgressPrinter.preview(a.text()));
        }
    }

    /** The line shown on leaving: how to come back to this session; null when it never got an answer. */
    static String resumeHint(InteractiveSession s) {
        if (s.run == null || s.run.agent().messages().stream().noneMatch(m -> m instanceof AiMessage)) {
            return null;
        }
        return "to continue this session: fathom resume " + s.run.sessionId();
    }
}
