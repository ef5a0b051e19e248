package dev.fathom.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Finds which server is behind a base URL, so that a user changes only the base URL, model and key. DeepSeek's own host
 * is known without a request; any other endpoint is asked {@code GET {base}/models} once, and the answer (the dialect
 * and the served models with their windows) is kept per base URL in {@code FATHOM_HOME/endpoints.json}, so later runs
 * ask nothing. It is asked again only when the cached answer does not list a model the table does not know either (the
 * server may have been restarted with another one). A failed request is not cached; the run then treats the endpoint
 * as a generic OpenAI-compatible server.
 */
public final class EndpointProbe {
    public static final String CACHE_FILE = "endpoints.json";
    private static final String DEEPSEEK_HOST = "api.deepseek.com";

    /** The endpoint's dialect, and the model's window as the server reports it (null when it does not, or was not asked). */
    public record Endpoint(EndpointDialect dialect, Integer servedWindow) {
    }

    private final Path cacheFile;
    private final ObjectMapper json;
    private final Duration timeout;

    public EndpointProbe(Path fathomHome, ObjectMapper json, Duration timeout) {
        this.cacheFile = fathomHome.resolve(CACHE_FILE);
        this.json = json;
        this.timeout = timeout;
    }

    /**
     * @param forced the dialect the user set, or null to detect it
     * @param modelKnown whether the model table has the model (then its window is the table's, and no request is needed
     *     for it)
     */
    public Endpoint resolve(String baseUrl, String apiKey, EndpointDialect forced, String model, boolean modelKnown) {
        boolean deepSeekHost = isDeepSeekHost(baseUrl);
        if (deepSeekHost || forced != null && modelKnown) {
            return new Endpoint(forced != null ? forced : EndpointDialect.DEEPSEEK, null);
        }
        String key = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        Map<String, ServedModels> cache = readCache();
        ServedModels served = cache.get(key);
        if (served == null || !modelKnown && !served.windows().containsKey(model)) {
            ServedModels fresh = ServedModels.fetch(key + "/models", apiKey, timeout, json);
            if (fresh != null) {
                served = fresh;
                cache.put(key, fresh);
                writeCache(cache);
            }
        }
        EndpointDialect dialect = forced != null ? forced : served != null ? served.dialect() : EndpointDialect.OPENAI_COMPATIBLE;
        return new Endpoint(dialect, served != null && !modelKnown ? served.windows().get(model) : null);
    }

    static boolean isDeepSeekHost(String baseUrl) {
        try {
            String host = URI.create(baseUrl).getHost();
            return host != null && host.toLowerCase(Locale.ROOT).equals(DEEPSEEK_HOST);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private Map<String, ServedModels> readCache() {
        Map<String, ServedModels> cache = new LinkedHashMap<>();
        try {
            if (!Files.exists(cacheFile)) {
                return cache;
            }
            JsonNode root = json.readTree(Files.readString(cacheFile, StandardCharsets.UTF_8));
            root.fields().forEachRemaining(e -> {
                EndpointDialect d = EndpointDialect.fromWireName(e.getValue().path("dialect").asText());
                if (d != null) {
                    Map<String, Integer> windows = new LinkedHashMap<>();
                    e.getValue().path("models").fields().forEachRemaining(m ->
                            windows.put(m.getKey(), m.getValue().isNumber() ? m.getValue().asInt() : null));
                    cache.put(e.getKey(), new ServedModels(d, windows));
                }
            });
        } catch (IOException | RuntimeException unreadable) {
            // a damaged cache only costs a request
        }
        return cache;
    }

    /** Replaces the cache file in one step, so that a concurrent run reads the old or the new file, never half of one. */
    private void writeCache(Map<String, ServedModels> cache) {
        ObjectNode root = json.createObjectNode();
        cache.forEach((base, served) -> {
            ObjectNode entry = root.putObject(base).put("dialect", served.dialect().wireName());
            ObjectNode models = entry.putObject("models");
            served.windows().forEach((id, window) -> {
                if (window == null) {
                    models.putNull(id);
                } else {
                    models.put(id, window);
                }
            });
        });
        Path tmp = null;
        try {
            Files.createDirectories(cacheFile.getParent());
            tmp = Files.createTempFile(cacheFile.getParent(), CACHE_FILE, ".tmp");
            Files.writeString(tmp, json.writerWithDefaultPrettyPrinter().writeValueAsString(root), StandardCharsets.UTF_8);
            Files.move(tmp, cacheFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            try {
                if (tmp != null) {
                    Files.deleteIfExists(tmp);
                }
            } catch (IOException ignored) {
                // nothing more to do: the next run asks again
            }
        }
    }
}
