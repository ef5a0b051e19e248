package dev.fathom.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code GET {base}/models} says: which server this is ({@code owned_by}: {@code deepseek}, {@code vllm},
 * {@code sglang}; anything else is a generic OpenAI-compatible server) and the models it serves, each with its served
 * window ({@code max_model_len}) where the server reports one (null otherwise).
 */
public record ServedModels(EndpointDialect dialect, Map<String, Integer> windows) {

    public ServedModels {
        windows = Collections.unmodifiableMap(new LinkedHashMap<>(windows));
    }

    public List<String> ids() {
        return new ArrayList<>(windows.keySet());
    }

    static ServedModels parse(JsonNode root) {
        Map<String, Integer> windows = new LinkedHashMap<>();
        EndpointDialect dialect = null;
        for (JsonNode m : root.path("data")) {
            String id = m.path("id").asText(null);
            if (id == null) {
                continue;
            }
            JsonNode len = m.path("max_model_len");
            windows.put(id, len.isNumber() && len.asInt() > 0 ? len.asInt() : null);
            EndpointDialect owner = switch (m.path("owned_by").asText("").toLowerCase(Locale.ROOT)) {
                case "deepseek" -> EndpointDialect.DEEPSEEK;
                case "vllm" -> EndpointDialect.VLLM;
                case "sglang" -> EndpointDialect.SGLANG;
                default -> EndpointDialect.OPENAI_COMPATIBLE;
            };
            dialect = dialect == null ? owner : dialect;
        }
        return new ServedModels(dialect != null ? dialect : EndpointDialect.OPENAI_COMPATIBLE, windows);
    }

    /** Asks the endpoint; null when it cannot say (unreachable, not 200, not a model list). */
    public static ServedModels fetch(String modelsUrl, String apiKey, Duration timeout, ObjectMapper json) {
        try {
            HttpURLConnection conn = (HttpURLConnection) URI.create(modelsUrl).toURL().openConnection();
            try {
                conn.setConnectTimeout((int) timeout.toMillis());
                conn.setReadTimeout((int) timeout.toMillis());
                if (apiKey != null) {
                    conn.setRequestProperty("Authorization", "Bearer " + apiKey);
                }
                conn.setRequestProperty("Accept", "application/json");
                if (conn.getResponseCode() != 200) {
                    return null;
                }
                try (InputStream in = conn.getInputStream()) {
                    JsonNode root = json.readTree(in);
                    return root != null && root.path("data").isArray() ? parse(root) : null;
                }
            } finally {
                conn.disconnect();
            }
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Whether the endpoint's message says the requested model does not exist (DeepSeek, vLLM and SGLang wordings). */
    static boolean saysModelMissing(String serverMessage) {
        String m = serverMessage.toLowerCase(Locale.ROOT);
        return m.contains("model not exist") || m.contains("model") && m.contains("does not exist");
    }

    /**
     * A failure whose message says the model is unknown, retold with the models the endpoint serves and Fathom's
     * aliases, so that the user can pick one; any other failure unchanged.
     */
    static V4Exception explainUnknownModel(V4Exception e, String serverMessage, V4Options options, ObjectMapper json) {
        if (e.kind() != V4Exception.Kind.INVALID_REQUEST || !saysModelMissing(serverMessage)) {
            return e;
        }
        ServedModels served = fetch(options.modelsUrl(), options.apiKey(), options.connectTimeout(), json);
        return new V4Exception(e.kind(), e.httpStatus(), notServed(options.model(), e.httpStatus() + ": " + serverMessage, served,
                ModelTable.load(json)), null, null);
    }

    /**
     * Why switching to {@code name} would fail, or null when the endpoint serves it or cannot say: the check {@code /model}
     * makes before switching. A name DeepSeek's service accepts without listing it (a table id) passes there.
     */
    public static String refusal(String baseUrl, String apiKey, String name, ModelTable table, Duration timeout, ObjectMapper json) {
        String id = table.resolveName(name);
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        ServedModels served = fetch(base + "/models", apiKey, timeout, json);
        if (served == null || served.windows().isEmpty() || served.windows().containsKey(id)
                || served.dialect() == EndpointDialect.DEEPSEEK && table.isKnown(id)) {
            return null;
        }
        return notServed(id, "not in its model list", served, table);
    }

    private static String notServed(String model, String why, ServedModels served, ModelTable table) {
        String list = served == null || served.windows().isEmpty() ? "it did not list the models it serves"
                : "it serves: " + String.join(", ", served.ids());
        StringBuilder aliases = new StringBuilder();
        table.aliases().forEach((a, id) -> aliases.append(aliases.length() == 0 ? "" : ", ").append(a).append(" = ").append(id));
        return "the endpoint does not serve model '" + model + "' (" + why + "); " + list + ".\nPass one with --model (aliases: "
                + aliases + ").";
    }
}
