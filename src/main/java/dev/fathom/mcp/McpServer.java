package dev.fathom.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fathom.tools.ToolProgress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** One configured MCP server: how to reach it, its state, its tools once listed. */
public final class McpServer {
    public static final String PROTOCOL_VERSION = "2025-06-18";
    static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(120);

    /**
     * How a server is declared in the settings: a command (stdio) or a URL (streamable HTTP); {@code tools} the tools to
     * offer as the server names them (null: all); {@code timeout} how long a call may go without an answer or progress.
     */
    public record Config(String name, List<String> command, Map<String, String> env, String url, Map<String, String> headers,
            boolean readOnly, List<String> tools, boolean enabled, Duration timeout) {
        public Config(String name, List<String> command, Map<String, String> env, String url, Map<String, String> headers, boolean readOnly) {
            this(name, command, env, url, headers, readOnly, null, true, CALL_TIMEOUT);
        }
    }

    /**
     * A tool as the server describes it; {@code requiresTasks} when it may only be called as an MCP task
     * ({@code execution.taskSupport: "required"}), which Fathom does not implement, so it is never offered.
     */
    public record ToolInfo(String name, String description, JsonNode inputSchema, boolean requiresTasks) {
    }

    public enum State { NOT_STARTED, DISABLED, RUNNING, FAILED, STOPPED }

    private final Config config;
    private final ObjectMapper json;
    private final AtomicLong ids = new AtomicLong();
    private final Object stateLock = new Object();
    private volatile McpTransport transport;
    private volatile State state;
    private volatile String failure;
    private List<ToolInfo> tools = List.of();
    private ObjectNode initParams;

    public McpServer(Config config, ObjectMapper json) {
        this.config = config;
        this.json = json;
        this.state = config.enabled() ? State.NOT_STARTED : State.DISABLED;
    }

    public Config config() {
        return config;
    }

    public State state() {
        return state;
    }

    public String failure() {
        return failure;
    }

    public List<ToolInfo> tools() {
        return tools;
    }

    /**
     * Starts the server, initializes the session and lists its tools. On failure the state says why. Runs on a thread
     * of its own beside the other servers' (see {@link McpTools}), which may {@link #abandon} it meanwhile.
     */
    public void start(Path workspace, Map<String, String> baseEnv, Path logDir, String version) {
        if (state != State.NOT_STARTED) {
            return;
        }
        try {
            ServerRequests serverRequests = new ServerRequests(workspace, json);
            McpTransport opened;
            if (config.url() != null) {
                opened = new HttpTransport(config.url(), config.headers(), json, serverRequests);
            } else {
                Map<String, String> env = new HashMap<>(baseEnv);
                env.putAll(config.env());
                Files.createDirectories(logDir);
                opened = new StdioTransport(config.command(), env, workspace, logDir.resolve("mcp-" + config.name() + ".log"), json,
                        serverRequests);
            }
            synchronized (stateLock) {
                transport = opened;
                if (state != State.NOT_STARTED) {
                    opened.close(); // abandoned while its process was starting
                    return;
                }
            }
            initParams = json.createObjectNode().put("protocolVersion", PROTOCOL_VERSION);
            initParams.set("capabilities", serverRequests.capabilities());
            initParams.putObject("clientInfo").put("name", "fathom").put("version", version);
            initialize();
            List<ToolInfo> listed = new ArrayList<>();
            String cursor = null;
            do {
                ObjectNode p = json.createObjectNode();
                if (cursor != null) {
                    p.put("cursor", cursor);
                }
                JsonNode page = result(call("tools/list", p, START_TIMEOUT));
                for (JsonNode t : page.path("tools")) {
                    listed.add(new ToolInfo(t.path("name").asText(), t.path("description").asText(""), t.path("inputSchema"),
                            t.path("execution").path("taskSupport").asText().equals("required")));
                }
                cursor = page.hasNonNull("nextCursor") ? page.get("nextCursor").asText() : null;
            } while (cursor != null);
            synchronized (stateLock) {
                tools = List.copyOf(listed);
                if (state == State.NOT_STARTED) {
                    state = State.RUNNING;
                }
            }
        } catch (IOException | McpException | RuntimeException e) {
            fail("could not start: " + e.getMessage());
        }
    }

    private void initialize() throws IOException, McpException {
        JsonNode r = result(call("initialize", initParams, START_TIMEOUT));
        transport.negotiated(r.path("protocolVersion").asText(PROTOCOL_VERSION));
        transport.notify(json.createObjectNode().put("jsonrpc", "2.0").put("method", "notifications/initialized"));
    }

