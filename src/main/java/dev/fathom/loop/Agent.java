package dev.fathom.loop;

import dev.fathom.llm.Cancellation;
import dev.fathom.llm.V4Exception;
import dev.fathom.llm.V4StreamingHandler;
import dev.fathom.tools.ToolContext;
import dev.fathom.tools.ToolRegistry;
import dev.fathom.tools.ToolResult;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.output.FinishReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.CountDownLatch;

/**
 * The agent loop. One run: the user's prompt, then request → stream → tool calls → results, until the model answers
 * without calling tools, a limit is hit, the run is interrupted, or the endpoint fails for good. Every tool call gets
 * exactly one result, also when interrupted. Model mistakes go back to the model; only endpoint failures end the run.
 */
public final class Agent implements AutoCloseable {
    static final String TIME_LIMIT_REASON = "the time limit was reached";

    private final StreamingChatModel model;
    private final String modelName;
    private final ToolRegistry tools;
    private final ToolContext toolContext;
    private final Limits limits;
    private final Pricing pricing;
    private final String sessionId;
    private final List<AgentListener> listeners = new ArrayList<>();
    private final List<ChatMessage> messages = new ArrayList<>();
    private final Cancellation cancellation = new Cancellation();
    private final UsageTotals usage = new UsageTotals();
    private double costUsd;
    private int turns;

    public Agent(StreamingChatModel model, String modelName, ToolRegistry tools, ToolContext toolContext, Limits limits,
            Pricing pricing, String sessionId) {
        this.model = model;
        this.modelName = modelName;
        this.tools = tools;
        this.toolContext = toolContext;
        this.limits = limits;
        this.pricing = pricing;
        this.sessionId = sessionId;
        messages.add(SystemMessage.from(Prompts.load("system")));
        toolContext.plan().onChange(steps -> emit(new AgentEvent.PlanUpdated(steps)));
    }

    /** Ends the session: background jobs are killed with their process trees. */
    @Override
    public void close() {
        toolContext.jobs().close();
    }

    public void addListener(AgentListener listener) {
        listeners.add(listener);
    }

    /** Cancels the run in progress (Esc, a signal); it ends with status INTERRUPTED. */
    public Cancellation cancellation() {
        return cancellation;
    }

    /** The conversation so far, as sent to the model. */
    public List<ChatMessage> messages() {
        return List.copyOf(messages);
    }

    /** Runs one user prompt to completion on the calling thread. */
    public AgentResult run(String prompt) {
        long started = System.nanoTime();
        cancellation.bindTo(Thread.currentThread());
        Timer deadline = startDeadline();
        emit(new AgentEvent.SessionStarted(sessionId, modelName, toolContext.workspace().toString()));
        messages.add(UserMessage.from(prompt));
        AgentResult result;
        try {
            result = loop(started);
        } finally {
            if (deadline != null) {
                deadline.cancel();
            }
            Thread.interrupted(); // a late cancel must not leak an interrupt to the caller
        }
        emit(new AgentEvent.Finished(result));
        return result;
    }

    private AgentResult loop(long started) {
        while (true) {
            if (limits.maxTurns() != null && turns >= limits.maxTurns()) {
                return end(AgentResult.Status.LIMIT, null, "turns", null, started);
            }
            if (limits.maxCostUsd() != null && costUsd >= limits.maxCostUsd()) {
                return end(AgentResult.Status.LIMIT, null, "cost", null, started);
            }
            turns++;
            Outcome outcome = stream();
            if (outcome.error != null) {
                return failed(outcome.error, started);
            }
            ChatResponse response = outcome.response;
            recordUsage(response);
            AiMessage reply = response.aiMessage();
            messages.add(reply);
            if (response.finishReason() == FinishReason.LENGTH) {
                handleCutOutput(reply);
                continue;
            }
            if (!reply.hasToolExecutionRequests()) {
                return end(AgentResult.Status.DONE, reply.text() == null ? "" : reply.text(), null, null, started);
            }
            if (!runToolCalls(reply.toolExecutionRequests())) {
                return cancelled(started);
            }
        }
    }

