package dev.fathom.loop;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fathom.session.MessageCodec;
import dev.fathom.session.SessionLog;
import dev.fathom.tools.Plan;
import dev.langchain4j.data.message.ChatMessage;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Writes a session's events to its log as they happen: every message the model saw, usage, the plan, compactions
 * (with the whole new conversation) and the result. Deltas are not logged; the messages they build are.
 */
public final class SessionRecorder implements AgentListener, AutoCloseable {
    private final SessionLog log;
    private final ObjectMapper json;
    private final MessageCodec codec;

    public SessionRecorder(SessionLog log, ObjectMapper json) {
        this.log = log;
        this.json = json;
        this.codec = new MessageCodec(json);
    }

    /** The first record of a new session; {@code initial} are the messages it starts with (system, instructions). */
    public void started(String id, String workspace, String model, String version, boolean instructions, List<ChatMessage> initial) {
        log.append(json.createObjectNode().put("type", "session").put("id", id).put("created", Instant.now().toString())
                .put("workspace", workspace).put("model", model).put("fathom_version", version).put("instructions", instructions));
        initial.forEach(this::message);
    }

    /** Marks that an existing session goes on. */
    public void resumed() {
        log.append(json.createObjectNode().put("type", "resumed").put("at", Instant.now().toString()));
    }

    private void message(ChatMessage m) {
        ObjectNode r = json.createObjectNode().put("type", "message");
        r.set("message", codec.encode(m));
        log.append(r);
    }

    @Override
    public void on(AgentEvent event) {
        if (event instanceof AgentEvent.MessageAppended m) {
            message(m.message());
        } else if (event instanceof AgentEvent.UsageReported u) {
            ObjectNode r = json.createObjectNode().put("type", "usage").put("turn", u.turn());
            r.putObject("usage").put("prompt_tokens", u.usage().promptTokens()).put("completion_tokens", u.usage().completionTokens())
                    .put("cache_hit_tokens", u.usage().cacheHitTokens()).put("cache_miss_tokens", u.usage().cacheMissTokens())
                    .put("reasoning_tokens", u.usage().reasoningTokens());
            r.put("cost_usd", u.costUsd());
            if (u.model() != null) {
                r.put("model", u.model());
            }
            log.append(r);
        } else if (event instanceof AgentEvent.PlanUpdated p) {
            ObjectNode r = json.createObjectNode().put("type", "plan");
            ArrayNode steps = r.putArray("steps");
            for (Plan.Step s : p.steps()) {
                steps.addObject().put("step", s.step()).put("status", s.status());
            }
            log.append(r);
        } else if (event instanceof AgentEvent.ContextCompacted c) {
            ObjectNode r = json.createObjectNode().put("type", "compaction").put("summarized", c.summarized())
                    .put("pruned_outputs", c.prunedOutputs()).put("tokens_before", c.tokensBefore()).put("tokens_after", c.tokensAfter())
                    .put("reason", c.reason());
            ArrayNode messages = r.putArray("messages");
            c.messages().forEach(m -> messages.add(codec.encode(m)));
            log.append(r);
        } else if (event instanceof AgentEvent.ModelEscalated m) {
            log.append(json.createObjectNode().put("type", "escalation").put("from", m.from()).put("to", m.to()).put("reason", m.reason()));
        } else if (event instanceof AgentEvent.ErrorOccurred e) {
            log.append(json.createObjectNode().put("type", "error").put("message", e.message()));
        } else if (event instanceof AgentEvent.Finished f) {
            log.append(json.createObjectNode().put("type", "finished").put("status", f.result().status().name().toLowerCase(Locale.ROOT))
                    .put("turns", f.result().turns()).put("cost_usd", f.result().costUsd()).put("duration_ms", f.result().durationMs()));
        }
    }

    @Override
    public void close() {
        log.close();
    }
}
