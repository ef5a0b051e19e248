package dev.fathom.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fathom.safety.ApprovalPolicy;
import dev.fathom.safety.RunningCommand;
import dev.fathom.safety.Shell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * {@code bash}: runs a command with {@code bash -c} in the workspace, stdin closed, with the scrubbed environment.
 * Output (stdout and stderr interleaved) goes to a file as it is produced, so a huge output costs no memory; when it
 * is too long for the model, head and tail are returned and the file is kept and named. On timeout or interrupt the
 * whole process tree is killed.
 */
public final class BashTool extends BaseTool<BashTool.Args> {
    public static final int DEFAULT_TIMEOUT_SECONDS = 120;
    public static final int MAX_TIMEOUT_SECONDS = 600;
    private static final int HEAD_BYTES = 16_000;
    private static final int TAIL_BYTES = 12_000;

    /** How long a background start waits, to report a command that fails at once (a typo, a missing binary). */
    private static final long BACKGROUND_GRACE_MILLIS = 500;

    public record Args(String command, Integer timeoutSeconds, Boolean background) {
    }

    public BashTool() {
        super("bash", Args.class, true);
    }

    @Override
    public ToolResult run(Args args, ToolContext ctx) throws ToolException, InterruptedException {
        if (args.command().isBlank()) {
            throw new ToolException("command is empty; give a shell command to run.");
        }
        if (Boolean.TRUE.equals(args.background())) {
            return startBackground(args, ctx);
        }
        int timeout = args.timeoutSeconds() == null ? DEFAULT_TIMEOUT_SECONDS : args.timeoutSeconds();
        if (timeout < 1 || timeout > MAX_TIMEOUT_SECONDS) {
            throw new ToolException("timeout_seconds must be between 1 and " + MAX_TIMEOUT_SECONDS + ", got " + timeout + ".");
        }
        Path log;
        RunningCommand process;
        try {
            Files.createDirectories(ctx.outputDir());
            log = Files.createTempFile(ctx.outputDir(), "bash-", ".log");
            process = Shell.start(args.command(), ctx.workspace(), ctx.childEnvironment(), ctx.sandbox(), log);
        } catch (IOException e) {
            throw new ToolException("Cannot start bash: " + e.getMessage());
        }
        String ending;
        String summary;
        try {
            if (process.waitFor(timeout, TimeUnit.SECONDS)) {
                int exit = process.exitValue();
                ending = exit >= 0 ? "[exit code " + exit + "]" : "[the sandbox ended while the command ran; the next command starts a new one]";
                summary = "exit " + exit;
            } else {
                process.kill();
                ending = "[timed out after " + timeout + " s: the command and all its child processes were killed. "
                        + "Use a longer timeout_seconds, or run long jobs so that they end on their own]";
                summary = "timed out";
            }
        } catch (InterruptedException e) {
            process.kill();
            throw e;
        }
        String output = readOutput(log);
        return ToolResult.ok(output + (output.isEmpty() || output.endsWith("\n") ? "" : "\n") + ending, summary);
    }

    private static ToolResult startBackground(Args args, ToolContext ctx) throws ToolException, InterruptedException {
        if (args.timeoutSeconds() != null) {
            throw new ToolException("timeout_seconds does not apply to background jobs; they run until they end, you kill them "
                    + "with job_output (kill: true), or the session ends.");
        }
        Jobs.Job job = ctx.jobs().start(args.command(), ctx.workspace(), ctx.childEnvironment(), ctx.outputDir(), ctx.sandbox());
        job.process.waitFor(BACKGROUND_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        String early;
        try {
            early = ctx.jobs().readNew(job);
        } catch (IOException e) {
            early = "";
        }
        return ToolResult.ok("Started background job " + job.id() + " (pid " + job.pid() + "), now " + job.state()
                + ". Read its output with job_output {\"job_id\": \"" + job.id() + "\"}; it is killed when the session ends.\n"
                + (early.isEmpty() ? "" : "Output so far:\n" + early), "job " + job.id());
    }

    private static String readOutput(Path log) throws ToolException {
        try {
            boolean whole = java.nio.file.Files.size(log) <= OutputLimits.MAX_TOOL_OUTPUT_CHARS;
            String text = ProcessOutput.read(log, 0, whole ? OutputLimits.MAX_TOOL_OUTPUT_CHARS : HEAD_BYTES, whole ? 0 : TAIL_BYTES,
                    "\n[... %d bytes omitted; the full output (" + java.nio.file.Files.size(log) + " bytes) is saved in " + log
                            + " \u2014 read parts of it with bash (sed -n, grep, tail) ...]\n");
            if (whole) {
                java.nio.file.Files.deleteIfExists(log);
            }
            return text;
        } catch (IOException e) {
            throw new ToolException("The command ran but its output could not be read: " + e.getMessage());
        }
    }

    @Override
    public ApprovalPolicy.Action action(JsonNode args, Path workspace) {
        return new ApprovalPolicy.Action(name(), ApprovalPolicy.Kind.COMMAND, java.util.List.of(args.path("command").asText("")));
    }
}
