package dev.fathom.loop;

import dev.fathom.context.Compactor;
import dev.fathom.context.Conversation;
import dev.fathom.llm.Cancellation;
import dev.fathom.llm.V4ChatModel;
import dev.fathom.llm.V4Exception;
import dev.fathom.safety.Approvals;
import dev.fathom.tools.Plan;
import dev.fathom.tools.ToolContext;
import dev.fathom.tools.ToolRegistry;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Timer;
import java.util.TimerTask;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The agent loop. One run: the user's prompt, then request → stream → tool calls → results, until the model answers
 * without calling tools, a limit is hit, the run is interrupted, or the endpoint fails for good. Every tool call gets
 * exactly one result, also when interrupted. Model mistakes go back to the model; only endpoint failures end the run.
 * Before each request the conversation is compacted if it passed its trigger.
 */
public final class Agent implements AutoCloseable {
    static final String TIME_LIMIT_REASON = "the time limit was reached";
    private static final Pattern CONTEXT_OVERFLOW = Pattern.compile(
            "(?i)(context (length|window)|maximum.{0,40}tokens|too many tokens|prompt is too long|input.{0,20}too long)");

    private final ModelCaller caller;
    private final ModelRouter router;
    private final EscalationRules escalation;
    private final ToolRegistry tools;
    private final ToolContext toolContext;
    private final Limits limits;
    private final String sessionId;
    private final Conversation conversation;
    private final Compactor compactor;
    private Hooks hooks = Hooks.NONE;
    private final List<AgentListener> listeners = new ArrayList<>();
    private volatile Cancellation cancellation = new Cancellation();
    private final UsageTotals usage = new UsageTotals();
    private final Pricing pricing;
    private int turns;
    private final StreamingChatModel model;
    private final ToolCalls toolCalls;

    /** One model for everything; no explore tool, no escalation. */
    public Agent(StreamingChatModel model, String modelName, ToolRegistry tools, ToolContext toolContext, Limits limits,
            Pricing pricing, String sessionId, Conversation conversation, Compactor compactor, Approvals approvals) {
        this(model, ModelRouter.single(modelName), null, tools, toolContext, limits, pricing, sessionId, conversation, compactor, approvals);
    }

    /**
     * @param router the model of each role; requests name their model, so one client serves the main loop and summaries
     * @param exploreClients a fresh client per sub-agent (each has its own serialization cache); null when {@code tools}
     *     has no explore tool
     */
    public Agent(StreamingChatModel model, ModelRouter router, Supplier<StreamingChatModel> exploreClients, ToolRegistry tools,
            ToolContext toolContext, Limits limits, Pricing pricing, String sessionId, Conversation conversation, Compactor compactor,
            Approvals approvals) {
        this.caller = new ModelCaller(model, this::emit);
        this.model = model;
        this.router = router;
        this.escalation = new EscalationRules(router.escalateAfter());
        if (exploreClients != null) {
            tools.bindExplorer(new SubAgents(exploreClients, router, usage, pricing, approvals, () -> cancellation, limits));
        }
        this.tools = tools;
        this.toolContext = toolContext;
        this.limits = limits;
        this.pricing = pricing;
        this.sessionId = sessionId;
        this.conversation = conversation;
        this.compactor = compactor;
        this.toolCalls = new ToolCalls(tools, toolContext, approvals, this::emit, this::append, this::payload);
        toolContext.plan().onChange(steps -> emit(new AgentEvent.PlanUpdated(steps)));
    }

    public void addListener(AgentListener listener) {
        listeners.add(listener);
    }

    /** The user's hooks (settings {@code hooks}); none by default. */
    public void setHooks(Hooks hooks) {
        this.hooks = hooks;
        toolCalls.setHooks(hooks);
    }

    /** Cancels the run in progress (Esc, a signal); it ends with status INTERRUPTED. */
    public Cancellation cancellation() {
        return cancellation;
    }

