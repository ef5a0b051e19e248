package dev.fathom.ui;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.loop.AgentEvent;
import dev.fathom.loop.AgentListener;
import dev.fathom.loop.AgentResult;
import dev.fathom.loop.UsageTotals;
import dev.fathom.tools.Plan;
import java.io.IOException;
import java.math.BigDecimal;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * The machine-readable outputs of {@code exec}: {@code stream-json} (one object per line per event, each with a
 * {@code type}) and the single result object of {@code json}. The field names are a public contract (README).
 */
public final class JsonEvents implements AgentListener {
    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final PrintStream out;

    public JsonEvents(PrintStream out) {
        this.out = out;
    }

    @Override
    public void on(AgentEvent event) {
        if (event instanceof AgentEvent.MessageAppended) {
            return; // internal: the session log's business, not part of the stream-json contract
        }
        out.println(line(event));
        out.flush();
    }

    static String line(AgentEvent event) {
        return write(g -> {
            g.writeStartObject();
            if (event instanceof AgentEvent.SessionStarted s) {
                g.writeStringField("type", "session_started");
                g.writeStringField("session_id", s.sessionId());
                g.writeStringField("model", s.model());
                g.writeStringField("workspace", s.workspace());
            } else if (event instanceof AgentEvent.TextDelta d) {
                g.writeStringField("type", "text_delta");
                g.writeStringField("text", d.text());
            } else if (event instanceof AgentEvent.ReasoningDelta d) {
                g.writeStringField("type", "reasoning_delta");
                g.writeStringField("text", d.text());
            } else if (event instanceof AgentEvent.ToolCallStarted s) {
                g.writeStringField("type", "tool_call_started");
                g.writeStringField("call_id", s.callId());
                g.writeStringField("name", s.name());
                writeArguments(g, s.arguments());
            } else if (event instanceof AgentEvent.ToolCallProgressed p) {
                g.writeStringField("type", "progress");
                g.writeStringField("call_id", p.callId());
                g.writeStringField("name", p.name());
                writeAmount(g, "progress", p.progress());
                writeAmount(g, "total", p.total());
                g.writeStringField("message", p.message());
            } else if (event instanceof AgentEvent.ToolCallFinished f) {
                g.writeStringField("type", "tool_call_finished");
                g.writeStringField("call_id", f.callId());
                g.writeStringField("name", f.name());
                g.writeBooleanField("error", f.error());
                g.writeStringField("summary", f.summary());
                g.writeStringField("output", f.output());
                g.writeNumberField("duration_ms", f.durationMs());
            } else if (event instanceof AgentEvent.PlanUpdated p) {
                g.writeStringField("type", "plan_updated");
                g.writeArrayFieldStart("steps");
                for (Plan.Step step : p.steps()) {
                    g.writeStartObject();
                    g.writeStringField("step", step.step());
                    g.writeStringField("status", step.status());
                    g.writeEndObject();
                }
                g.writeEndArray();
            } else if (event instanceof AgentEvent.ContextCompacted c) {
                g.writeStringField("type", "context_compacted");
                g.writeBooleanField("summarized", c.summarized());
                g.writeNumberField("pruned_outputs", c.prunedOutputs());
                g.writeNumberField("tokens_before", c.tokensBefore());
                g.writeNumberField("tokens_after", c.tokensAfter());
                g.writeStringField("reason", c.reason());
            } else if (event instanceof AgentEvent.UsageReported u) {
                g.writeStringField("type", "usage");
                g.writeNumberField("turn", u.turn());
                if (u.model() != null) {
                    g.writeStringField("model", u.model());
                }
                writeUsage(g, u.usage());
                writeCost(g, "cost_usd", u.costUsd());
                writeCost(g, "total_cost_usd", u.totalCostUsd());
            } else if (event instanceof AgentEvent.ModelEscalated m) {
                g.writeStringField("type", "escalation");
                g.writeStringField("from", m.from());
                g.writeStringField("to", m.to());
                g.writeStringField("reason", m.reason());
            } else if (event instanceof AgentEvent.Retrying r) {
                g.writeStringField("type", "retrying");
                g.writeNumberField("attempt", r.attempt());
                g.writeNumberField("delay_ms", r.delayMs());
                g.writeStringField("reason", r.reason());
            } else if (event instanceof AgentEvent.ErrorOccurred e) {
                g.writeStringField("type", "error");
                g.writeStringField("message", e.message());
            } else if (event instanceof AgentEvent.Finished f) {
                g.writeStringField("type", "finished");
                writeResultFields(g, f.result());
            }
            g.writeEndObject();
        });
    }

