package dev.fathom.context;

/** Tokens by category (estimates, scaled to add up to the total), the total of the next request, and the window. */
public record ContextBreakdown(int system, int tools, int instructions, int history, int toolOutputs, int summary, int total,
        int window) {
}
