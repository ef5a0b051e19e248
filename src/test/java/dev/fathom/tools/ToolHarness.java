package dev.fathom.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.safety.WorkspaceGuard;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import java.nio.file.Path;
import java.util.Map;

/** Runs tools the way the loop does (through the registry) inside a temporary workspace. */
final class ToolHarness {
    static final ObjectMapper JSON = new ObjectMapper();
    static final ToolRegistry REGISTRY = ToolRegistry.standard(JSON);

    final Path workspace;
    final ToolContext context;

    ToolHarness(Path workspace, Path outputs) {
        this.workspace = workspace;
        this.context = ToolContext.create(new WorkspaceGuard(workspace),
                Map.of("PATH", System.getenv("PATH"), "HOME", workspace.toString()), outputs);
    }

    ToolResult call(String tool, String arguments) {
        try {
            return REGISTRY.execute(ToolExecutionRequest.builder().id("call_1").name(tool).arguments(arguments).build(), context);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
