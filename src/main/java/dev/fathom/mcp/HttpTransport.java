package dev.fathom.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The streamable HTTP transport: each message is a POST; a response comes back as JSON or as a short SSE stream
 * that ends with it. The session id the server assigns at initialization is sent on every later request.
 */
final class HttpTransport implements McpTransport {
    private final String url;
    private final Map<String, String> headers;
    private final ObjectMapper json;
    private volatile String sessionId;

    HttpTransport(String url, Map<String, String> headers, ObjectMapper json) {
        this.url = url;
        this.headers = headers;
        this.json = json;
    }

    @Override
    public JsonNode request(ObjectNode message, Duration timeout) throws IOException, McpException {
        HttpURLConnection c = post(message, timeout);
        int status = c.getResponseCode();
        if (status >= 400) {
            throw new IOException("HTTP " + status + " from " + url);
        }
        String session = c.getHeaderField("Mcp-Session-Id");
        if (session != null) {
            sessionId = session;
        }
        String type = c.getContentType() == null ? "" : c.getContentType();
        try (InputStream in = c.getInputStream()) {
            if (type.startsWith("text/event-stream")) {
                return fromEvents(in, message.get("id").asText());
            }
            return json.readTree(in);
        } catch (SocketTimeoutException e) {
            throw new McpException("no answer to " + message.path("method").asText() + " within " + timeout.toSeconds() + " s");
        }
    }

    private JsonNode fromEvents(InputStream in, String id) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        StringBuilder data = new StringBuilder();
        String line;
        while ((line = r.readLine()) != null) {
            if (line.startsWith("data:")) {
                data.append(line.substring(line.startsWith("data: ") ? 6 : 5));
            } else if (line.isEmpty() && data.length() > 0) {
                JsonNode msg = json.readTree(data.toString());
                data.setLength(0);
                if (msg.has("id") && msg.get("id").asText().equals(id) && !msg.has("method")) {
                    return msg;
                }
            }
        }
        throw new IOException("the event stream from " + url + " ended without a response");
    }

    @Override
    public void notify(ObjectNode message) throws IOException {
        HttpURLConnection c = post(message, Duration.ofSeconds(30));
        int status = c.getResponseCode();
        c.disconnect();
        if (status >= 400) {
            throw new IOException("HTTP " + status + " from " + url);
        }
    }

    private HttpURLConnection post(ObjectNode message, Duration timeout) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setConnectTimeout(10_000);
        c.setReadTimeout((int) timeout.toMillis());
        c.setRequestProperty("Content-Type", "application/json");
        c.setRequestProperty("Accept", "application/json, text/event-stream");
        if (sessionId != null) {
            c.setRequestProperty("Mcp-Session-Id", sessionId);
        }
        headers.forEach(c::setRequestProperty);
        try (OutputStream out = c.getOutputStream()) {
            out.write(json.writeValueAsBytes(message));
        }
        return c;
    }

    @Override
    public void close() {
        // stateless on our side; the server ends the session when it likes
    }
}
