package dev.fathom.context;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The project's instructions for agents: AGENTS.md and FATHOM.md in every folder from the repository root down to the
 * working directory (outer first, so the nearest file has the last word), joined under a size cap.
 */
public final class ProjectInstructions {
    public static final int MAX_CHARS = 40_000;
    private static final String[] NAMES = {"AGENTS.md", "FATHOM.md"};

    private ProjectInstructions() {
    }

    /** The joined instructions, or null when there are none. */
    public static String load(Path workspace) {
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
        for (Path folder : folders) {
            for (String name : NAMES) {
                Path f = folder.resolve(name);
                if (!Files.isRegularFile(f)) {
                    continue;
                }
                try {
                    String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8).strip();
                    out.append("## ").append(root.relativize(f).toString().replace('\\', '/')).append("\n\n").append(text).append("\n\n");
                } catch (IOException e) {
                    out.append("## ").append(f.getFileName()).append("\n\n(could not be read: ").append(e.getMessage()).append(")\n\n");
                }
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
}
