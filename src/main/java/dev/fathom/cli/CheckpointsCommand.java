package dev.fathom.cli;

import dev.fathom.git.Checkpoints;
import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code fathom checkpoints}: the snapshots undo can return to, newest first. */
@Command(name = "checkpoints", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "List the checkpoints taken before each turn that changed files, newest first.")
public final class CheckpointsCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    @ParentCommand
    FathomCommand root;

    @Option(names = "--cd", paramLabel = "DIR", description = "Work in DIR instead of the current directory.")
    Path cd;

    @Override
    public Integer call() throws IOException {
        Launch launch = root.launch;
        Checkpoints checkpoints = Checkpoints.forWorkspace(cd == null ? launch.startDir() : launch.startDir().resolve(cd), launch.env());
        if (checkpoints == null) {
            launch.err().println("fathom: not a git repository, so there are no checkpoints.");
            return ExitCodes.USAGE;
        }
        List<Checkpoints.Info> all = checkpoints.list();
        if (all.isEmpty()) {
            launch.err().println("No checkpoints yet: one is taken before the first change of each turn.");
            return ExitCodes.OK;
        }
        for (int i = all.size() - 1; i >= 0; i--) {
            Checkpoints.Info c = all.get(i);
            launch.out().printf("undo %-3d checkpoint %-4d %s  %s%n", all.size() - i, c.number(), TIME.format(c.time()), c.label());
        }
        return ExitCodes.OK;
    }
}
