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
 * The streamable HTTP transport: each message is a POST; a response comes back as JSON or as an SSE stream that ends
 * with it. Requests the server sends on that stream (ping, roots/list, ...) are answered with POSTs of their own, and
 * any event on it (progress above all) restarts the read timeout. After initialize every request carries the session
 * id and the negotiated {@code MCP-Protocol-Version}; a 404 for that session raises {@link SessionExpired}; closing
 * ends the session with a DELETE.
 */
final class HttpTransport implements McpTransport {
    private static final Duration NOTIFY_TIMEOUT = Duration.ofSeconds(30);
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

    /** The server answered 404 to a request that carried a session id: the session is gone, initialize again. */
    static final class SessionExpired extends IOException {
        SessionExpired(String message) {
            super(message);
        }
    }

    private final String url;
    private final Map<String, String> headers;
    private final ObjectMapper json;
    private final ServerRequests serverRequests;
    private volatile String sessionId;
    private volatile String protocolVersion;

    HttpTransport(String url, Map<String, String> headers, ObjectMapper json, ServerRequests serverRequests) {
        this.url = url;
        this.headers = headers;
        this.json = json;
        this.serverRequests = serverRequests;
    }

    @Override
    public void negotiated(String version) {
        protocolVersion = version;
    }

    @Override
    public JsonNode request(ObjectNode message, Duration timeout) throws IOException, McpException {
        if (message.path("method").asText().equals("initialize")) {
            sessionId = null;
            protocolVersion = null;
        }
        boolean inSession = sessionId != null;
        HttpURLConnection c = send("POST", message, timeout);
        JsonNode rpcError = rpcError(c, message);
        if (rpcError != null) {
            return rpcError; // an error of this one request, not of the session
        }
        check(c, inSession);
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

    /** A JSON-RPC error for {@code message} sent with an HTTP error status (some servers do), else null. */
    private JsonNode rpcError(HttpURLConnection c, ObjectNode message) throws IOException {
        if (c.getResponseCode() < 400 || c.getResponseCode() == 404 || c.getContentType() == null || !c.getContentType().startsWith("application/json")) {
            return null;
        }
        try (InputStream err = c.getErrorStream()) {
            JsonNode body = err == null ? null : json.readTree(err);
            if (body != null && body.has("error") && body.path("id").asText().equals(message.path("id").asText())) {
                return body;
            }
        } catch (IOException notJson) {
            // then it is an HTTP failure, reported as one below
        }
        return null;
    }

    private void check(HttpURLConnection c, boolean inSession) throws IOException {
        int status = c.getResponseCode();
        if (status == 404 && inSession) {
            sessionId = null;
            c.disconnect();
            throw new SessionExpired("the session ended on the server (HTTP 404 from " + url + ")");
        }
        if (status >= 400) {
            c.disconnect();
            throw new IOException("HTTP " + status + " from " + url);
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
                if (msg.has("method") && msg.has("id")) {
                    notify(serverRequests.answer(msg));
                } else if (msg.has("id") && msg.get("id").asText().equals(id)) {
                    return msg;
                }
            }
        }
        throw new IOException("the event stream from " + url + " ended without a response");
    }

    @Override
    public void notify(ObjectNode message) throws IOException {
        boolean inSession = sessionId != null;
        HttpURLConnection c = send("POST", message, NOTIFY_TIMEOUT);
        check(c, inSession);
        c.getInputStream().close();
        c.disconnect();
    }

    private HttpURLConnection send(String method, ObjectNode message, Duration timeout) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setRequestMethod(method);
        c.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
        c.setReadTimeout((int) timeout.toMillis());
        c.setRequestProperty("Accept", "application/json, text/event-stream");
        if (sessionId != null) {
            c.setRequestProperty("Mcp-Session-Id", sessionId);
        }
        if (protocolVersion != null) {
            c.setRequestProperty("MCP-Protocol-Version", protocolVersion);
        }
        headers.forEach(c::setRequestProperty);
        if (message != null) {
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "application/json");
            try (OutputStream out = c.getOutputStream()) {
                out.write(json.writeValueAsBytes(message));
            }
        }
        return c;
    }

    /** Ends the session on the server; a server that does not allow it answers 405, which is fine. */
    @Override
    public void close() {
        if (sessionId == null) {
            return;
        }
        try {
            HttpURLConnection c = send("DELETE", null, NOTIFY_TIMEOUT);
            c.getResponseCode();
            c.disconnect();
        } catch (IOException ignored) {
            // the session ends on the server's own schedule then
        }
        sessionId = null;
    }
}
