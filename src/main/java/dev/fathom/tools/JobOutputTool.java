package dev.fathom.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fathom.safety.ApprovalPolicy;
import java.io.IOException;
import java.nio.file.Path;

/** {@code job_output}: what a background job printed since the last look, its state, and optionally kill it. */
public final class JobOutputTool extends BaseTool<JobOutputTool.Args> {

    public record Args(String jobId, Boolean kill) {
    }

    public JobOutputTool() {
        super("job_output", Args.class, true);
    }

    @Override
    public ToolResult run(Args args, ToolContext ctx) throws ToolException {
        Jobs.Job job = ctx.jobs().get(args.jobId());
        boolean kill = Boolean.TRUE.equals(args.kill());
        if (kill && job.process.isAlive()) {
            ctx.jobs().kill(job);
        }
        String output;
        try {
            output = ctx.jobs().readNew(job);
        } catch (IOException e) {
            throw new ToolException("Cannot read the output of job " + job.id + ": " + e.getMessage());
        }
        String state = kill ? "killed (" + job.state() + ")" : job.state();
        String header = "[job " + job.id + ": " + state + "; " + job.command + "]\n";
        return ToolResult.ok(header + (output.isEmpty() ? "(no new output)\n" : output), state);
    }

    /** Reading a job's output is a read; killing it acts like a command. */
    @Override
    public ApprovalPolicy.Action action(JsonNode args, Path workspace) {
        return new ApprovalPolicy.Action(name(), args.path("kill").asBoolean(false) ? ApprovalPolicy.Kind.COMMAND : ApprovalPolicy.Kind.READ,
                java.util.List.of("job " + args.path("job_id").asText()));
    }
}
