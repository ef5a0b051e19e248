package dev.fathom.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.safety.ActionClassifier;
import dev.fathom.safety.ApprovalPolicy;
import dev.fathom.safety.WorkspaceGuard;
import java.io.IOException;
import java.nio.file.Path;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tools offered to the model, in a fixed order (the schemas are part of the cached prompt prefix). Executing a
 * call validates and binds its arguments, runs the tool, turns recoverable failures into error results, and cuts the
 * output down centrally.
 */
public final class ToolRegistry {
    /** V4 rejects a request that offers more tools than this. */
    public static final int MAX_OFFERED_TOOLS = 128;

    private static final ObjectMapper LENIENT = new ObjectMapper();
    private final Map<String, Tool<?>> tools = new LinkedHashMap<>();
    private final Map<String, ExternalTool> external = new LinkedHashMap<>();
    private final Map<String, ToolSpecification> specs = new LinkedHashMap<>();
    private final ArgumentBinder binder = new ArgumentBinder();
    private final java.util.Set<String> withdrawn = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile List<ToolSpecification> offered;

    public ToolRegistry(List<Tool<?>> tools, ObjectMapper json) {
        for (Tool<?> t : tools) {
            this.tools.put(t.name(), t);
            this.specs.put(t.name(), ToolSpecs.load(t.name(), json));
        }
        offered = List.copyOf(specs.values());
    }

    /** Adds tools from outside (MCP servers) after the built-in ones; the offered list is fixed from here on. */
    public ToolRegistry withExternal(List<ExternalTool> more) {
        for (ExternalTool t : more) {
            String name = t.specification().name();
            if (!tools.containsKey(name) && !external.containsKey(name)) {
                external.put(name, t);
                specs.put(name, t.specification());
            }
        }
        offered = List.copyOf(specs.values());
        return this;
    }

    /**
     * Marks a tool for removal (its server failed). The offered list changes only at {@link #applyWithdrawals}, which the
     * loop calls at a compaction: removing it mid-session would change the cached prompt prefix.
     */
    public void withdrawLater(String name) {
        withdrawn.add(name);
    }

    /** Drops the tools marked by {@link #withdrawLater}; returns whether the offered list changed. */
    public boolean applyWithdrawals() {
        List<ToolSpecification> next = specs.values().stream().filter(s -> !withdrawn.contains(s.name())).toList();
        boolean changed = next.size() != offered.size();
        offered = List.copyOf(next);
        return changed;
    }

    /**
     * What each call does, as its tool says, for the approval policy in {@code workspace}. Arguments that are not a
     * JSON object touch nothing (the tool will refuse them); an unknown tool is something to ask about.
     */
    public ActionClassifier classifier(Path workspace) {
        return (name, arguments) -> {
            JsonNode args;
            try {
                args = LENIENT.readTree(arguments == null || arguments.isBlank() ? "{}" : arguments);
            } catch (IOException | RuntimeException e) {
                args = null;
            }
            if (args == null || !args.isObject()) {
                args = LENIENT.createObjectNode();
            }
            Tool<?> t = tools.get(name);
            if (t != null) {
                return t.action(args, workspace);
            }
            ExternalTool e = external.get(name);
            return e != null ? e.action() : new ApprovalPolicy.Action(name, ApprovalPolicy.Kind.OTHER, List.of());
        };
    }

    /** Whether a tool (built-in or external) can change things; unknown names count as changing. */
    public boolean mutates(String name) {
        Tool<?> t = tools.get(name);
        if (t != null) {
            return t.mutates();
        }
        ExternalTool e = external.get(name);
        return e == null || e.mutates();
    }

    /**
     * Adds the {@code explore} tool after the built-in ones; it works once the loop binds its sub-agents
     * ({@link #bindExplorer}). Until then a call is answered as unavailable.
     */
    public ToolRegistry withExplore(ObjectMapper json) {
        ExploreTool tool = new ExploreTool(explorer);
        tools.put(tool.name(), tool);
        specs.put(tool.name(), ToolSpecs.load(tool.name(), json));
        offered = List.copyOf(specs.values());
        return this;
    }

    /** Connects the explore tool (if offered) to the loop's sub-agents. */
    public void bindExplorer(Explorer sub) {
        explorerTarget = sub;
    }

    private volatile Explorer explorerTarget;
    private final Explorer explorer = (task, context) -> explorerTarget == null
            ? ToolResult.error("explore is not available in this session; investigate with the other tools.")
            : explorerTarget.explore(task, context);

    /** The built-in tool set, in the order the model sees it. */
    public static ToolRegistry standard(ObjectMapper json) {
        return new ToolRegistry(List.of(new ReadFileTool(), new WriteFileTool(), new EditFileTool(), new ApplyPatchTool(),
                new GlobTool(), new GrepTool(), new BashTool(), new JobOutputTool(), new GitStatusTool(), new GitDiffTool(),
                new GitLogTool(), new GitCommitTool(), new UpdatePlanTool()), json);
    }

    /** The tools offered to the model, in their fixed order. */
    public List<ToolSpecification> specifications() {
        return offered;
    }

    public Tool<?> tool(String name) {
        return tools.get(name);
    }

    /** Runs one call. Never throws for a model's mistake; only an interrupt escapes. */
    public ToolResult execute(ToolExecutionRequest call, ToolContext context) throws InterruptedException {
        return execute(call, context, ToolProgress.NONE);
    }

    /** Runs one call; an external tool reports its progress to {@code progress}. */
    public ToolResult execute(ToolExecutionRequest call, ToolContext context, ToolProgress progress) throws InterruptedException {
        Tool<?> tool = tools.get(call.name());
        ExternalTool ext = external.get(call.name());
        if (tool == null && ext == null) {
            return ToolResult.error("Unknown tool '" + call.name() + "'. Available tools: "
                    + String.join(", ", offered.stream().map(ToolSpecification::name).toList()) + ".");
        }
        try {
            ToolResult r = tool != null ? run(tool, call.arguments(), context) : ext.run(call.arguments(), context, progress);
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
