package dev.fathom.cli;

import dev.fathom.config.CustomCommands;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jline.reader.Candidate;

/**
 * The assistant's slash commands, in the order {@code /help} lists them. Each is registered once with its help line
 * and completions, so the list, the completion and the dispatch cannot disagree. The user's own commands (Markdown
 * files, see {@link CustomCommands}) come after the built-in ones; a built-in name wins.
 */
final class SlashCommands {
    private final Map<String, SlashCommand> commands = new LinkedHashMap<>();
    private final Map<String, String> aliases = new LinkedHashMap<>();

    void add(String name, String argument, String help, List<String> choices, SlashCommand.Handler handler) {
        commands.put(name, new SlashCommand(name, argument, help, List.copyOf(choices), handler));
    }

    void add(String name, String argument, String help, SlashCommand.Handler handler) {
        add(name, argument, help, List.of(), handler);
    }

    void alias(String alias, String name) {
        aliases.put(alias, name);
    }

    /** The command by name (an alias leads to its command), or null. */
    SlashCommand find(String name) {
        return commands.get(aliases.getOrDefault(name, name));
    }

    List<SlashCommand> all() {
        return new ArrayList<>(commands.values());
    }

    /** What {@code /help} prints: the built-in commands, then the user's own. */
    List<String> helpLines(Path fathomHome, Path workspace) {
        List<String> lines = new ArrayList<>();
        commands.values().forEach(c -> lines.add(c.helpLine()));
        CustomCommands.load(fathomHome, workspace).forEach((n, c) -> {
            if (!commands.containsKey("/" + n)) {
                lines.add(String.format("  %-22s %s", "/" + n, c.description()));
            }
        });
        return lines;
    }

    /** Completions for the first word (a command) or, after a command with choices, its argument. */
    void complete(List<String> words, int wordIndex, List<Candidate> candidates, Path fathomHome, Path workspace) {
        if (wordIndex == 0) {
            commands.values().forEach(c -> candidates.add(new Candidate(c.name(), c.name(), null, c.help(), null, null, true)));
            CustomCommands.load(fathomHome, workspace).forEach((n, c) ->
                    candidates.add(new Candidate("/" + n, "/" + n, null, c.description(), null, null, true)));
        } else if (wordIndex == 1 && !words.isEmpty()) {
            SlashCommand c = find(words.get(0));
            if (c != null) {
                c.choices().forEach(v -> candidates.add(new Candidate(v, v, null, null, null, null, true)));
            }
        }
    }

    /**
     * Runs a line that starts with '/': a built-in command, else a custom one (its expanded text is sent as a prompt
     * through {@code prompt}); false to leave.
     */
    boolean run(String line, Path fathomHome, Path workspace, PromptSender prompt, java.io.PrintWriter out) throws IOException {
        String[] parts = line.split("\\s+", 2);
        String arg = parts.length > 1 ? parts[1].strip() : "";
        SlashCommand c = find(parts[0]);
        if (c != null) {
            return c.handler().run(arg);
        }
        CustomCommands.Command custom = CustomCommands.load(fathomHome, workspace).get(parts[0].substring(1));
        if (custom == null) {
            out.println("unknown command " + dev.fathom.ui.TerminalText.oneLine(parts[0]) + "; /help lists them");
        } else {
            prompt.send(custom.expand(arg));
        }
        return true;
    }

    /** Sends a prompt as a turn. */
    @FunctionalInterface
    interface PromptSender {
        void send(String prompt) throws IOException;
    }
}
