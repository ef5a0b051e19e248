package dev.fathom.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;

/** The {@code fathom} entry point. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true, StandardCharsets.UTF_8);
        int code = run(args, new Launch(System.getenv(), Path.of("").toAbsolutePath(), out, err));
        out.flush();
        err.flush();
        // Halt, not exit: nothing is left to clean up, and exit would wait for threads parked in native reads.
        Runtime.getRuntime().halt(code);
    }

    /** Runs Fathom with the given arguments and process context; returns the exit code. */
    public static int run(String[] args, Launch launch) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // The fast path: no command tree to build for the most common scripted call.
            launch.out().println("fathom " + Version.get());
            return ExitCodes.OK;
        }
        CommandLine cli = new CommandLine(new FathomCommand(launch));
        cli.setOut(new java.io.PrintWriter(launch.out(), true));
        cli.setErr(new java.io.PrintWriter(launch.err(), true));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            launch.err().println("fathom: internal error: " + e + " (run with --debug for details)");
            if (parseResult.hasMatchedOption("--debug")) {
                e.printStackTrace(launch.err());
            }
            return ExitCodes.FAILED;
        });
        return cli.execute(args);
    }

    static Map<String, String> env(Launch launch) {
        return launch.env();
    }
}
