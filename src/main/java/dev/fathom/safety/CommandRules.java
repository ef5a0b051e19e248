package dev.fathom.safety;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a shell command line is: read-only (it parses into plain words joined by {@code && || ; |}, and every command
 * is a vetted inspection program reading inside the workspace), or dangerous (it can destroy work or history that an
 * undo cannot restore, or run code fetched from the network). Anything else is neither, and the approval mode decides.
 */
public final class CommandRules {
    private CommandRules() {
    }

    /** Why a command is dangerous, or null. {@code rm -r} outside the workspace counts as dangerous. */
    public static String dangerReason(String command, Path workspace) {
        return DangerousCommands.reason(command, workspace);
    }

    /** Whether the command only reads, so it may run without asking. */
    public static boolean isReadOnly(String command, Path workspace) {
        return readOnlyProblem(command, workspace) == null;
    }

    /** Why the command is not auto-allowed as read-only (one short phrase), or null when it is. */
    public static String readOnlyProblem(String command, Path workspace) {
        ShellSyntax.Parsed parsed = ShellSyntax.strict(command);
        if (!parsed.ok()) {
            return "it has " + parsed.problem();
        }
        for (List<ShellSyntax.Word> words : parsed.commands()) {
            List<String> texts = words.stream().map(ShellSyntax.Word::text).toList();
            String problem = ReadOnlyCommands.problem(texts);
            if (problem == null) {
                problem = words.stream().skip(1).filter(w -> ReadOnlyCommands.mayBePath(texts.get(0), w.text()))
                        .map(w -> pathProblem(w, workspace)).filter(p -> p != null).findFirst().orElse(null);
            }
            if (problem != null) {
                return problem;
            }
        }
        return DangerousCommands.reason(command, workspace);
    }

    /**
     * Why a word may read outside the workspace (by {@code ..}, an absolute path, a link, or a glob), or null. An
     * option's value is a path too: {@code --file=F}, and a short option with the file glued to it ({@code -f../x}).
     */
    static String pathProblem(ShellSyntax.Word word, Path workspace) {
        String t = word.text();
        String problem = placeProblem(t, t, workspace);
        for (String value : attachedValues(t)) {
            if (problem == null) {
                problem = placeProblem(value, t, workspace);
            }
        }
        if (problem == null && word.glob()) {
            if ("*?[".indexOf(t.charAt(0)) >= 0 && entryStartsWithDash(workspace)) {
                return "'" + t + "' could expand to a file name that reads as an option";
            }
            if (Stream.of(t.split("/")).anyMatch(p -> p.startsWith(".") && CommandWords.hasGlob(p))) {
                return "'" + t + "' could expand to .. or hidden files";
            }
        }
        return problem;
    }

    /** Why {@code path} (the word {@code word} or a value in it) leads out: by {@code ..}, by name, or through a link. */
    private static String placeProblem(String path, String word, Path workspace) {
        for (String part : path.split("[/=:,]")) {
            if (part.equals("..")) {
                return "'" + word + "' climbs out with ..";
            }
        }
        String absolute = path.startsWith("/") ? path : path.contains("=/") ? path.substring(path.indexOf("=/") + 1) : null;
        if (absolute != null && !insideByName(absolute, workspace)) {
            return "'" + word + "' is outside the workspace";
        }
        if (!path.startsWith("-") && !linkStaysInside(path, workspace)) {
            return "'" + word + "' leads out of the workspace through a link";
        }
        return null;
    }

    /**
     * The values an option word may carry: after the {@code =} of a long option, or any tail of a short-option
     * cluster that follows an option letter, since which letter takes a value glued to it ({@code grep -rnf../x})
     * differs from program to program. Past the first character that is not a letter or digit, it is all one value.
     */
    static List<String> attachedValues(String word) {
        if (word.startsWith("--")) {
            int eq = word.indexOf('=');
            return eq < 0 ? List.of() : List.of(word.substring(eq + 1));
        }
        if (!word.startsWith("-")) {
            return List.of();
        }
        List<String> tails = new ArrayList<>();
        for (int k = 2; k < word.length() && Character.isLetterOrDigit(word.charAt(k - 1)); k++) {
            tails.add(word.substring(k));
        }
        return tails;
    }

    private static boolean insideByName(String absolute, Path workspace) {
        try {
            return Path.of(absolute).normalize().startsWith(workspace);
        } catch (InvalidPathException e) {
            return false;
        }
    }

    private static boolean entryStartsWithDash(Path workspace) {
        try (Stream<Path> entries = Files.list(workspace)) {
            return entries.anyMatch(p -> p.getFileName().toString().startsWith("-"));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The longest existing part of the path (up to any glob) must really lie inside the workspace. */
    private static boolean linkStaysInside(String text, Path workspace) {
        try {
            int glob = text.replaceAll("[*?\\[].*", "").length();
            Path p = workspace.resolve(text.substring(0, glob)).normalize();
            while (p != null && p.startsWith(workspace) && !p.equals(workspace) && !Files.exists(p)) {
                p = p.getParent();
            }
            if (p == null || !p.startsWith(workspace) || p.equals(workspace) || !Files.exists(workspace)) {
                return true;
            }
            return p.toRealPath().startsWith(workspace.toRealPath());
        } catch (IOException | InvalidPathException e) {
            return true;
        }
    }
}
