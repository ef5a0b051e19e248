package dev.fathom.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * An MCP server started as a child process, messages as lines of JSON on its stdin and stdout; its stderr goes to a
 * log file. A reader thread matches responses to requests by id, answers the server's own requests, and hands a
 * progress notification for a request (its token is the request id) to the request's {@link Inbox}.
 */
final class StdioTransport implements McpTransport {
    private final Process process;
    private final OutputStream stdin;
    private final ObjectMapper json;
    private final ServerRequests serverRequests;
    private final Map<String, Inbox> pending = new ConcurrentHashMap<>();
    private volatile String closedBecause;

    StdioTransport(List<String> command, Map<String, String> env, Path workspace, Path stderrLog, ObjectMapper json,
            ServerRequests serverRequests) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(workspace.toFile()).redirectError(stderrLog.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        this.process = pb.start();
        this.stdin = process.getOutputStream();
        this.json = json;
        this.serverRequests = serverRequests;
        Thread reader = new Thread(this::readLoop, "mcp-stdio");
        reader.setDaemon(true);
        reader.start();
    }

    private void readLoop() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode msg;
                try {
                    msg = json.readTree(line);
                } catch (IOException notJson) {
                    continue; // servers sometimes log to stdout; JSON-RPC lines are what count
                }
                if (msg.has("method") && msg.has("id")) {
                    answerServerRequest(msg);
                } else if (msg.path("method").asText().equals("notifications/progress")) {
                    Inbox waiting = pending.get(msg.path("params").path("progressToken").asText());
                    if (waiting != null) {
                        waiting.progress(msg.path("params"));
                    }
                } else if (msg.has("id")) {
                    Inbox waiting = pending.remove(msg.get("id").asText());
                    if (waiting != null) {
                        waiting.response(msg);
                    }
                }
            }
        } catch (IOException e) {
            // the process went away; handled below
        }
        closedBecause = "the server process ended" + (process.isAlive() ? "" : " (exit code " + exitCode() + ")");
        pending.values().forEach(waiting -> waiting.failed(new IOException(closedBecause)));
        pending.clear();
    }

    private String exitCode() {
        try {
            return String.valueOf(process.waitFor(1, TimeUnit.SECONDS) ? process.exitValue() : "unknown");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private void answerServerRequest(JsonNode msg) {
        try {
            write(serverRequests.answer(msg));
        } catch (IOException ignored) {
            // the reader will notice the end
        }
    }

    private synchronized void write(ObjectNode message) throws IOException {
        stdin.write((json.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    @Override
    public JsonNode request(ObjectNode message, Duration timeout, Consumer<JsonNode> onProgress) throws IOException, McpException {
        String id = message.get("id").asText();
        Inbox inbox = new Inbox();
        pending.put(id, inbox);
        try {
            if (closedBecause != null) { // checked after the put: the reader fails every request it still finds
                throw new IOException(closedBecause);
            }
            write(message);
            return inbox.await(message.path("method").asText(), timeout, onProgress);
        } finally {
            pending.remove(id); // answered, timed out or interrupted: a late answer is dropped
        }
    }

    @Override
    public void notify(ObjectNode message) throws IOException {
        write(message);
    }

    @Override
    public void close() {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                dev.fathom.safety.Shell.killTree(process);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            dev.fathom.safety.Shell.killTree(process);
        }
    }
}
