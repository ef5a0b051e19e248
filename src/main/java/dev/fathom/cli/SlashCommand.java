package dev.fathom.cli;

import java.io.IOException;
import java.util.List;

/**
 * One command of the assistant: its name, what its argument looks like, its line in {@code /help}, the values its
 * argument completes to, and what it does.
 */
record SlashCommand(String name, String argument, String help, List<String> choices, Handler handler) {

    /** Runs the command with its argument ("" when none); false to leave the assistant. */
    @FunctionalInterface
    interface Handler {
        boolean run(String argument) throws IOException;
    }

    /** The command's {@code /help} line. */
    String helpLine() {
        String usage = name + (argument.isEmpty() ? "" : " " + argument);
        return String.format("  %-22s %s", usage, help);
    }
}
