package dev.fathom.context;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The instructions for agents: the user's own {@code AGENTS.md} in Fathom's home (for every project) first, then the
 * project's AGENTS.md (or CLAUDE.md where a folder has no AGENTS.md: many repositories have only that) and FATHOM.md in
 * every folder from the repository root down to the working directory (outer first, so the nearest file has the last
 * word), joined under a size cap. A project file that is a link to somewhere outside the repository is not read.
 */
public final class ProjectInstructions {
    public static final int MAX_CHARS = 40_000;
    private static final String[] NAMES = {"AGENTS.md", "FATHOM.md"};
    /** Read in a folder that has no AGENTS.md. */
    private static final String FALLBACK = "CLAUDE.md";

    private ProjectInstructions() {
    }

    /** The project's joined instructions, or null when there are none. */
    public static String load(Path workspace) {
        return load(workspace, null);
    }

    /** The user's instructions from {@code fathomHome} (null: none) and the project's, joined; null when there are none. */
    public static String load(Path workspace, Path fathomHome) {
        Path dir = workspace.toAbsolutePath().normalize();
        Path root = dir;
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve(".git"))) {
                root = p;
                break;
            }
        }
        List<Path> folders = new ArrayList<>();
        for (Path p = dir; p != null && p.startsWith(root); p = p.getParent()) {
            folders.add(0, p);
        }
        StringBuilder out = new StringBuilder();
        if (fathomHome != null && Files.isRegularFile(fathomHome.resolve("AGENTS.md"))) {
            append(out, "~/.fathom/AGENTS.md (the user's instructions for every project)", fathomHome.resolve("AGENTS.md"));
        }
        for (Path folder : folders) {
            for (String name : NAMES) {
                Path f = folder.resolve(name);
                if (name.equals("AGENTS.md") && !Files.exists(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    f = folder.resolve(FALLBACK);
                }
                if (!Files.isRegularFile(f) || !insideRoot(f, root)) {
                    continue;
                }
                append(out, root.relativize(f).toString().replace('\\', '/'), f);
            }
        }
        if (out.length() == 0) {
            return null;
        }
        String all = out.toString().strip();
        if (all.length() > MAX_CHARS) {
            all = all.substring(0, MAX_CHARS) + "\n\n[... instructions cut at " + MAX_CHARS + " characters]";
        }
        return all;
    }

    private static void append(StringBuilder out, String title, Path f) {
        try {
            String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8).strip();
            out.append("## ").append(title).append("\n\n").append(text).append("\n\n");
        } catch (IOException e) {
            out.append("## ").append(title).append("\n\n(could not be read: ").append(e.getMessage()).append(")\n\n");
        }
    }

    /** Whether the file, links followed, is inside the repository (a link to ~/.ssh is not project content). */
    private static boolean insideRoot(Path f, Path root) {
        try {
            return f.toRealPath().startsWith(root.toRealPath());
        } catch (IOException e) {
            return false;
        }
    }
}
