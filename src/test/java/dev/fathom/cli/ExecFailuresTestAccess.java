package dev.fathom.cli;

/** Lets tests in other packages use the process check of {@link ExecFailuresTest}. */
public final class ExecFailuresTestAccess {
    private ExecFailuresTestAccess() {
    }

    public static java.util.List<String> toolResults(com.fasterxml.jackson.databind.JsonNode request) {
        return ExecFailuresTest.toolResults(request);
    }

    public static boolean running(long pid) {
        return ExecFailuresTest.running(pid);
    }
}
