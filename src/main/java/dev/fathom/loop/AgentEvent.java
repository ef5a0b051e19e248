package dev.fathom.loop;

import dev.fathom.tools.Plan;
import dev.langchain4j.data.message.ChatMessage;
import java.util.List;

/** Everything a front end can observe of a run, in order. Names are past tense; payloads are immutable. */
public sealed interface AgentEvent {

    record SessionStarted(String sessionId, String model, String workspace) implements AgentEvent {
    }

    record TextDelta(String text) implements AgentEvent {
    }

    record ReasoningDelta(String text) implements AgentEvent {
    }

    record ToolCallStarted(String callId, String name, String arguments) implements AgentEvent {
    }

    /** A running tool said how far it has come (MCP progress); {@code total} and {@code message} may be null. */
    record ToolCallProgressed(String callId, String name, double progress, Double total, String message) implements AgentEvent {
    }

    record ToolCallFinished(String callId, String name, String output, boolean error, String summary, long durationMs)
            implements AgentEvent {
    }

    record PlanUpdated(List<Plan.Step> steps) implements AgentEvent {
    }

    /** A message joined the conversation (the session log records it; front ends may ignore it). */
    record MessageAppended(ChatMessage message) implements AgentEvent {
    }

    /** The conversation was compacted; {@code messages} is the whole new conversation. */
    record ContextCompacted(boolean summarized, int prunedOutputs, int tokensBefore, int tokensAfter, String reason,
            List<ChatMessage> messages) implements AgentEvent {
    }

    /** One response's usage; {@code model} is the model that answered (null when not known). */
    record UsageReported(int turn, UsageTotals.Usage usage, Double costUsd, Double totalCostUsd, String model) implements AgentEvent {
        public UsageReported(int turn, UsageTotals.Usage usage, Double costUsd, Double totalCostUsd) {
            this(turn, usage, costUsd, totalCostUsd, null);
        }
    }

    /** The main loop moved to a stronger model; later requests go to {@code to}. */
    record ModelEscalated(String from, String to, String reason) implements AgentEvent {
    }

    record Retrying(int attempt, long delayMs, String reason) implements AgentEvent {
    }

    record ErrorOccurred(String message) implements AgentEvent {
    }

    record Finished(AgentResult result) implements AgentEvent {
    }
}
