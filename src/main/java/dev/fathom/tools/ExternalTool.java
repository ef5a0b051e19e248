package dev.fathom.tools;

import java.util.List;

import dev.langchain4j.agent.tool.ToolSpecification;

/**
 * A tool that comes from outside Fathom (an MCP server): its specification is given at run time and its arguments
 * arrive as the raw JSON the model wrote.
 */
public interface ExternalTool {

    ToolSpecification specification();

    /** Whether the approval policy treats it as a change (everything not declared read-only). */
    boolean mutates();

    ToolResult run(String arguments, ToolContext context) throws ToolException, InterruptedException;

    /** Runs it, telling {@code progress} how far it has come when the tool can say. */
    default ToolResult run(String arguments, ToolContext context, ToolProgress progress) throws ToolException, InterruptedException {
        return run(arguments, context);
    }

    /** What a call does for the approval policy: a read when the server's tool is declared read-only, else asked. */
    default dev.fathom.safety.ApprovalPolicy.Action action() {
        return new dev.fathom.safety.ApprovalPolicy.Action(specification().name(),
                mutates() ? dev.fathom.safety.ApprovalPolicy.Kind.OTHER : dev.fathom.safety.ApprovalPolicy.Kind.READ, List.of());
    }
}
