package dev.fathom.tools;

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
}
