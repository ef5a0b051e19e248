package dev.fathom.cli;

import dev.fathom.loop.AgentResult;

/** The documented exit codes (README, DESIGN section 9). */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int ENDPOINT = 3;
    public static final int LIMIT = 4;
    /** exec's final answer does not validate against --output-schema (after one request to fix it). */
    public static final int SCHEMA = 5;
    public static final int INTERRUPTED = 130;

    private ExitCodes() {
    }

    public static int of(AgentResult result) {
        return switch (result.status()) {
            case DONE -> OK;
            case LIMIT -> LIMIT;
            case ERROR -> ENDPOINT;
            case INTERRUPTED -> INTERRUPTED;
            case BLOCKED -> FAILED;
        };
    }
}