    /** The conversation so far, as sent to the model. */
    public List<ChatMessage> messages() {
        return List.copyOf(conversation.messages());
    }

    public Conversation conversation() {
        return conversation;
    }

    /** Tokens used by every request of this session so far. */
    public UsageTotals.Usage usage() {
        return usage.total();
    }

    /** What this session has cost so far (sub-agents and summaries included), in USD; null when the prices are unknown. */
    public Double costUsd() {
        return pricing.known() ? usage.cost() : null;
    }

    /** Tokens and cost per model and role, the escalations, and the cost on the baseline model alone. */
    public RunCosts costs() {
        return new RunCosts(usage.byModel(pricing), usage.byRole(pricing), router.baseline(), costUsd(),
                pricing.known() ? usage.baselineCost() : null, router.escalations());
    }

    /** The model the main loop uses now. */
    public String modelName() {
        return router.current();
    }

    /**
     * Moves the main loop to the escalate model for the rest of the session (a fix attempt that failed its check, or
     * the loop's own rules); nothing happens when escalation is off or done.
     */
    public void escalate(String reason) {
        ModelRouter.Escalation e = router.escalate(reason);
        if (e != null) {
            emit(new AgentEvent.ModelEscalated(e.from(), e.to(), e.reason()));
        }
    }

    public String sessionId() {
        return sessionId;
    }

    /** Ends the session: background jobs are killed with their process trees. */
    @Override
    public void close() {
        toolContext.jobs().close();
    }

    /** Runs one user prompt to completion on the calling thread. */
    public AgentResult run(String prompt) {
        return run(prompt, limits.timeout());
    }

    /** Runs one prompt with its own wall-time limit (null: none), as when several runs share one time budget. */
    public AgentResult run(String prompt, Duration timeout) {
        long started = System.nanoTime();
        cancellation = new Cancellation();
        cancellation.bindTo(Thread.currentThread());
        Timer deadline = startDeadline(timeout);
        emit(new AgentEvent.SessionStarted(sessionId, router.current(), toolContext.workspace().toString()));
        repairUnansweredCalls();
        Hooks.Outcome submitted = hooks.run("prompt_submit", null, payload().put("prompt", prompt));
        warn(submitted);
        if (submitted.blocked()) {
            if (deadline != null) {
                deadline.cancel();
            }
            cancellation.release();
            Thread.interrupted();
            AgentResult blocked = end(AgentResult.Status.BLOCKED, null, null, submitted.message(), started);
            emit(new AgentEvent.Finished(blocked));
            return blocked;
        }
        append(UserMessage.from(prompt));
        toolContext.checkpointing().startRun();
        AgentResult result;
        try {
            result = loop(started);
        } finally {
            toolContext.checkpointing().endRun();
            if (deadline != null) {
                deadline.cancel();
            }
            cancellation.release();
            Thread.interrupted(); // an interrupt from a cancel during the run must not leak to the caller
        }
        warn(hooks.run("stop", null, payload().put("status", result.status().name().toLowerCase(java.util.Locale.ROOT))
                .put("final", result.finalText())));
        emit(new AgentEvent.Finished(result));
        return result;
    }

    private com.fasterxml.jackson.databind.node.ObjectNode payload() {
        return new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("session_id", sessionId)
                .put("workspace", toolContext.workspace().toString());
    }

    private void warn(Hooks.Outcome outcome) {
        outcome.warnings().forEach(w -> emit(new AgentEvent.ErrorOccurred(w)));
    }