    /** Output cut at max_tokens: a cut tool call is not run (its arguments may be partial); cut text is continued. */
    private void handleCutOutput(AiMessage reply) {
        if (reply.hasToolExecutionRequests()) {
            String notice = Prompts.load("output-cut-tool-call");
            for (ToolExecutionRequest call : reply.toolExecutionRequests()) {
                emit(new AgentEvent.ToolCallStarted(call.id(), call.name(), call.arguments()));
                messages.add(ToolExecutionResultMessage.from(call, notice));
                emit(new AgentEvent.ToolCallFinished(call.id(), call.name(), notice, true, "not run: output cut", 0));
            }
        } else {
            messages.add(UserMessage.from(Prompts.load("continue")));
        }
    }

    /** Runs the calls in order; returns false if interrupted, after giving every call a result. */
    private boolean runToolCalls(List<ToolExecutionRequest> calls) {
        for (int i = 0; i < calls.size(); i++) {
            ToolExecutionRequest call = calls.get(i);
            emit(new AgentEvent.ToolCallStarted(call.id(), call.name(), call.arguments()));
            long t0 = System.nanoTime();
            ToolResult result;
            if (cancellation.isCancelled()) {
                result = interruptedResult();
            } else {
                try {
                    result = tools.execute(call, toolContext);
                } catch (InterruptedException e) {
                    result = interruptedResult();
                }
            }
            messages.add(ToolExecutionResultMessage.from(call, result.output()));
            emit(new AgentEvent.ToolCallFinished(call.id(), call.name(), result.output(), result.error(), result.summary(),
                    (System.nanoTime() - t0) / 1_000_000));
        }
        return !cancellation.isCancelled();
    }

    private ToolResult interruptedResult() {
        return new ToolResult("Interrupted: " + cancellation.reason() + "; the tool call did not complete.", true, "interrupted");
    }

    private void recordUsage(ChatResponse response) {
        UsageTotals.Usage u = UsageTotals.Usage.of(response.tokenUsage());
        usage.add(u);
        double cost = pricing.costOf(u);
        costUsd += cost;
        emit(new AgentEvent.UsageReported(turns, u, cost, costUsd));
    }

    private record Outcome(ChatResponse response, Throwable error) {
    }

    /** One model call; waits for it, whatever thread the model completes on. */
    private Outcome stream() {
        ChatRequest request = ChatRequest.builder().messages(new ArrayList<>(messages)).toolSpecifications(tools.specifications()).build();
        CountDownLatch done = new CountDownLatch(1);
        Outcome[] outcome = new Outcome[1];
        model.chat(request, new V4StreamingHandler() {
            @Override
            public void onPartialResponse(String text) {
                emit(new AgentEvent.TextDelta(text));
            }

            @Override
            public void onPartialThinking(PartialThinking thinking) {
                emit(new AgentEvent.ReasoningDelta(thinking.text()));
            }

            @Override
            public void onRetry(int attempt, Duration delay, V4Exception cause) {
                emit(new AgentEvent.Retrying(attempt, delay.toMillis(), cause.getMessage()));
            }

            @Override
            public Cancellation cancellation() {
                return cancellation;
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                outcome[0] = new Outcome(response, null);
                done.countDown();
            }

            @Override
            public void onError(Throwable error) {
                outcome[0] = new Outcome(null, error);
                done.countDown();
            }
        });
        try {
            done.await();
        } catch (InterruptedException e) {
            return new Outcome(null, V4Exception.cancelled(cancellation.isCancelled() ? cancellation.reason() : "interrupted"));
        }
        return outcome[0];
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
        return new AgentResult(status, text, limit, error, turns, usage.total(), costUsd, (System.nanoTime() - started) / 1_000_000,
                modelName, sessionId);
    }

    private Timer startDeadline() {
        if (limits.timeout() == null) {
            return null;
        }
        Timer timer = new Timer("fathom-deadline", true);
        timer.schedule(new TimerTask() {
            @Override
            public void run() {
                cancellation.cancel(TIME_LIMIT_REASON);
            }
        }, limits.timeout().toMillis());
        return timer;
    }

    private void emit(AgentEvent event) {
        for (AgentListener l : listeners) {
            l.on(event);
        }
    }
}
