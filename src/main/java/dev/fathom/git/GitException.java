package dev.fathom.git;

/** A git operation that could not be done; the message is for the model or the user as it stands. */
public final class GitException extends Exception {
    public GitException(String message) {
        super(message);
    }

    /** With the JGit failure behind it, so a caller can tell a refused filter from other causes. */
    public GitException(String message, Throwable cause) {
        super(message, cause);
    }
}