    /** The {@code --output json} object. */
    public static String result(AgentResult r) {
        return write(g -> {
            g.writeStartObject();
            writeResultFields(g, r);
            g.writeEndObject();
        });
    }

    private static void writeResultFields(JsonGenerator g, AgentResult r) throws IOException {
        g.writeStringField("status", r.status().name().toLowerCase(Locale.ROOT));
        if (r.limit() != null) {
            g.writeStringField("limit", r.limit());
        }
        if (r.error() != null) {
            g.writeStringField("error", r.error());
        }
        g.writeStringField("final", r.finalText());
        g.writeStringField("session_id", r.sessionId());
        g.writeNumberField("turns", r.turns());
        g.writeNumberField("duration_ms", r.durationMs());
        g.writeStringField("model", r.model());
        writeUsage(g, r.usage());
        writeCost(g, "cost_usd", r.costUsd());
        g.writeFieldName("costs"); // per model and role, escalations, and the baseline (README: Models)
        g.writeRawValue(r.costs().toJson(COSTS).toString());
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper COSTS = new com.fasterxml.jackson.databind.ObjectMapper();

    /**
     * A cost in USD as a plain decimal ({@code 0.00072974}, never {@code 7.2974E-4}, which some consumers misread), or
     * null when the endpoint's prices are unknown: never a made-up 0.
     */
    private static void writeCost(JsonGenerator g, String field, Double usd) throws IOException {
        g.writeFieldName(field);
        String plain = dev.fathom.loop.RunCosts.plainDecimal(usd);
        if (plain == null) {
            g.writeNull();
        } else {
            g.writeNumber(plain);
        }
    }

    /** A progress amount as the server sent it: a whole number without a fraction, null when not given. */
    private static void writeAmount(JsonGenerator g, String field, Double amount) throws IOException {
        g.writeFieldName(field);
        if (amount == null || amount.isNaN() || amount.isInfinite()) {
            g.writeNull();
        } else if (amount == Math.rint(amount) && Math.abs(amount) < 1e15) {
            g.writeNumber(amount.longValue());
        } else {
            g.writeNumber(BigDecimal.valueOf(amount).toPlainString());
        }
    }

    /**
     * A tool call's arguments as the JSON object the model sent, so consumers need not parse a string; arguments that
     * are not a JSON object stay the string they were, with {@code "arguments_malformed": true}.
     */
    private static void writeArguments(JsonGenerator g, String arguments) throws IOException {
        JsonNode parsed = null;
        try {
            parsed = arguments == null || arguments.isBlank() ? MAPPER.createObjectNode() : MAPPER.readTree(arguments);
        } catch (IOException malformed) {
            // written as a string below
        }
        if (parsed != null && parsed.isObject()) {
            g.writeFieldName("arguments");
            MAPPER.writeTree(g, parsed);
        } else {
            g.writeStringField("arguments", arguments);
            g.writeBooleanField("arguments_malformed", true);
        }
    }

    private static void writeUsage(JsonGenerator g, UsageTotals.Usage u) throws IOException {
        g.writeObjectFieldStart("usage");
        g.writeNumberField("prompt_tokens", u.promptTokens());
        g.writeNumberField("completion_tokens", u.completionTokens());
        g.writeNumberField("cache_hit_tokens", u.cacheHitTokens());
        g.writeNumberField("cache_miss_tokens", u.cacheMissTokens());
        g.writeNumberField("reasoning_tokens", u.reasoningTokens());
        g.writeEndObject();
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static String write(Body body) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }
}
