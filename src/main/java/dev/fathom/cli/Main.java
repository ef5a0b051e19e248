package dev.fathom.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine;

/** The {@code fathom} entry point. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true, StandardCharsets.UTF_8);
        int code = run(args, new Launch(System.getenv(), Path.of("").toAbsolutePath(), out, err, System.in, StandardInput.isTerminal()));
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
        for (String name : subcommandsFor(args)) {
            cli.addSubcommand(name, SUBCOMMANDS.get(name).get());
        }
        cli.setOut(new java.io.PrintWriter(launch.out(), true));
        cli.setErr(new java.io.PrintWriter(launch.err(), true));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler((e, given) -> UsageErrors.report(e, launch.err()));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            launch.err().println("fathom: internal error: " + e + " (run with --debug for details)");
            if (parseResult.hasMatchedOption("--debug")) {
                e.printStackTrace(launch.err());
            }
            return ExitCodes.FAILED;
        });
        return cli.execute(args);
    }

    /** The subcommands, in the order help lists them; only those a command line names are built (picocli reflects). */
    private static final Map<String, Supplier<Object>> SUBCOMMANDS = new LinkedHashMap<>();

    static {
        SUBCOMMANDS.put("exec", ExecCommand::new);
        SUBCOMMANDS.put("fix", FixCommand::new);
        SUBCOMMANDS.put("resume", ResumeCommand::new);
        SUBCOMMANDS.put("sessions", SessionsCommand::new);
        SUBCOMMANDS.put("doctor", DoctorCommand::new);
        SUBCOMMANDS.put("undo", UndoCommand::new);
        SUBCOMMANDS.put("checkpoints", CheckpointsCommand::new);
        SUBCOMMANDS.put("mcp", McpCommand::new);
        SUBCOMMANDS.put("login", LoginCommand::new);
        SUBCOMMANDS.put("logout", LogoutCommand::new);
        SUBCOMMANDS.put("help", HelpCommand::new);
        SUBCOMMANDS.put("completion", CompletionCommand::new);
        SUBCOMMANDS.put("train-cache", TrainCommand::new);
    }

    /** Root options that neither ask for help nor are errors: with only these, no subcommand is needed. */
    private static final Set<String> KNOWN_ROOT_OPTIONS = knownRootOptions();

    /** The names of the commands help lists (train-cache is for the build, not for users). */
    static Set<String> commandNames() {
        Set<String> names = new java.util.LinkedHashSet<>(SUBCOMMANDS.keySet());
        names.remove("train-cache");
        return names;
    }

    private static Set<String> knownRootOptions() {
        Set<String> names = new java.util.HashSet<>(GlobalOptions.optionNames(GlobalOptions.class));
        names.addAll(GlobalOptions.optionNames(FathomCommand.class));
        names.add("-");
        return Set.copyOf(names);
    }

    /**
     * The subcommands to register for these arguments: the one they name (the first argument that is a subcommand
     * name); all of them when help may list them or an error may show the usage; none for the assistant. picocli's
     * classes are too old a class-file version for the JVM's class-data cache, so each one built costs start-up time.
     */
    static List<String> subcommandsFor(String[] args) {
        for (String a : args) {
            if (a.equals("help") || a.equals("completion")) {
                return List.copyOf(SUBCOMMANDS.keySet()); // they describe every command
            }
            if (SUBCOMMANDS.containsKey(a)) {
                return List.of(a);
            }
        }
        for (String a : args) {
            if (a.startsWith("-") && !KNOWN_ROOT_OPTIONS.contains(a.contains("=") ? a.substring(0, a.indexOf('=')) : a)) {
                return List.copyOf(SUBCOMMANDS.keySet());
            }
        }
        return List.of();
    }

    static Map<String, String> env(Launch launch) {
        return launch.env();
    }
}
