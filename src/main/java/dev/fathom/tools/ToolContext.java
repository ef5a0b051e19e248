package dev.fathom.tools;

import dev.fathom.safety.WorkspaceGuard;
import java.nio.file.Path;
import java.util.Map;

/**
 * What tools may use: the workspace guard, the record of which files the model has seen, the environment for child
 * processes and a folder for outputs too large to return whole.
 */
public record ToolContext(WorkspaceGuard guard, FileStamps stamps, Map<String, String> childEnvironment, Path outputDir) {

    public Path workspace() {
        return guard.root();
    }
}
