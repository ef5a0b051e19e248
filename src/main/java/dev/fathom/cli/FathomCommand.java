package dev.fathom.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** The root command: {@code fathom [PROMPT]} and the subcommands. */
@Command(name = "fathom", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "An agentic coding harness for DeepSeek V4.",
        subcommands = {ExecCommand.class, FixCommand.class, ResumeCommand.class, SessionsCommand.class, DoctorCommand.class, UndoCommand.class, CheckpointsCommand.class, TrainCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done", "1:the task did not succeed", "2:usage or configuration error",
            "3:endpoint error (auth, balance, unreachable after retries)", "4:a limit was hit (turns, cost, time)",
            "130:interrupted"})
public final class FathomCommand implements Callable<Integer> {
    final Launch launch;

    @Mixin
    GlobalOptions global;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(arity = "0..1", paramLabel = "PROMPT", description = "Start the interactive assistant with this prompt.")
    String prompt;

    public FathomCommand(Launch launch) {
        this.launch = launch;
    }

    @Override
    public Integer call() {
        launch.err().println("fathom: the interactive assistant is not available in this build yet; use: fathom exec \"PROMPT\"");
        spec.commandLine().usage(launch.err());
        return ExitCodes.USAGE;
    }
}
