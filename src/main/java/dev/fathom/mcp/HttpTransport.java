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
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The streamable HTTP transport: each message is a POST; a response comes back as JSON or as an SSE stream that ends
 * with it. Requests the server sends on that stream (ping, roots/list, ...) are answered with POSTs of their own, and
 * any event on it (progress above all) restarts the call's timeout. After initialize every request carries the session
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

    /**
     * Posts the request on a thread of its own and waits for the answer in an {@link Inbox}: the calling thread can then
     * stop waiting at once (Esc, the timeout), which a blocked HTTP read would not allow, and closes the connection,
     * which ends that thread.
     */
    @Override
    public JsonNode request(ObjectNode message, Duration timeout, Consumer<JsonNode> onProgress) throws IOException, McpException {
        if (message.path("method").asText().equals("initialize")) {
            sessionId = null;
            protocolVersion = null;
        }
        Exchange exchange = new Exchange(message);
        Thread poster = new Thread(exchange::run, "mcp-http");
        poster.setDaemon(true);
        poster.start();
        try {
            return exchange.inbox.await(message.path("method").asText(), timeout, onProgress);
        } finally {
            exchange.abort(); // nothing left to do once answered; else the connection is closed under the reading thread
        }
    }

    /** One request's POST and the reading of its answer, on the thread {@link #request} starts. */
    private final class Exchange {
        final Inbox inbox = new Inbox();
        private final ObjectNode message;
        private HttpURLConnection connection;
        private boolean aborted;
        private boolean finished;

        Exchange(ObjectNode message) {
            this.message = message;
        }

        void run() {
            try {
                boolean inSession = sessionId != null;
                HttpURLConnection c = open("POST", Duration.ZERO); // no read timeout: the waiting thread keeps the time
                c.connect();
                synchronized (this) {
                    if (aborted) {
                        c.disconnect();
                        return;
                    }
                    connection = c;
                }
                write(c, message);
                JsonNode rpcError = rpcError(c, message);
                if (rpcError != null) {
                    inbox.response(rpcError); // an error of this one request, not of the session
                    return;
                }
                check(c, inSession);
                String session = c.getHeaderField("Mcp-Session-Id");
                if (session != null) {
                    sessionId = session;
                }
                String type = c.getContentType() == null ? "" : c.getContentType();
                try (InputStream in = c.getInputStream()) {
                    if (type.startsWith("text/event-stream")) {
                        fromEvents(in, message.get("id").asText(), inbox, this::aborted);
                    } else {
                        inbox.response(json.readTree(in));
                    }
                }
            } catch (IOException e) {
                inbox.failed(e);
            } catch (RuntimeException e) {
                inbox.failed(new IOException(e.toString(), e));
            } finally {
                synchronized (this) {
                    finished = true;
                }
            }
        }

        /**
         * Never blocks the waiting thread: HttpURLConnection's stream is locked while a read blocks in it, so closing it
         * from here would wait for the server's next byte. The close runs on a thread of its own and takes effect when
         * that read returns (server-everything, for one, keeps sending progress); the reading thread also stops at the
         * next event it reads. A server that stays silent keeps this one connection until the session ends.
         */
        synchronized void abort() {
            aborted = true;
            HttpURLConnection c = connection;
            if (c != null && !finished) {
                Thread closer = new Thread(c::disconnect, "mcp-http-close");
                closer.setDaemon(true);
                closer.start();
            }
        }

        synchronized boolean aborted() {
            return aborted;
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

    /**
     * Reads an SSE answer: the server's requests on it are answered, progress for this request and every other event
     * go to the inbox as signs of life, and the response with this request's id ends it.
     */
    private void fromEvents(InputStream in, String id, Inbox inbox, java.util.function.BooleanSupplier abandoned) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        StringBuilder data = new StringBuilder();
        String line;
        while ((line = r.readLine()) != null && !abandoned.getAsBoolean()) {
            if (line.startsWith("data:")) {
                data.append(line.substring(line.startsWith("data: ") ? 6 : 5));
            } else if (line.isEmpty() && data.length() > 0) {
                JsonNode msg = json.readTree(data.toString());
                data.setLength(0);
                if (msg.has("method") && msg.has("id")) {
                    notify(serverRequests.answer(msg));
                    inbox.heard();
                } else if (msg.path("method").asText().equals("notifications/progress")
                        && msg.path("params").path("progressToken").asText().equals(id)) {
                    inbox.progress(msg.path("params"));
                } else if (msg.has("id") && !msg.has("method") && msg.get("id").asText().equals(id)) {
                    inbox.response(msg);
                    return;
                } else {
                    inbox.heard();
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
        HttpURLConnection c = open(method, timeout);
        write(c, message);
        return c;
    }

    /** A connection with Fathom's headers; {@code readTimeout} zero for none. */
    private HttpURLConnection open(String method, Duration readTimeout) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setRequestMethod(method);
        c.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
        c.setReadTimeout((int) readTimeout.toMillis());
        c.setRequestProperty("Accept", "application/json, text/event-stream");
        if (sessionId != null) {
            c.setRequestProperty("Mcp-Session-Id", sessionId);
        }
        if (protocolVersion != null) {
            c.setRequestProperty("MCP-Protocol-Version", protocolVersion);
        }
        headers.forEach(c::setRequestProperty);
        if (!method.equals("DELETE")) {
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "application/json");
        }
        return c;
    }

    private void write(HttpURLConnection c, ObjectNode message) throws IOException {
        if (message != null) {
            try (OutputStream out = c.getOutputStream()) {
                out.write(json.writeValueAsBytes(message));
            }
        }
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