    private AgentResult loop(long started) {
        boolean overflowRetried = false;
        while (true) {
            if (limits.maxTurns() != null && turns >= limits.maxTurns()) {
                return end(AgentResult.Status.LIMIT, null, "turns", null, started);
            }
            if (limits.maxCostUsd() != null && usage.cost() >= limits.maxCostUsd()) {
                return end(AgentResult.Status.LIMIT, null, "cost", null, started);
            }
            if (conversation.overTrigger()) {
                compact(null, false, "the context passed " + conversation.budget().compactAtPercent() + "% of the usable window");
            }
            turns++;
            int sent = conversation.messages().size();
            String modelNow = router.current();
            ModelCaller.Outcome outcome = caller.call(request(ToolChoice.AUTO, conversation.messages(), modelNow), cancellation, true);
            if (outcome.error() != null) {
                if (!overflowRetried && isOverflow(outcome.error())) {
                    overflowRetried = true;
                    turns--;
                    compact(null, true, "the endpoint reported a context overflow");
                    continue;
                }
                if (cancellation.isCancelled() && !outcome.partialText().isEmpty()) {
                    // What the user already saw stays in the conversation, so the next prompt can refer to it.
                    append(AiMessage.builder().text(outcome.partialText() + "\n\n[interrupted by the user]")
                            .thinking(outcome.partialReasoning()).build());
                }
                return failed(outcome.error(), started);
            }
            ChatResponse response = outcome.response();
            recordUsage(response, modelNow, "main");
            conversation.recordExact(response.tokenUsage() == null ? 0 : response.tokenUsage().inputTokenCount(), sent);
            AiMessage reply = response.aiMessage();
            append(reply);
            if (response.finishReason() == FinishReason.LENGTH) {
                escalate("a reply was cut at the output length limit");
                handleCutOutput(reply);
                continue;
            }
            if (!reply.hasToolExecutionRequests()) {
                return end(AgentResult.Status.DONE, reply.text() == null ? "" : reply.text(), null, null, started);
            }
            if (!toolCalls.run(reply.toolExecutionRequests(), cancellation)) {
                return cancelled(started);
            }
        }
    }

    /** Readies the model client for the next request (see {@link V4ChatModel#prepare}); safe to call from any thread. */
    public void prepare() {
        if (model instanceof V4ChatModel v4) {
            v4.prepare(request(ToolChoice.AUTO, conversation.messages(), router.current()));
        }
    }

    /** Every request names its model; the system prompt and tools stay the same bytes whichever model answers. */
    private ChatRequest request(ToolChoice choice, List<ChatMessage> messages, String modelId) {
        return ChatRequest.builder().messages(new ArrayList<>(messages)).toolSpecifications(tools.specifications()).toolChoice(choice)
                .modelName(modelId).build();
    }

    private static boolean isOverflow(Throwable error) {
        return error instanceof V4Exception e && e.kind() == V4Exception.Kind.INVALID_REQUEST && e.getMessage() != null
                && CONTEXT_OVERFLOW.matcher(e.getMessage()).find();
    }

    /**
     * Compacts the conversation now (front ends offer this as /compact with an optional focus). A summary the model
     * fails to write leaves the conversation as it was, with an error event.
     */
    public void compact(String focus, boolean force, String reason) {
        String plan = toolContext.plan().steps().isEmpty() ? null : Plan.render(toolContext.plan().steps());
        try {
            Compactor.Result r = conversation.compact(compactor, plan, focus, force, this::summarize);
            tools.applyWithdrawals(); // a compaction changes the prefix anyway: the moment to drop failed servers' tools
            emit(new AgentEvent.ContextCompacted(r.summarized(), r.prunedOutputs(), r.tokensBefore(), r.tokensAfter(), reason,
                    List.copyOf(conversation.messages())));
        } catch (Exception e) {
            emit(new AgentEvent.ErrorOccurred("compaction failed, continuing without it: " + e.getMessage()));
        }
    }

    private String summarize(List<ChatMessage> request) throws Exception {
        String summarizer = router.compact();
        ModelCaller.Outcome outcome = caller.call(request(ToolChoice.NONE, request, summarizer), cancellation, false);
        if (outcome.error() != null) {
            throw new Exception(outcome.error().getMessage(), outcome.error());
        }
        recordUsage(outcome.response(), summarizer, "compact");
        String text = outcome.response().aiMessage().text();
        if (text == null || text.isBlank()) {
            throw new Exception("the model returned an empty summary");
        }
        return text;
    }

