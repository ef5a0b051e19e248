package dev.fathom.safety;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
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

    /** Why a word may read outside the workspace (by {@code ..}, an absolute path, a link, or a glob), or null. */
    static String pathProblem(ShellSyntax.Word word, Path workspace) {
        String t = word.text();
        for (String part : t.split("[/=:,]")) {
            if (part.equals("..")) {
                return "'" + t + "' climbs out with ..";
            }
        }
        String absolute = t.startsWith("/") ? t : t.contains("=/") ? t.substring(t.indexOf("=/") + 1)
                : t.matches("-[A-Za-z]+/.*") ? t.substring(t.indexOf('/')) : null;
        if (absolute != null && !insideByName(absolute, workspace)) {
            return "'" + t + "' is outside the workspace";
        }
        if (word.glob()) {
            if ("*?[".indexOf(t.charAt(0)) >= 0 && entryStartsWithDash(workspace)) {
                return "'" + t + "' could expand to a file name that reads as an option";
            }
            if (Stream.of(t.split("/")).anyMatch(p -> p.startsWith(".") && CommandWords.hasGlob(p))) {
                return "'" + t + "' could expand to .. or hidden files";
            }
        }
        if (!t.startsWith("-") && !linkStaysInside(t, workspace)) {
            return "'" + t + "' leads out of the workspace through a link";
        }
        return null;
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
