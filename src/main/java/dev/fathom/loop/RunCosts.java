package dev.fathom.loop;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a session's tokens and money went: per model, per role (main, explore, compact), the escalations, and what
 * the same tokens would have cost on the baseline model alone ({@code baselineCostUsd}; null when unpriced). The
 * baseline counts the same hits and misses, so it prices the routing, not a different cache history.
 */
public record RunCosts(Map<String, UsageTotals.Line> byModel, Map<String, UsageTotals.Line> byRole, String baselineModel,
        Double costUsd, Double baselineCostUsd, List<ModelRouter.Escalation> escalations) {

    public static final RunCosts NONE = new RunCosts(Map.of(), Map.of(), null, null, null, List.of());

    /** The {@code costs} object of exec's json, stream-json's finished event and the fix report. */
    public ObjectNode toJson(ObjectMapper json) {
        ObjectNode c = json.createObjectNode();
        c.put("baseline_model", baselineModel);
        money(c, "cost_usd", costUsd);
        money(c, "baseline_cost_usd", baselineCostUsd);
        lines(c.putObject("by_model"), byModel);
        lines(c.putObject("by_role"), byRole);
        var arr = c.putArray("escalations");
        for (ModelRouter.Escalation e : escalations) {
            arr.addObject().put("from", e.from()).put("to", e.to()).put("reason", e.reason());
        }
        return c;
    }

    private static void lines(ObjectNode into, Map<String, UsageTotals.Line> lines) {
        lines.forEach((name, l) -> into.putObject(name).put("requests", l.requests()).put("prompt_tokens", l.usage().promptTokens())
                .put("completion_tokens", l.usage().completionTokens()).put("cache_hit_tokens", l.usage().cacheHitTokens())
                .put("cache_miss_tokens", l.usage().cacheMissTokens()).put("reasoning_tokens", l.usage().reasoningTokens())
                .set("cost_usd", null));
        lines.forEach((name, l) -> money((ObjectNode) into.get(name), "cost_usd", l.costUsd()));
    }

    /** A cost as a plain decimal ({@code 0.00072974}, never {@code 7.2974E-4}), or null when unpriced. */
    public static void money(ObjectNode into, String field, Double usd) {
        String plain = plainDecimal(usd);
        if (plain == null) {
            into.putNull(field);
        } else {
            into.putRawValue(field, new RawValue(plain));
        }
    }

    /**
     * The one rule for costs in JSON: a plain decimal ({@code 0.00072974}; {@code 7.2974E-4} is misread by some
     * consumers), or null for no number at all (unpriced): never a made-up 0.
     */
    public static String plainDecimal(Double usd) {
        return usd == null || usd.isNaN() || usd.isInfinite() ? null : BigDecimal.valueOf(usd).toPlainString();
    }

    /** A JSON report (the fix report) with this added as its {@code costs} field, pretty-printed as it was. */
    public String addTo(String reportJson, ObjectMapper json) {
        try {
            // decimals are read and written back as they were, so a cost keeps its plain form
            ObjectNode report = (ObjectNode) json.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).readTree(reportJson);
            report.set("costs", toJson(json));
            return json.writer().with(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN).withDefaultPrettyPrinter()
                    .writeValueAsString(report) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Markdown lines for a pull-request summary: cost per model, the baseline, the escalations; empty with one model. */
    public String markdown() {
        if (byModel.size() < 2 && escalations.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder("\n### Models\n\n| model | requests | prompt tokens (cached) | output tokens | cost |\n|---|---|---|---|---|\n");
        byModel.forEach((m, l) -> md.append(String.format(Locale.ROOT, "| %s | %d | %,d (%.0f%%) | %,d | %s |%n", m, l.requests(),
                l.usage().promptTokens(), 100 * l.usage().cacheHitRatio(), l.usage().completionTokens(),
                l.costUsd() == null ? "unknown" : String.format(Locale.ROOT, "$%.4f", l.costUsd()))));
        if (baselineCostUsd != null) {
            md.append(String.format(Locale.ROOT, "%nThe same tokens on %s alone: $%.4f.%n", baselineModel, baselineCostUsd));
        }
        escalations.forEach(e -> md.append("\n- Escalated from ").append(e.from()).append(" to ").append(e.to()).append(": ")
                .append(e.reason()).append('\n'));
        return md.toString();
    }

    /** A plain-text table for /cost and the terminal. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        byModel.forEach((m, l) -> sb.append(line("model " + m, l)));
        byRole.forEach((r, l) -> sb.append(line("role " + r, l)));
        if (baselineCostUsd != null && costUsd != null && baselineModel != null) {
            sb.append(String.format(Locale.ROOT, "  on %s alone: $%.4f (this session: $%.4f)%n", baselineModel, baselineCostUsd, costUsd));
        }
        escalations.forEach(e -> sb.append("  escalated ").append(e.from()).append(" \u2192 ").append(e.to()).append(": ")
                .append(e.reason()).append('\n'));
        return sb.toString();
    }

    private static String line(String name, UsageTotals.Line l) {
        return String.format(Locale.ROOT, "  %-24s %4d req  %,11d in (%3.0f%% cached)  %,9d out  %s%n", name, l.requests(),
                l.usage().promptTokens(), 100 * l.usage().cacheHitRatio(), l.usage().completionTokens(),
                l.costUsd() == null ? "no prices" : String.format(Locale.ROOT, "$%.4f", l.costUsd()));
    }
}
