package dev.fathom.cli;

import dev.fathom.config.DidYouMean;
import java.io.PrintStream;
import java.util.List;
import picocli.CommandLine;

/** A command line picocli cannot read: one line saying what is wrong, one saying where help is; never the whole usage. */
final class UsageErrors {
    private UsageErrors() {
    }

    static int report(CommandLine.ParameterException e, PrintStream err) {
        CommandLine command = e.getCommandLine();
        String hint = "";
        String message = e.getMessage();
        if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String first = u.getUnmatched().get(0);
            if (first.startsWith("-")) {
                String name = first.contains("=") ? first.substring(0, first.indexOf('=')) : first;
                message = "unknown option '" + name + "'"; // only the first: what follows it is often its value
                hint = DidYouMean.hint(name, command.getCommandSpec().optionsMap().keySet());
            } else if (command.getParent() == null || command.getCommandName().equals("exec")) {
                hint = "; a prompt of several words goes in quotes: " + command.getCommandSpec().qualifiedName() + " \"fix the failing test\"";
            }
        }
        err.println("fathom: " + message + hint);
        err.println("see `" + command.getCommandSpec().qualifiedName() + " --help`");
        return ExitCodes.USAGE;
    }

    /**
     * The rule for a root prompt that is one bare word (letters, digits, - and _): it is taken for a mistyped command,
     * not sent to the model. A prompt with a space or any other character is a prompt; {@code fathom -- WORD} or
     * {@code fathom exec WORD} sends a single word. Returns the message, or null when {@code prompt} is a prompt.
     */
    static String notACommand(String prompt, List<String> originalArgs) {
        if (prompt == null || !prompt.matches("[A-Za-z][A-Za-z0-9_-]*") || originalArgs.contains("--")) {
            return null;
        }
        String close = DidYouMean.closest(prompt, Main.commandNames());
        return "fathom: '" + prompt + "' is not a command"
                + (close != null ? "; did you mean 'fathom " + close + "'?" : " (commands: " + String.join(", ", Main.commandNames()) + ").")
                + " To send one word as a prompt: fathom -- " + prompt;
    }
}
