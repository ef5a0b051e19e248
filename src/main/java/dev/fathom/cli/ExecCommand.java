package dev.fathom.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.config.ConfigException;
import dev.fathom.config.CustomCommands;
import dev.fathom.config.Settings;
import dev.fathom.loop.AgentResult;
import dev.fathom.loop.Limits;
import dev.fathom.ui.JsonEvents;
import dev.fathom.ui.ProgressPrinter;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code fathom exec PROMPT}: one headless task. Progress goes to stderr, the answer (or JSON) to stdout. */
@Command(name = "exec", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Run one task headless: progress to stderr, the final answer to stdout.")
public final class ExecCommand implements Callable<Integer> {

    /** What stdout carries. */
    public enum Output { text, json, stream_json }

    @ParentCommand
    FathomCommand root;

    @Mixin
    GlobalOptions global;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PROMPT",
            description = "The task (- reads it from stdin); with --command, the command's arguments.")
    String prompt;

    @Option(names = "--command", paramLabel = "NAME", description = "Run the saved prompt NAME (a .md file in .fathom/commands/).")
    String command;

    @Option(names = "--output", paramLabel = "FORMAT", converter = OutputConverter.class,
            description = "text (the answer), json (one result object) or stream-json (one event per line). Default text.")
    Output output = Output.text;

    @Option(names = {"-o", "--output-file"}, paramLabel = "FILE",
            description = "Also write the final answer to FILE (replaced in one step; only when the run succeeds).")
    java.nio.file.Path outputFile;

    @Option(names = "--output-schema", paramLabel = "FILE", description = "The final answer must be JSON valid against this JSON"
            + " Schema (type, properties, required, items, enum, additionalProperties); exit 5 when it is not.")
    java.nio.file.Path outputSchema;

    @Option(names = "--max-turns", paramLabel = "N", description = "Stop after N model turns (exit 4).")
    Integer maxTurns;

    @Option(names = "--max-cost", paramLabel = "USD", description = "Stop once the run has cost this much (exit 4).")
    Double maxCost;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop after this wall time, e.g. 90s, 10m, 1h (exit 4).")
    Duration timeout;

    @Option(names = "--continue", description = "Continue the most recent session in this directory.")
    boolean continueLast;

    @Option(names = "--resume", paramLabel = "ID", description = "Continue the session with this id (see fathom sessions).")
    String resumeId;

    @Override
    public Integer call() throws IOException {
        return run(root.launch, global, continueLast ? "" : resumeId);
    }

    /** Runs the task; {@code resume} is null for a new session, "" for the last one, or a session id. */
    int run(Launch launch, GlobalOptions g, String resume) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Settings settings = root.headlessSettings(g, json);
        if (settings == null) {
            return ExitCodes.USAGE;
        }
        try {
            checkLimits();
        } catch (ConfigException e) {
            launch.err().println("fathom: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        if (!root.hasApiKey(settings)) {
            return ExitCodes.USAGE;
        }
        if (dev.fathom.git.Checkpoints.forWorkspace(settings.workspace(), launch.env()) == null) {
            launch.err().println("fathom: " + settings.workspace() + " is not in a git repository: no checkpoints, so fathom undo cannot"
                    + " restore what this run changes.");
        }
        String task = task(launch);
        if (command != null) {
            Map<String, CustomCommands.Command> commands = CustomCommands.load(settings.fathomHome(), settings.workspace());
            CustomCommands.Command c = commands.get(command);
            if (c == null) {
                launch.err().println("fathom: no command '" + command + "'. Saved commands: "
                        + (commands.isEmpty() ? "none (add .md files to .fathom/commands/)" : String.join(", ", commands.keySet())) + ".");
                return ExitCodes.USAGE;
            }
            task = c.expand(task);
        }
        if (task.isBlank()) {
            launch.err().println("fathom: the prompt is empty; say what the task is.");
            return ExitCodes.USAGE;
        }
        if (outputFile != null && !java.nio.file.Files.isDirectory(launch.startDir().resolve(outputFile).toAbsolutePath().getParent())) {
            launch.err().println("fathom: -o " + outputFile + ": no such folder.");
            return ExitCodes.USAGE;
        }
        OutputSchema schema;
        try {
            schema = outputSchema == null ? null : OutputSchema.load(launch.startDir().resolve(outputSchema), json);
        } catch (ConfigException e) {
            launch.err().println("fathom: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        if (schema != null) {
            task += schema.instructions();
        }
        try (RunFactory.Run run = RunFactory.create(settings, json, launch, new Limits(maxTurns, maxCost, timeout), resume)) {
            if (output == Output.stream_json) {
                run.agent().addListener(new JsonEvents(launch.out()));
            } else {
                run.agent().addListener(new ProgressPrinter(launch.err()));
            }
            // A signal cancels the run and waits until its result is reported: --output json prints its object then too.
            try (SignalGuard guard = SignalGuard.install(run.agent())) {
                AgentResult result = run.agent().run(task);
                int code = ExitCodes.of(result);
                if (schema != null && result.status() == AgentResult.Status.DONE) {
                    FinalAnswer.Checked checked = FinalAnswer.conform(run.agent(), result, schema, json, launch);
                    result = checked.result();
                    code = checked.matches() ? code : ExitCodes.SCHEMA;
                }
                report(result, launch);
                if (outputFile != null && code == ExitCodes.OK) {
                    FinalAnswer.write(launch.startDir().resolve(outputFile), result.finalText());
                }
                return code;
            }
        } catch (ConfigException e) {
            launch.err().println("fathom: " + e.getMessage());
            return ExitCodes.USAGE;
        }
    }

    /**
     * The prompt and what is piped in: "-" or no prompt makes standard input the prompt; a prompt given with standard
     * input piped gets it appended (cat log | fathom exec "summarize"), cut at {@link StandardInput#MAX_BYTES}.
     */
    private String task(Launch launch) throws IOException {
        boolean dash = "-".equals(prompt);
        if (!dash && launch.inIsTerminal()) {
            return prompt == null ? "" : prompt;
        }
        String piped = StandardInput.read(launch.in(), launch.err());
        if (prompt == null || dash) {
            return piped;
        }
        if (piped.isBlank()) {
            return prompt;
        }
        launch.err().println("fathom: the prompt is followed by " + piped.length() + " characters of standard input.");
        return prompt + "\n\n--- standard input ---\n" + piped;
    }

    private void checkLimits() {
        if (maxTurns != null && maxTurns < 1) {
            throw new ConfigException("--max-turns must be at least 1, got " + maxTurns + ".");
        }
        if (maxCost != null && !(maxCost > 0)) {
            throw new ConfigException("--max-cost must be a positive amount in USD, got " + maxCost + ".");
        }
    }

    private void report(AgentResult result, Launch launch) {
        switch (output) {
            case text -> {
                if (result.status() == AgentResult.Status.DONE && result.error() == null) {
                    launch.out().println(dev.fathom.ui.TerminalText.escape(result.finalText())); // model-made: no raw escapes
                }
            }
            case json -> launch.out().println(JsonEvents.result(result));
            case stream_json -> {
                // the finished event already carried the result
            }
        }
        if (output != Output.stream_json) {
            String why = switch (result.status()) {
                case DONE -> null;
                case LIMIT -> "stopped: the " + result.limit() + " limit was reached (" + limitDetail(result.limit()) + ")";
                case ERROR -> "endpoint error: " + result.error();
                case INTERRUPTED -> "interrupted";
                case BLOCKED -> "the prompt was blocked by a hook: " + result.error();
            };
            if (why != null) {
                launch.err().println("fathom: " + why);
            }
        }
        launch.out().flush();
    }

    private String limitDetail(String limit) {
        return switch (limit) {
            case "turns" -> "--max-turns " + maxTurns;
            case "cost" -> "--max-cost " + maxCost;
            case "time" -> "--timeout " + timeout.toSeconds() + "s";
            default -> limit;
        };
    }
}
