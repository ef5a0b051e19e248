package dev.fathom.cli;

/** Lets tests in other packages use the process check of {@link ExecFailuresTest}. */
public final class ExecFailuresTestAccess {
    private ExecFailuresTestAccess() {
    }

    public static boolean running(long pid) {
        return ExecFailuresTest.running(pid);
    }
}
