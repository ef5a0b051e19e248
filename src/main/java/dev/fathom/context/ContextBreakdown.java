package dev.fathom.context;

/** Estimated tokens by category, the total of the next request, and the window. */
public record ContextBreakdown(int system, int tools, int instructions, int history, int toolOutputs, int summary, int total,
        int window) {
}
