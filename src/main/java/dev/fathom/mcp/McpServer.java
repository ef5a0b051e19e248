package dev.fathom.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

    /** A tool as the server describes it. */
    public record ToolInfo(String name, String description, JsonNode inputSchema) {
    }

    public enum State { NOT_STARTED, DISABLED, RUNNING, FAILED, STOPPED }

    private final Config config;
    private final ObjectMapper json;
    private final AtomicLong ids = new AtomicLong();
    private McpTransport transport;
    private volatile State state;
    private volatile String failure;
    private List<ToolInfo> tools = List.of();

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

    /** Starts the server, initializes the session and lists its tools. On failure the state says why. */
    public synchronized void start(Path workspace, Map<String, String> baseEnv, Path logDir, String version) {
        if (state == State.DISABLED) {
            return;
        }
        try {
            if (config.url() != null) {
                transport = new HttpTransport(config.url(), config.headers(), json);
            } else {
                Map<String, String> env = new HashMap<>(baseEnv);
                env.putAll(config.env());
                Files.createDirectories(logDir);
                transport = new StdioTransport(config.command(), env, workspace, logDir.resolve("mcp-" + config.name() + ".log"), json);
            }
            ObjectNode params = json.createObjectNode().put("protocolVersion", PROTOCOL_VERSION);
            params.putObject("capabilities");
            params.putObject("clientInfo").put("name", "fathom").put("version", version);
            result(call("initialize", params, START_TIMEOUT));
            transport.notify(json.createObjectNode().put("jsonrpc", "2.0").put("method", "notifications/initialized"));
            List<ToolInfo> listed = new ArrayList<>();
            String cursor = null;
            do {
                ObjectNode p = json.createObjectNode();
                if (cursor != null) {
                    p.put("cursor", cursor);
                }
                JsonNode page = result(call("tools/list", p, START_TIMEOUT));
                for (JsonNode t : page.path("tools")) {
                    listed.add(new ToolInfo(t.path("name").asText(), t.path("description").asText(""), t.path("inputSchema")));
                }
                cursor = page.hasNonNull("nextCursor") ? page.get("nextCursor").asText() : null;
            } while (cursor != null);
            tools = List.copyOf(listed);
            state = State.RUNNING;
        } catch (IOException | McpException | RuntimeException e) {
            fail("could not start: " + e.getMessage());
        }
    }

    /** Calls a tool; returns its text content, and whether the server marked it an error. */
    public Result callTool(String tool, JsonNode arguments) throws McpException {
        if (state != State.RUNNING) {
            throw new McpException("the MCP server '" + config.name() + "' is not available (" + (failure == null ? state : failure) + ")");
        }
        ObjectNode params = json.createObjectNode().put("name", tool);
        params.set("arguments", arguments);
        try {
            JsonNode r = result(call("tools/call", params, config.timeout()));
            StringBuilder text = new StringBuilder();
            for (JsonNode part : r.path("content")) {
                switch (part.path("type").asText()) {
                    case "text" -> text.append(part.path("text").asText()).append('\n');
                    case "resource" -> text.append(part.path("resource").path("text").asText("[resource " + part.path("resource").path("uri").asText() + "]")).append('\n');
                    default -> text.append("[").append(part.path("type").asText()).append(" content omitted]\n");
                }
            }
            if (r.has("structuredContent") && text.length() == 0) {
                text.append(r.get("structuredContent").toString());
            }
            return new Result(text.toString().stripTrailing(), r.path("isError").asBoolean(false));
        } catch (IOException e) {
            fail("crashed: " + e.getMessage());
            throw new McpException("the MCP server '" + config.name() + "' " + failure);
        } catch (McpException e) {
            if (e.getMessage().startsWith("no answer")) {
                fail("hangs: " + e.getMessage());
            }
            throw new McpException("the MCP server '" + config.name() + "': " + e.getMessage());
        }
    }

    /** A tool call's outcome. */
    public record Result(String text, boolean error) {
    }

    private JsonNode call(String method, ObjectNode params, Duration timeout) throws IOException, McpException {
        ObjectNode msg = json.createObjectNode().put("jsonrpc", "2.0").put("id", ids.incrementAndGet()).put("method", method);
        msg.set("params", params);
        return transport.request(msg, timeout);
    }

    private static JsonNode result(JsonNode response) throws McpException {
        if (response.has("error")) {
            throw new McpException(response.path("error").path("message").asText("error " + response.path("error").path("code").asText()));
        }
        return response.path("result");
    }

    private void fail(String why) {
        if (state != State.FAILED) {
            failure = why;
            state = State.FAILED;
        }
        if (transport != null) {
            transport.close();
        }
    }

    public synchronized void stop() {
        if (transport != null) {
            transport.close();
        }
        if (state == State.RUNNING) {
            state = State.STOPPED;
        }
    }
}
