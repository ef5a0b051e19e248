package dev.fathom.tools;

/** A failure the model can fix: the message goes back to it as the tool's result, word for word. */
public final class ToolException extends Exception {
    public ToolException(String message) {
        super(message);
    }
}
