package dev.fathom.tools;

/**
 * Where a running tool says how far it has come (an MCP server's progress notifications), on the thread that runs the
 * call. {@code total} and {@code message} are null when not known.
 */
@FunctionalInterface
public interface ToolProgress {
    ToolProgress NONE = (progress, total, message) -> {
    };

    void report(double progress, Double total, String message);
}
