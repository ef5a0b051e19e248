package dev.fathom.fix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * A small JSON-over-HTTPS client for a code host's REST API, on the JDK's HttpClient. The token goes in a header and
 * is blanked out of every message this class makes.
 */
final class PlatformApi {
    /** A refused or failed call, with a message fit for the report (status and the service's own words). */
    static final class ApiException extends IOException {
        ApiException(String message) {
            super(message);
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_MESSAGE_CHARS = 300;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String base;
    private final Map<String, String> headers;
    private final String token;

    PlatformApi(String base, Map<String, String> headers, String token) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.headers = headers;
        this.token = token;
    }

    ObjectMapper json() {
        return json;
    }

    JsonNode call(String method, String path, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT).header("Accept", "application/json")
                .header("User-Agent", "fathom-fix");
        headers.forEach(b::header);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ApiException(hide(method + " " + path + " failed: " + e));
        }
        if (r.statusCode() / 100 != 2) {
            String text = r.body() == null ? "" : r.body().strip();
            try {
                JsonNode err = json.readTree(text);
                text = err.has("message") ? err.path("message").asText() : err.path("error").asText(text);
            } catch (IOException notJson) {
                // the body as it is
            }
            if (text.length() > MAX_MESSAGE_CHARS) {
                text = text.substring(0, MAX_MESSAGE_CHARS) + "…";
            }
            throw new ApiException(hide(method + " " + path + " answered HTTP " + r.statusCode() + (text.isEmpty() ? "" : ": " + text)));
        }
        return r.body() == null || r.body().isBlank() ? json.nullNode() : json.readTree(r.body());
    }

    private String hide(String message) {
        return token == null || token.isEmpty() ? message : message.replace(token, "***");
    }
}
