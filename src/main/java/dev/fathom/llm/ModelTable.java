package dev.fathom.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The model table, read from the {@code models.json} data file: windows, output caps, prices, aliases. */
public final class ModelTable {
    /** The window assumed for a model the table does not know, unless the user configures one. */
    public static final int UNKNOWN_MODEL_WINDOW_TOKENS = 131_072;
    public static final int UNKNOWN_MODEL_MAX_OUTPUT_TOKENS = 32_768;

    private final Map<String, ModelInfo> models;
    private final Map<String, String> aliases;
    private final List<LocalTime[]> peakHoursUtc;

    private ModelTable(Map<String, ModelInfo> models, Map<String, String> aliases, List<LocalTime[]> peakHoursUtc) {
        this.models = models;
        this.aliases = aliases;
        this.peakHoursUtc = peakHoursUtc;
    }

    /** Loads the table packaged with Fathom. */
    public static ModelTable load(ObjectMapper json) {
        try (InputStream in = ModelTable.class.getResourceAsStream("/models.json")) {
            if (in == null) {
                throw new IllegalStateException("models.json is missing from the Fathom jar");
            }
            return parse(json.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read models.json", e);
        }
    }

    static ModelTable parse(JsonNode root) {
        Map<String, ModelInfo> models = new LinkedHashMap<>();
        root.path("models").fields().forEachRemaining(e -> {
            JsonNode m = e.getValue();
            models.put(e.getKey(), new ModelInfo(e.getKey(), m.path("context_window").asInt(),
                    m.path("max_output").asInt(), prices(m.path("price_off_peak")), prices(m.path("price_peak"))));
        });
        Map<String, String> aliases = new LinkedHashMap<>();
        root.path("aliases").fields().forEachRemaining(e -> aliases.put(e.getKey(), e.getValue().asText()));
        List<LocalTime[]> peak = new ArrayList<>();
        for (JsonNode range : root.path("peak_hours_utc")) {
            String[] ends = range.asText().split("-");
            peak.add(new LocalTime[] {LocalTime.parse(ends[0]), LocalTime.parse(ends[1])});
        }
        return new ModelTable(models, aliases, peak);
    }

    private static ModelInfo.Prices prices(JsonNode p) {
        return new ModelInfo.Prices(p.path("cache_hit").asDouble(), p.path("cache_miss").asDouble(), p.path("output").asDouble());
    }

    /** Expands an alias ({@code pro}, {@code flash}); other names are returned unchanged. */
    public String resolveName(String nameOrAlias) {
        return aliases.getOrDefault(nameOrAlias, nameOrAlias);
    }

    /**
     * Facts for a model. An unknown model gets {@code configuredWindow} (or a conservative default) and zero prices,
     * so that any OpenAI-compatible server can be used.
     */
    public ModelInfo lookup(String nameOrAlias, Integer configuredWindow) {
        String id = resolveName(nameOrAlias);
        ModelInfo known = models.get(id);
        if (known != null) {
            return configuredWindow == null ? known
                    : new ModelInfo(id, configuredWindow, Math.min(known.maxOutput(), configuredWindow), known.offPeak(), known.peak());
        }
        int window = configuredWindow != null ? configuredWindow : UNKNOWN_MODEL_WINDOW_TOKENS;
        return new ModelInfo(id, window, Math.min(UNKNOWN_MODEL_MAX_OUTPUT_TOKENS, window), ModelInfo.Prices.FREE, ModelInfo.Prices.FREE);
    }

    /** Alias → model id, in the table's order. */
    public Map<String, String> aliases() {
        return java.util.Collections.unmodifiableMap(aliases);
    }

    public boolean isKnown(String nameOrAlias) {
        return models.containsKey(resolveName(nameOrAlias));
    }

    /** The prices in force at an instant: peak prices on weekdays inside the peak hours. */
    public ModelInfo.Prices pricesAt(ModelInfo model, ZonedDateTime when) {
        ZonedDateTime utc = when.withZoneSameInstant(ZoneOffset.UTC);
        DayOfWeek day = utc.getDayOfWeek();
        if (day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY) {
            return model.offPeak();
        }
        LocalTime t = utc.toLocalTime();
        for (LocalTime[] range : peakHoursUtc) {
            if (!t.isBefore(range[0]) && t.isBefore(range[1])) {
                return model.peak();
            }
        }
        return model.offPeak();
    }
}
