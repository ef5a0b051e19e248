package dev.fathom.cli;

import dev.fathom.git.Checkpoints;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code fathom undo [N]}: put the working tree back as it was before the last N turns that changed it. */
@Command(name = "undo", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Restore the working tree to before the last N changing turns (default 1), from Fathom's checkpoints.")
public final class UndoCommand implements Callable<Integer> {

    @ParentCommand
    FathomCommand root;

    @Parameters(index = "0", arity = "0..1", paramLabel = "N", description = "How many turns back. Default 1.")
    int turns = 1;

    @Option(names = "--cd", paramLabel = "DIR", description = "Work in DIR instead of the current directory.")
    Path cd;

    @Option(names = {"-y", "--yes"}, description = "Do not ask, even if files were changed after Fathom's last change.")
    boolean yes;

    /**
     * Who is told about the user's own changes and asked whether to overwrite them. The assistant sets its own (its
     * terminal and line reader): reading standard input beside JLine's reader would race it for the answer.
     */
    interface Asker {
        void tell(String line);

        boolean canAsk();

        /** The answer, or null when none came (end of input, Ctrl-C). */
        String ask(String question) throws IOException;
    }

    /** Set by the assistant; null for the command line, which asks on standard error and input when they are a console. */
    Asker asker;

    @Override
    public Integer call() throws IOException {
        Launch launch = root.launch;
        Path dir = cd == null ? launch.startDir() : launch.startDir().resolve(cd);
        Checkpoints checkpoints = Checkpoints.forWorkspace(dir, launch.env());
        if (checkpoints == null) {
            launch.err().println("fathom: not a git repository, so there are no checkpoints to undo to.");
            return ExitCodes.USAGE;
        }
        if (checkpoints.unavailable() != null) {
            launch.err().println("fathom: no checkpoints to undo to here: " + checkpoints.unavailable() + ".");
            return ExitCodes.USAGE;
        }
        List<Checkpoints.Info> all = checkpoints.list();
        if (turns < 1 || turns > all.size()) {
            launch.err().println("fathom: there " + (all.size() == 1 ? "is 1 checkpoint" : "are " + all.size() + " checkpoints")
                    + "; N must be between 1 and " + all.size() + " (see fathom checkpoints).");
            return ExitCodes.USAGE;
        }
        Checkpoints.Info target = all.get(all.size() - turns);
        Checkpoints.Plan plan = checkpoints.plan(target.number());
        if (plan.restore().isEmpty() && plan.delete().isEmpty()) {
            launch.out().println("Nothing to undo: the working tree already matches checkpoint " + target.number() + ".");
            return ExitCodes.OK;
        }
        if (!plan.changedSince().isEmpty() && !yes) {
            Asker ask = asker != null ? asker : consoleAsker(launch.err());
            warning(plan).forEach(ask::tell);
            if (!ask.canAsk()) {
                ask.tell("fathom: not undone. Run again with --yes to restore anyway.");
                return ExitCodes.FAILED;
            }
            String answer = ask.ask("Restore anyway? [y/N] ");
            if (answer == null || !answer.trim().toLowerCase().startsWith("y")) {
                ask.tell("fathom: not undone.");
                return ExitCodes.FAILED;
            }
            // The answer may have taken a while: plan again on the tree as it is now, and go on only if that plan
            // overwrites no change the user was not shown.
            List<String> shown = plan.changedSince();
            plan = checkpoints.plan(target.number());
            List<String> unseen = new java.util.ArrayList<>(plan.changedSince());
            unseen.removeAll(shown);
            if (!unseen.isEmpty()) {
                ask.tell("fathom: not undone: changed while you were answering: " + String.join(", ", unseen) + ". Run undo again.");
                return ExitCodes.FAILED;
            }
        }
        try {
            checkpoints.restore(plan); // not planned again: checks each path is still as planned just before changing it
        } catch (IOException e) {
            launch.err().println("fathom: " + e.getMessage());
            return ExitCodes.FAILED;
        }
        launch.out().println("Restored the working tree to checkpoint " + target.number() + " (" + target.label() + "): "
                + plan.restore().size() + " file(s) restored, " + plan.delete().size() + " removed.");
        plan.restore().forEach(f -> launch.out().println("  restored " + f));
        plan.delete().forEach(f -> launch.out().println("  removed  " + f));
        return ExitCodes.OK;
    }

    private static Asker consoleAsker(java.io.PrintStream err) {
        return new Asker() {
            @Override
            public void tell(String line) {
                err.println(line);
            }

            @Override
            public boolean canAsk() {
                return System.console() != null;
            }

            @Override
            public String ask(String question) throws IOException {
                err.print(question);
                err.flush();
                return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            }
        };
    }

    /**
     * The lines that tell the user which of their own changes an undo would overwrite (empty when none), for every undo
     * flow: this command and the interactive {@code /undo}.
     */
    public static List<String> warning(Checkpoints.Plan plan) {
        if (plan.changedSince().isEmpty()) {
            return List.of();
        }
        List<String> out = new java.util.ArrayList<>();
        if (plan.unfinished()) {
            out.add("Fathom's last run never finished (it was stopped mid-turn, e.g. killed), so Fathom cannot tell its own changes"
                    + " from yours. Undo would change these files, including any you edited or created since:");
        } else {
            out.add("These files were changed after Fathom's last change; undo would overwrite those changes too:");
        }
        plan.changedSince().forEach(f -> out.add("  " + f));
        return out;
    }
}
