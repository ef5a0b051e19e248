package dev.fathom.cli;

import dev.fathom.config.DidYouMean;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code fathom help [COMMAND]}: the usage of fathom or of one command, as {@code --help} prints it. */
@Command(name = "help", description = "Show the usage of fathom, or of COMMAND.")
public final class HelpCommand implements Callable<Integer> {
    @ParentCommand
    FathomCommand root;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "COMMAND", description = "The command to describe.")
    String command;

    @Override
    public Integer call() {
        CommandLine fathom = spec.parent().commandLine();
        if (command == null) {
            fathom.usage(root.launch.out());
            return ExitCodes.OK;
        }
        CommandLine sub = fathom.getSubcommands().get(command);
        if (sub == null) {
            root.launch.err().println("fathom: no command '" + command + "'" + DidYouMean.hint(command, Main.commandNames())
                    + " (commands: " + String.join(", ", Main.commandNames()) + ")");
            return ExitCodes.USAGE;
        }
        sub.usage(root.launch.out());
        return ExitCodes.OK;
    }
}
