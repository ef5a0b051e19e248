package dev.fathom.tools;

import dev.fathom.safety.Sandbox;
import dev.fathom.safety.SecretRedactor;
import dev.fathom.safety.WorkspaceGuard;
import java.nio.file.Path;
import java.util.Map;

/**
 * What tools may use during one session: the workspace guard, the record of which files the model has seen, the
 * environment for child processes, a folder for outputs too large to return whole, the plan and the background jobs.
 */
public record ToolContext(WorkspaceGuard guard, FileStamps stamps, Map<String, String> childEnvironment, Path outputDir, Plan plan,
        Jobs jobs, Sandbox sandbox, SecretRedactor redactor, Checkpointing checkpointing) {

    /** A fresh session context without a sandbox or redaction (tests, tools that need neither). */
    public static ToolContext create(WorkspaceGuard guard, Map<String, String> childEnvironment, Path outputDir) {
        return create(guard, childEnvironment, outputDir, null, SecretRedactor.none(), Checkpointing.none());
    }

    /** A fresh session context: nothing read yet, no plan, no jobs; commands in {@code sandbox} when not null. */
    public static ToolContext create(WorkspaceGuard guard, Map<String, String> childEnvironment, Path outputDir, Sandbox sandbox,
            SecretRedactor redactor, Checkpointing checkpointing) {
        return new ToolContext(guard, new FileStamps(), childEnvironment, outputDir, new Plan(), new Jobs(sandbox), sandbox, redactor,
                checkpointing);
    }

    public Path workspace() {
        return guard.root();
    }
}
