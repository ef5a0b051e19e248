package dev.fathom.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** One cheap request, {@code GET {base}/models} with the key: does the endpoint answer, and does it accept the key? */
final class EndpointCheck {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** The outcome: whether it passed, and one line saying what was seen. */
    record Outcome(boolean ok, String text) {
    }

    private EndpointCheck() {
    }

    static Outcome run(String baseUrl, String apiKey) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        URI uri;
        try {
            uri = URI.create(base + "/models");
        } catch (IllegalArgumentException e) {
            return new Outcome(false, "endpoint: '" + baseUrl + "' is not a URL");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET();
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
            HttpResponse<Void> response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            if (status == 200) {
                return new Outcome(true, "endpoint: " + uri + " answered and accepted the key");
            }
            if (status == 401 || status == 403) {
                return new Outcome(false, "endpoint: " + uri + " rejected the key (HTTP " + status + "); run fathom login with a valid key");
            }
            return new Outcome(false, "endpoint: " + uri + " answered HTTP " + status);
        } catch (IOException e) {
            return new Outcome(false, "endpoint: cannot reach " + uri + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(false, "endpoint: interrupted");
        }
    }
}
