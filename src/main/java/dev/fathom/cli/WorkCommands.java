package dev.fathom.cli;

import dev.fathom.context.ContextBreakdown;
import dev.fathom.git.GitException;
import dev.fathom.git.GitRepo;
import dev.fathom.loop.Prompts;
import dev.fathom.loop.UsageTotals;
import dev.fathom.ui.TerminalText;
import java.io.IOException;
import java.util.Locale;

/** The assistant's commands about the work: the context, cost, the repository's changes, undo, /init and /review. */
final class WorkCommands {
    private static final String RED = "\u001b[31m";
    private static final String GREEN = "\u001b[32m";
    private static final String CYAN = "\u001b[36m";
    private static final String RESET = "\u001b[0m";

    private final InteractiveSession s;

    private WorkCommands(InteractiveSession session) {
        this.s = session;
    }

    static void register(InteractiveSession session, SlashCommands r) {
        WorkCommands c = new WorkCommands(session);
        r.add("/compact", "[FOCUS]", "compact the conversation now", a -> c.compact(a));
        r.add("/context", "", "where the context window goes", a -> c.context());
        r.add("/cost", "", "tokens and cost of this session", a -> c.cost());
        r.add("/undo", "", "restore the files as they were before the last turn that changed them", a -> c.undo());
        r.add("/diff", "", "uncommitted changes in the repository", a -> c.diff());
        r.add("/expand", "", "show the last folded tool output", a -> {
            session.out.println(session.ui.lastFolded() == null ? "nothing folded" : session.ui.lastFolded());
            return true;
        });
        r.add("/init", "", "explore the project and draft AGENTS.md (you approve the write)", a -> {
            session.turn(Prompts.load("init") + (a.isEmpty() ? "" : "\n\nThe user adds: " + a));
            return true;
        });
        r.add("/review", "[BRANCH]", "review the uncommitted changes, or BRANCH against this one", a -> {
            String target = a.isEmpty() ? "the uncommitted changes in the working tree and the index (git diff, git diff --staged)"
                    : "the commits of the branch `" + a.replace("`", "") + "` that the current branch does not have"
                    + " (git diff HEAD...<branch>)";
            session.turn(Prompts.load("review").replace("{target}", target));
            return true;
        });
    }

    /** Compacts, and says what it changed (a summary that would be no smaller is not kept). */
    private boolean compact(String focus) {
        int before = s.run.agent().conversation().breakdown().total();
        s.run.agent().compact(focus.isEmpty() ? null : focus, true, "requested by the user");
        int after = s.run.agent().conversation().breakdown().total();
        s.out.println(after < before ? String.format(Locale.ROOT, "compacted: %,d \u2192 %,d tokens", before, after)
                : String.format(Locale.ROOT, "nothing to gain: the conversation is %,d tokens and stays as it was", after));
        return true;
    }

    private boolean context() {
        ContextBreakdown b = s.run.agent().conversation().breakdown();
        s.out.printf(Locale.ROOT, "%,d of %,d tokens (%.1f%%)%n  system %,d \u00b7 tools %,d \u00b7 instructions %,d \u00b7 summary %,d"
                + " \u00b7 conversation %,d \u00b7 tool outputs %,d%n", b.total(), b.window(), 100.0 * b.total() / b.window(), b.system(),
                b.tools(), b.instructions(), b.summary(), b.history(), b.toolOutputs());
        return true;
    }

    private boolean cost() {
        UsageTotals.Usage u = s.run.agent().usage();
        Double usd = s.run.agent().costUsd();
        s.out.printf(Locale.ROOT, "%,d prompt tokens (%,d from cache), %,d output tokens (%,d reasoning): %s%n", u.promptTokens(),
                u.cacheHitTokens(), u.completionTokens(), u.reasoningTokens(),
                usd == null ? "cost unknown (no prices for this endpoint)" : String.format(Locale.ROOT, "$%.4f", usd));
        s.out.print(s.run.agent().costs().describe());
        return true;
    }

    /** The same flow as {@code fathom undo}: one turn back, asking first when the user changed the files since. */
    private boolean undo() throws IOException {
        UndoCommand undo = new UndoCommand();
        undo.root = s.root;
        undo.cd = s.settings.workspace();
        undo.asker = new UndoCommand.Asker() {
            @Override
            public void tell(String line) {
                s.out.println(line);
            }

            @Override
            public boolean canAsk() {
                return s.reader != null;
            }

            @Override
            public String ask(String question) {
                Object history = s.reader.getVariable(org.jline.reader.LineReader.DISABLE_HISTORY);
                s.reader.setVariable(org.jline.reader.LineReader.DISABLE_HISTORY, true); // a y/N answer is no prompt to recall
                try {
                    return s.reader.readLine(question);
                } catch (org.jline.reader.UserInterruptException | org.jline.reader.EndOfFileException e) {
                    return null;
                } finally {
                    s.reader.setVariable(org.jline.reader.LineReader.DISABLE_HISTORY, history == null ? false : history);
                }
            }
        };
        s.out.flush();
        undo.call();
        return true;
    }

    private boolean diff() {
        try (GitRepo repo = GitRepo.open(s.settings.workspace(), s.root.launch.env())) {
            String d = repo.diff(null, false, null);
            for (String l : (d.isEmpty() ? "no unstaged changes" : TerminalText.escape(d)).split("\n")) {
                String code = !s.color ? null : l.startsWith("+") ? GREEN : l.startsWith("-") ? RED : l.startsWith("@@") ? CYAN : null;
                s.out.println(code == null ? l : code + l + RESET);
            }
            repo.status().getUntracked().forEach(f -> s.out.println("?? " + TerminalText.oneLine(f)));
        } catch (GitException e) {
            s.out.println(e.getMessage());
        }
        return true;
    }
}