    /** Output cut at max_tokens: a cut tool call is not run (its arguments may be partial); cut text is continued. */
    private void handleCutOutput(AiMessage reply) {
        if (reply.hasToolExecutionRequests()) {
            String notice = Prompts.load("output-cut-tool-call");
            for (ToolExecutionRequest call : reply.toolExecutionRequests()) {
                emit(new AgentEvent.ToolCallStarted(call.id(), call.name(), call.arguments()));
                append(ToolExecutionResultMessage.from(call, notice));
                emit(new AgentEvent.ToolCallFinished(call.id(), call.name(), notice, true, "not run: output cut", 0));
            }
        } else {
            append(UserMessage.from(Prompts.load("continue")));
        }
    }

    /** Runs the calls in order; returns false if interrupted, after giving every call a result. */
    /** A session that ended between a tool call and its result (a crash) gets the missing results before it goes on. */
    private void repairUnansweredCalls() {
        List<ChatMessage> m = conversation.messages();
        int i = m.size() - 1;
        while (i >= 0 && m.get(i) instanceof ToolExecutionResultMessage) {
            i--;
        }
        if (i < 0 || !(m.get(i) instanceof AiMessage a) || !a.hasToolExecutionRequests()) {
            return;
        }
        List<String> answered = m.subList(i + 1, m.size()).stream().map(r -> ((ToolExecutionResultMessage) r).id()).toList();
        for (ToolExecutionRequest call : a.toolExecutionRequests()) {
            if (!answered.contains(call.id())) {
                append(ToolExecutionResultMessage.from(call, ToolCalls.interrupted("the session ended before this tool call finished").output()));
            }
        }
    }


    private void append(ChatMessage m) {
        conversation.append(m);
        emit(new AgentEvent.MessageAppended(m));
    }

    private void recordUsage(ChatResponse response, String modelId, String role) {
        UsageTotals.Usage u = UsageTotals.Usage.of(response.tokenUsage());
        double cost = pricing.costOf(modelId, u);
        usage.add(modelId, role, u, cost, pricing.costOf(router.baseline(), u));
        emit(new AgentEvent.UsageReported(turns, u, pricing.known() ? cost : null, costUsd(), modelId));
    }

    private AgentResult failed(Throwable error, long started) {
        if (error instanceof V4Exception e && e.kind() == V4Exception.Kind.CANCELLED || cancellation.isCancelled()) {
            return cancelled(started);
        }
        String message = error instanceof V4Exception ? error.getMessage() : "unexpected failure talking to the model: " + error;
        emit(new AgentEvent.ErrorOccurred(message));
        return end(AgentResult.Status.ERROR, null, null, message, started);
    }

    private AgentResult cancelled(long started) {
        if (TIME_LIMIT_REASON.equals(cancellation.reason())) {
            return end(AgentResult.Status.LIMIT, null, "time", null, started);
        }
        return end(AgentResult.Status.INTERRUPTED, null, null, cancellation.reason(), started);
    }

    private AgentResult end(AgentResult.Status status, String text, String limit, String error, long started) {
        return new AgentResult(status, text, limit, error, turns, usage.total(), costUsd(), (System.nanoTime() - started) / 1_000_000,
                router.current(), sessionId, costs());
    }

    private Timer startDeadline(Duration timeout) {
        if (timeout == null) {
            return null;
        }
        Timer timer = new Timer("fathom-deadline", true);
        Cancellation c = cancellation;
        timer.schedule(new TimerTask() {
            @Override
            public void run() {
                c.cancel(TIME_LIMIT_REASON);
            }
        }, Math.max(1, timeout.toMillis()));
        return timer;
    }

    void emit(AgentEvent event) {
        for (AgentListener l : listeners) {
            l.on(event);
        }
        String stuck = escalation.on(event);
        if (stuck != null) {
            escalate(stuck);
        }
    }
}
