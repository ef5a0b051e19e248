package dev.fathom.fix;

import dev.fathom.loop.Prompts;

/** The prompts of a fix run ({@code prompts/fix.md} and {@code prompts/fix-retry.md}) filled in for one attempt. */
public final class FixPrompts {
    private final String command;
    private final int maxAttempts;

    public FixPrompts(String command, int maxAttempts) {
        this.command = command;
        this.maxAttempts = maxAttempts;
    }

    public String first(String failure, CheckRunner.Result run) {
        return fill(Prompts.load("fix"), failure, run, 1);
    }

    public String retry(String failure, CheckRunner.Result run, int attempt) {
        return fill(Prompts.load("fix-retry"), failure, run, attempt);
    }

    /** How the run ended, in the prompt's words: a timeout is named as one, never shown as an exit code. */
    static String outcome(CheckRunner.Result run) {
        return run.timedOut() ? "It " + run.describe() + " (the check timeout) and was stopped, so it has no exit code"
                : "It exited with code " + run.exitCode();
    }

    private String fill(String template, String failure, CheckRunner.Result run, int attempt) {
        return template.replace("{command}", command).replace("{outcome}", outcome(run)).replace("{failure}", failure.strip())
                .replace("{attempt}", String.valueOf(attempt)).replace("{max_attempts}", String.valueOf(maxAttempts));
    }
}
