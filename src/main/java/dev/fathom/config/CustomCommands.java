package dev.fathom.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Saved prompts: each Markdown file in {@code $FATHOM_HOME/commands/} and in {@code .fathom/commands/} of every folder
 * from the repository root down to the working directory is a command named after the file ({@code review.md} is
 * {@code review}); the project's win over the user's, the nearer folder's over the outer one's.
 * {@code $ARGUMENTS} in the text is replaced by what follows the command; an optional front matter may give a
 * {@code description}, and nothing else is read from it: a project's command is only a prompt, so it needs no trust
 * (a key that could choose tools, a model or an endpoint would have to go through {@link ProjectTrust}).
 */
public final class CustomCommands {

    /** One command: where it comes from, its one-line description (may be empty) and its prompt template. */
    public record Command(String name, Path file, String description, String template) {

        /** The prompt for these arguments. */
        public String expand(String arguments) {
            String args = arguments == null ? "" : arguments.strip();
            if (template.contains("$ARGUMENTS")) {
                return template.replace("$ARGUMENTS", args);
            }
            return args.isEmpty() ? template : template + "\n\n" + args;
        }
    }

    private CustomCommands() {
    }

    /** All commands visible from {@code workspace}, by name. Unreadable files are skipped. */
    public static Map<String, Command> load(Path fathomHome, Path workspace) {
        Map<String, Command> out = new TreeMap<>();
        read(fathomHome.resolve("commands"), out);
        for (Path folder : ProjectTrust.folders(workspace)) {
            read(folder.resolve(".fathom").resolve("commands"), out);
        }
        return out;
    }

    private static void read(Path dir, Map<String, Command> out) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().toList()) {
                String name = f.getFileName().toString().replaceAll("\\.md$", "");
                try {
                    out.put(name, parse(name, f, Files.readString(f, StandardCharsets.UTF_8)));
                } catch (IOException unreadable) {
                    // listed nowhere: a command that cannot be read does not exist
                }
            }
        } catch (IOException e) {
            // no commands from this folder
        }
    }

    static Command parse(String name, Path file, String text) {
        String description = "";
        String body = text;
        if (text.startsWith("---\n")) {
            int end = text.indexOf("\n---", 4);
            if (end > 0) {
                for (String line : text.substring(4, end).split("\n")) {
                    if (line.startsWith("description:")) {
                        description = line.substring("description:".length()).strip();
                    }
                }
                int after = text.indexOf('\n', end + 4);
                body = after < 0 ? "" : text.substring(after + 1);
            }
        }
        return new Command(name, file, description, body.strip());
    }
}
