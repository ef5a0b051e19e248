package dev.fathom.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.safety.WorkspaceGuard;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tools offered to the model, in a fixed order (the schemas are part of the cached prompt prefix). Executing a
 * call validates and binds its arguments, runs the tool, turns recoverable failures into error results, and cuts the
 * output down centrally.
 */
public final class ToolRegistry {
    private final Map<String, Tool<?>> tools = new LinkedHashMap<>();
    private final Map<String, ToolSpecification> specs = new LinkedHashMap<>();
    private final ArgumentBinder binder = new ArgumentBinder();

    public ToolRegistry(List<Tool<?>> tools, ObjectMapper json) {
        for (Tool<?> t : tools) {
            this.tools.put(t.name(), t);
            this.specs.put(t.name(), ToolSpecs.load(t.name(), json));
        }
    }

    /** The built-in tool set, in the order the model sees it. */
    public static ToolRegistry standard(ObjectMapper json) {
        return new ToolRegistry(List.of(new ReadFileTool(), new WriteFileTool(), new EditFileTool(), new ApplyPatchTool(),
                new GlobTool(), new GrepTool(), new BashTool(), new JobOutputTool(), new GitStatusTool(), new GitDiffTool(),
                new GitLogTool(), new GitCommitTool(), new UpdatePlanTool()), json);
    }

    public List<ToolSpecification> specifications() {
        return new ArrayList<>(specs.values());
    }

    public Tool<?> tool(String name) {
        return tools.get(name);
    }

    /** Runs one call. Never throws for a model's mistake; only an interrupt escapes. */
    public ToolResult execute(ToolExecutionRequest call, ToolContext context) throws InterruptedException {
        Tool<?> tool = tools.get(call.name());
        if (tool == null) {
            return ToolResult.error("Unknown tool '" + call.name() + "'. Available tools: " + String.join(", ", tools.keySet()) + ".");
        }
        try {
            ToolResult r = run(tool, call.arguments(), context);
            return new ToolResult(OutputLimits.truncate(context.redactor().redact(r.output())), r.error(), r.summary());
        } catch (ToolException e) {
            return ToolResult.error(context.redactor().redact(e.getMessage()));
        } catch (WorkspaceGuard.PathRefusedException e) {
            return ToolResult.error(e.getMessage());
        } catch (RuntimeException e) {
            return ToolResult.error(call.name() + " failed unexpectedly: " + e + ". Try a different approach.");
        }
    }

    private <A extends Record> ToolResult run(Tool<A> tool, String arguments, ToolContext context)
            throws ToolException, InterruptedException {
        A args = binder.bind(tool.name(), arguments, specs.get(tool.name()).parameters(), tool.argumentType());
        return tool.run(args, context);
    }
}
