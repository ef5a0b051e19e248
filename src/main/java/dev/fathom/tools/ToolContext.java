package dev.fathom.tools;

import dev.fathom.safety.WorkspaceGuard;
import java.nio.file.Path;
import java.util.Map;

/**
 * What tools may use during one session: the workspace guard, the record of which files the model has seen, the
 * environment for child processes, a folder for outputs too large to return whole, the plan and the background jobs.
 */
public record ToolContext(WorkspaceGuard guard, FileStamps stamps, Map<String, String> childEnvironment, Path outputDir, Plan plan,
        Jobs jobs) {

    /** A fresh session context: nothing read yet, no plan, no jobs. */
    public static ToolContext create(WorkspaceGuard guard, Map<String, String> childEnvironment, Path outputDir) {
        return new ToolContext(guard, new FileStamps(), childEnvironment, outputDir, new Plan(), new Jobs());
    }

    public Path workspace() {
        return guard.root();
    }
}
