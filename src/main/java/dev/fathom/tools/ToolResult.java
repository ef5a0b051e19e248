package dev.fathom.tools;

/**
 * What a tool call produced: the text the model reads, whether it is an error, and a short summary for front ends
 * (for example {@code "+3 −1"} or {@code "exit 0"}).
 */
public record ToolResult(String output, boolean error, String summary) {

    public static ToolResult ok(String output, String summary) {
        return new ToolResult(output, false, summary);
    }

    public static ToolResult error(String message) {
        return new ToolResult(message, true, "error");
    }
}
