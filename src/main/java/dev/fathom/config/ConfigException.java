package dev.fathom.config;

/** A configuration the user must fix (exit code 2); the message says what and where. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