    /**
     * Calls a tool; returns its text content, and whether the server marked it an error. A call with no answer and no
     * progress within the server's timeout is cancelled (the server stays in use); a crash ends the server.
     */
    public Result callTool(String tool, JsonNode arguments) throws McpException {
        return callTool(tool, arguments, ToolProgress.NONE);
    }

    /**
     * Calls a tool as {@link #callTool(String, JsonNode)} does, reporting the server's progress notifications for the
     * call to {@code progress} on this thread. An interrupt (Esc) ends the call at once and the server is told with
     * {@code notifications/cancelled}; it stays in use.
     */
    public Result callTool(String tool, JsonNode arguments, ToolProgress progress) throws McpException {
        if (state != State.RUNNING) {
            throw new McpException("the MCP server '" + config.name() + "' is not available (" + (failure == null ? state : failure) + ")");
        }
        ObjectNode params = json.createObjectNode().put("name", tool);
        params.set("arguments", arguments);
        long id = ids.incrementAndGet();
        params.putObject("_meta").put("progressToken", id);
        try {
            return McpContent.render(result(call(id, "tools/call", params, config.timeout(), p -> report(p, progress))));
        } catch (java.io.InterruptedIOException e) {
            cancel(id, "interrupted by the user");
            throw new McpException("the call to " + tool + " was interrupted and cancelled");
        } catch (IOException e) {
            fail("crashed: " + e.getMessage());
            throw new McpException("the MCP server '" + config.name() + "' " + failure);
        } catch (McpException e) {
            if (e.getMessage().startsWith("no answer")) {
                cancel(id, "no answer within " + config.timeout().toSeconds() + " s");
                throw new McpException("the MCP server '" + config.name() + "': " + e.getMessage() + "; the call was cancelled"
                        + " (the server stays available; its timeout is the setting timeout_seconds)");
            }
            throw new McpException("this call to " + tool + " failed (the MCP server '" + config.name() + "' answered " + e.getMessage()
                    + "); the server is still available");
        }
    }

    /** One progress notification's params as numbers and text; a malformed one is skipped. */
    private static void report(JsonNode params, ToolProgress progress) {
        if (!params.path("progress").isNumber()) {
            return;
        }
        JsonNode total = params.path("total");
        JsonNode message = params.path("message");
        progress.report(params.path("progress").asDouble(), total.isNumber() ? total.asDouble() : null,
                message.isTextual() ? message.asText() : null);
    }

    private void cancel(long id, String reason) {
        ObjectNode note = json.createObjectNode().put("jsonrpc", "2.0").put("method", "notifications/cancelled");
        note.putObject("params").put("requestId", id).put("reason", reason);
        try {
            transport.notify(note);
        } catch (IOException e) {
            fail("crashed: " + e.getMessage());
        }
    }

    /** A tool call's outcome. */
    public record Result(String text, boolean error) {
    }

    private JsonNode call(String method, ObjectNode params, Duration timeout) throws IOException, McpException {
        return call(ids.incrementAndGet(), method, params, timeout, p -> {
        });
    }

    /** One request; a session the HTTP server no longer knows is initialized again, once, and the request repeated. */
    private JsonNode call(long id, String method, ObjectNode params, Duration timeout, java.util.function.Consumer<JsonNode> onProgress)
            throws IOException, McpException {
        ObjectNode msg = json.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
        msg.set("params", params);
        try {
            return transport.request(msg, timeout, onProgress);
        } catch (HttpTransport.SessionExpired e) {
            if (method.equals("initialize")) {
                throw e;
            }
            initialize();
            return transport.request(msg, timeout, onProgress);
        }
    }

    private static JsonNode result(JsonNode response) throws McpException {
        if (response.has("error")) {
            JsonNode error = response.path("error");
            throw new McpException("JSON-RPC error " + error.path("code").asText("?") + ": " + error.path("message").asText("(no message)"));
        }
        return response.path("result");
    }

    /** Gives up on a server still starting: it is left out of the session, its process ended. */
    void abandon(String why) {
        synchronized (stateLock) {
            if (state != State.NOT_STARTED) {
                return;
            }
        }
        fail(why);
    }

    private void fail(String why) {
        synchronized (stateLock) {
            if (state != State.FAILED) {
                failure = why;
                state = State.FAILED;
            }
        }
        McpTransport t = transport;
        if (t != null) {
            t.close();
        }
    }

    public void stop() {
        if (transport != null) {
            transport.close();
        }
        if (state == State.RUNNING) {
            state = State.STOPPED;
        }
    }
}
