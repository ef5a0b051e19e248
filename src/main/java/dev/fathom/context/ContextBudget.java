package dev.fathom.context;

/**
 * How much of a model's window a conversation may use: output is reserved (the smallest of the model's output cap,
 * a fifth of the window and 32,768 tokens), the rest is usable, and compaction triggers at a percentage of it.
 */
public record ContextBudget(int window, int reservedOutput, int compactAtPercent, boolean autoCompact) {
    public static final int DEFAULT_COMPACT_AT_PERCENT = 85;
    public static final int MAX_RESERVED_OUTPUT_TOKENS = 32_768;

    public static ContextBudget of(int window, int maxOutput, Integer compactAtPercent, boolean autoCompact) {
        int reserved = Math.min(Math.min(maxOutput, window / 5), MAX_RESERVED_OUTPUT_TOKENS);
        return new ContextBudget(window, reserved, compactAtPercent == null ? DEFAULT_COMPACT_AT_PERCENT : compactAtPercent, autoCompact);
    }

    public int usable() {
        return window - reservedOutput;
    }

    public int triggerTokens() {
        return (int) ((long) usable() * compactAtPercent / 100);
    }

    /** Where a compaction aims to land, so that the next one is not due at once. */
    public int targetTokens() {
        return (int) ((long) usable() * 6 / 10); // in long: the product passes the int range above ~358M tokens
    }

    /** Recent tool outputs that pruning never clears. */
    public int protectedRecentTokens() {
        return Math.min(40_000, usable() / 4);
    }

    /** Room for the user's own messages, kept verbatim through a compaction. */
    public int userMessagesTokens() {
        return Math.min(20_000, usable() / 8);
    }

    /** Room for the most recent turns, kept verbatim through a compaction. */
    public int recentTurnsTokens() {
        return Math.min(60_000, usable() / 5);
    }
}
