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

    @Override
    public Integer call() throws IOException {
        Launch launch = root.launch;
        Path dir = cd == null ? launch.startDir() : launch.startDir().resolve(cd);
        Checkpoints checkpoints = Checkpoints.forWorkspace(dir, launch.env());
        if (checkpoints == null) {
            launch.err().println("fathom: not a git repository, so there are no checkpoints to undo to.");
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
            warning(plan).forEach(launch.err()::println);
            if (System.console() == null) {
                launch.err().println("fathom: not undone. Run again with --yes to restore anyway.");
                return ExitCodes.FAILED;
            }
            launch.err().print("Restore anyway? [y/N] ");
            launch.err().flush();
            String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (answer == null || !answer.trim().toLowerCase().startsWith("y")) {
                launch.err().println("fathom: not undone.");
                return ExitCodes.FAILED;
            }
        }
        try {
            checkpoints.restore(target.number());
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
