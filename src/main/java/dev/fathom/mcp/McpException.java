package dev.fathom.mcp;

/** A server that failed, hung, or answered with an error; the message says which and why. */
public final class McpException extends Exception {
    public McpException(String message) {
        super(message);
    }
}
