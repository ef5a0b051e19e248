package dev.fathom.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fathom.llm.RequestWriter;
import dev.fathom.tools.ExternalTool;
import dev.fathom.tools.ToolContext;
import dev.fathom.tools.ToolException;
import dev.fathom.tools.ToolRegistry;
import dev.fathom.tools.ToolResult;
import dev.fathom.tools.ToolSpecs;
import dev.langchain4j.agent.tool.ToolSpecification;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The MCP servers of a session: started together when the session starts (their tools must be in the first
 * request), offered as {@code mcp__<server>__<tool>}, stopped when it ends. A server that fails is reported once;
 * its tools answer with the failure and leave the offered list at the next compaction.
 */
public final class McpTools implements AutoCloseable {
    private static final int MAX_NAME = 64;

    private final List<McpServer> servers = new ArrayList<>();
    private final ObjectMapper json;
    private final Consumer<String> notices;
    private final Set<String> reported = new HashSet<>();

    private McpTools(ObjectMapper json, Consumer<String> notices) {
        this.json = json;
        this.notices = notices;
    }

    public static McpTools start(List<McpServer.Config> configs, Path workspace, Map<String, String> env, Path logDir, ObjectMapper json,
            String version, Consumer<String> notices) {
        McpTools t = new McpTools(json, notices);
        for (McpServer.Config c : configs) {
            McpServer s = new McpServer(c, json);
            s.start(workspace, env, logDir, version);
            if (s.state() == McpServer.State.FAILED) {
                t.report(s);
            }
            t.servers.add(s);
        }
        return t;
    }

    public List<McpServer> servers() {
        return servers;
    }

    /** The tools of the running servers, as the registry offers them. */
    public List<ExternalTool> tools(ToolRegistry registry) {
        List<ExternalTool> out = new ArrayList<>();
        for (McpServer s : servers) {
            if (s.state() != McpServer.State.RUNNING) {
                continue;
            }
            for (McpServer.ToolInfo info : s.tools()) {
                out.add(new McpTool(s, info, wireName(s.config().name(), info.name()), registry));
            }
        }
        return out;
    }

    /** Wire names of the tools of servers declared read-only (the approval policy treats them as reads). */
    public Set<String> readOnlyToolNames() {
        Set<String> out = new HashSet<>();
        for (McpServer s : servers) {
            if (s.config().readOnly()) {
                s.tools().forEach(t -> out.add(wireName(s.config().name(), t.name())));
            }
        }
        return out;
    }

    static String wireName(String server, String tool) {
        String name = ("mcp__" + server + "__" + tool).replaceAll("[^A-Za-z0-9_-]", "_");
        return name.length() <= MAX_NAME ? name : name.substring(0, MAX_NAME);
    }

    private synchronized void report(McpServer s) {
        if (reported.add(s.config().name())) {
            notices.accept("MCP server '" + s.config().name() + "' " + s.failure() + "; its tools are unavailable.");
        }
    }

    @Override
    public void close() {
        servers.forEach(McpServer::stop);
    }

    /** One MCP tool as an {@link ExternalTool}. */
    private final class McpTool implements ExternalTool {
        private final McpServer server;
        private final McpServer.ToolInfo info;
        private final ToolSpecification spec;
        private final ToolRegistry registry;

        McpTool(McpServer server, McpServer.ToolInfo info, String wireName, ToolRegistry registry) {
            this.server = server;
            this.info = info;
            this.registry = registry;
            JsonNode schema = info.inputSchema().isObject() ? info.inputSchema() : json.createObjectNode().put("type", "object");
            String description = (info.description().isBlank() ? info.name() : info.description().strip())
                    + "\n\n(From the MCP server '" + server.config().name() + "'.)";
            this.spec = ToolSpecification.builder().name(wireName).description(description).parameters(ToolSpecs.objectSchemaOf(schema))
                    .metadata(Map.of(RequestWriter.RAW_PARAMETERS, schema.toString())).build();
        }

        @Override
        public ToolSpecification specification() {
            return spec;
        }

        @Override
        public boolean mutates() {
            return !server.config().readOnly();
        }

        @Override
        public ToolResult run(String arguments, ToolContext context) throws ToolException {
            JsonNode args;
            try {
                args = json.readTree(arguments == null || arguments.isBlank() ? "{}" : arguments);
            } catch (Exception e) {
                throw new ToolException("The arguments for " + spec.name() + " are not valid JSON. Send one JSON object.");
            }
            if (!(args instanceof ObjectNode)) {
                throw new ToolException("The arguments for " + spec.name() + " must be a JSON object.");
            }
            try {
                McpServer.Result r = server.callTool(info.name(), args);
                return r.error() ? ToolResult.error(r.text().isEmpty() ? "the tool reported an error" : r.text())
                        : ToolResult.ok(r.text().isEmpty() ? "(no output)" : r.text(), "mcp");
            } catch (McpException e) {
                if (server.state() == McpServer.State.FAILED) {
                    report(server);
                    server.tools().forEach(t -> registry.withdrawLater(wireName(server.config().name(), t.name())));
                }
                throw new ToolException(e.getMessage() + ". Do without this tool.");
            }
        }
    }
}
