package dev.fathom.tools;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The workspace's files as git sees them (ignored files and .git left out), for completion in front ends. */
public final class WorkspaceFiles {
    private WorkspaceFiles() {
    }

    /** Up to {@code max} workspace-relative paths with forward slashes. */
    public static List<String> list(Path root, int max) {
        List<String> out = new ArrayList<>();
        try {
            WorkspaceWalker.walk(root, root, (file, attrs) -> {
                out.add(root.relativize(file).toString().replace('\\', '/'));
                return out.size() < max;
            });
        } catch (IOException e) {
            // completion is best effort
        }
        return out;
    }
}
