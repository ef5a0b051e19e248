package dev.fathom.loop;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fathom.llm.Cancellation;
import dev.fathom.safety.Approvals;
import dev.fathom.tools.ToolContext;
import dev.fathom.tools.ToolRegistry;
import dev.fathom.tools.ToolResult;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs the tool calls of one model turn for {@link Agent}: each is checked by the approval policy and the hooks, a
 * mutating one first takes the turn's checkpoint, and every call gets exactly one result, appended in call order,
 * also when the run is interrupted.
 */
final class ToolCalls {
    /** Threads for read-only calls that run together: at most four at once, daemons, gone after 30 s idle. */
    private static final ThreadPoolExecutor TOOL_THREADS = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
            r -> {
                Thread t = new Thread(r, "fathom-tool");
                t.setDaemon(true);
                return t;
            });

    static {
        TOOL_THREADS.allowCoreThreadTimeOut(true);
    }

    private final ToolRegistry tools;
    private final ToolContext context;
    /** Null when a call may run, else the refusal the model reads (the approval policy, or a sub-agent's own rules). */
    interface Gate {
        String refusal(String tool, String arguments);
    }

    private final Gate approvals;
    private boolean parallel = true;
    private final Consumer<AgentEvent> events;
    private final Consumer<ChatMessage> append;
    private final Supplier<ObjectNode> payload;
    private Hooks hooks = Hooks.NONE;
    /** The run's cancellation; read by the threads of calls that run together. */
    private volatile Cancellation cancellation = new Cancellation();

    ToolCalls(ToolRegistry tools, ToolContext context, Approvals approvals, Consumer<AgentEvent> events, Consumer<ChatMessage> append,
            Supplier<ObjectNode> payload) {
        this(tools, context, approvals::refusal, events, append, payload);
    }

    ToolCalls(ToolRegistry tools, ToolContext context, Gate approvals, Consumer<AgentEvent> events, Consumer<ChatMessage> append,
            Supplier<ObjectNode> payload) {
        this.tools = tools;
        this.context = context;
        this.approvals = approvals;
        this.events = events;
        this.append = append;
        this.payload = payload;
    }

    /**
     * Runs every call in order. Sub-agents use this: they already run on the shared tool threads, and waiting there for
     * more of the same threads could leave every thread waiting.
     */
    ToolCalls sequential() {
        parallel = false;
        return this;
    }

    void setHooks(Hooks hooks) {
        this.hooks = hooks;
    }

    /**
     * Runs a turn's calls. A run of two or more adjacent read-only built-in calls (reads, searches, git queries) runs
     * at the same time; everything else runs in order. Either way events and results come in the calls' order.
     */
    boolean run(List<ToolExecutionRequest> calls, Cancellation cancellation) {
        this.cancellation = cancellation;
        int i = 0;
        while (i < calls.size()) {
            int end = i;
            while (end < calls.size() && runsAlongside(calls.get(end))) {
                end++;
            }
            if (end - i >= 2) {
                runTogether(calls.subList(i, end));
                i = end;
            } else {
                ToolExecutionRequest call = calls.get(i++);
                events.accept(new AgentEvent.ToolCallStarted(call.id(), call.name(), call.arguments()));
                long t0 = System.nanoTime();
                finish(call, execute(call), (System.nanoTime() - t0) / 1_000_000);
            }
        }
        return !cancellation.isCancelled();
    }

    /** Read-only built-in tools, when no hooks are configured (hooks see one call at a time); the plan stays in order. */
    private boolean runsAlongside(ToolExecutionRequest call) {
        return parallel && hooks.isEmpty() && tools.tool(call.name()) != null && !tools.mutates(call.name()) && !call.name().equals("update_plan");
    }

    private void runTogether(List<ToolExecutionRequest> group) {
        List<Future<Timed>> running = new ArrayList<>();
        for (ToolExecutionRequest call : group) {
            String refusal = cancellation.isCancelled() ? null : approvals.refusal(call.name(), call.arguments());
            running.add(refusal != null ? CompletableFuture.completedFuture(new Timed(new ToolResult(refusal, true, "denied"), 0))
                    : TOOL_THREADS.submit(() -> {
                        long t0 = System.nanoTime();
                        ToolResult r = cancellation.isCancelled() ? interrupted(cancellation.reason()) : executeAllowed(call);
                        return new Timed(r, (System.nanoTime() - t0) / 1_000_000);
                    }));
        }
        for (int k = 0; k < group.size(); k++) {
            ToolExecutionRequest call = group.get(k);
            events.accept(new AgentEvent.ToolCallStarted(call.id(), call.name(), call.arguments()));
            Timed done;
            try {
                done = running.get(k).get();
            } catch (InterruptedException e) {
                cancellation.cancel(cancellation.isCancelled() ? cancellation.reason() : "interrupted");
                running.forEach(f -> f.cancel(true));
                done = new Timed(interrupted(cancellation.reason()), 0);
            } catch (ExecutionException | CancellationException e) {
                done = new Timed(cancellation.isCancelled() ? interrupted(cancellation.reason())
                        : new ToolResult("The tool failed unexpectedly: " + e.getCause(), true, "failed"), 0);
            }
            finish(call, done.result(), done.millis());
        }
    }

    private record Timed(ToolResult result, long millis) {
    }

    private void finish(ToolExecutionRequest call, ToolResult result, long millis) {
        append.accept(ToolExecutionResultMessage.from(call, result.output()));
        events.accept(new AgentEvent.ToolCallFinished(call.id(), call.name(), result.output(), result.error(), result.summary(), millis));
    }

    /** One call: refused when cancelled or by the approval policy; a mutating one first takes the turn's checkpoint. */
    private ToolResult execute(ToolExecutionRequest call) {
        if (cancellation.isCancelled()) {
            return interrupted(cancellation.reason());
        }
        String refusal = approvals.refusal(call.name(), call.arguments());
        if (refusal != null) {
            return new ToolResult(refusal, true, "denied");
        }
        if (!hooks.isEmpty()) {
            Hooks.Outcome pre = hooks.run("pre_tool", call.name(), payload.get().put("tool", call.name()).put("arguments", call.arguments()));
            warn(pre);
            if (pre.blocked()) {
                return new ToolResult("Blocked by a hook: " + pre.message(), true, "blocked");
            }
        }
        ToolResult result = executeAllowed(call);
        if (!hooks.isEmpty()) {
            warn(hooks.run("post_tool", call.name(), payload.get().put("tool", call.name()).put("arguments", call.arguments())
                    .put("output", result.output()).put("error", result.error())));
        }
        return result;
    }

    private ToolResult executeAllowed(ToolExecutionRequest call) {
        if (tools.mutates(call.name())) {
            String problem = context.checkpointing().beforeChange();
            if (problem != null) {
                events.accept(new AgentEvent.ErrorOccurred(problem));
            }
        }
        try {
            return tools.execute(call, context,
                    (done, total, message) -> events.accept(new AgentEvent.ToolCallProgressed(call.id(), call.name(), done, total, message)));
        } catch (InterruptedException e) {
            return interrupted(cancellation.reason());
        }
    }

    static ToolResult interrupted(String reason) {
        return new ToolResult("Interrupted: " + reason + "; the tool call did not complete.", true, "interrupted");
    }

    private void warn(Hooks.Outcome outcome) {
        outcome.warnings().forEach(w -> events.accept(new AgentEvent.ErrorOccurred(w)));
    }
}
