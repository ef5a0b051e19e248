package dev.fathom.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.testing.EndToEndSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the MCP end-to-end tests share: the test server's command line and trusted project settings. */
abstract class McpSupport extends EndToEndSupport {
    static final ObjectMapper JSON = new ObjectMapper();

    /** The stdio test server as a settings entry; {@code extra} continues the args array (", \"crash-after=1\""). */
    static String stdioServer(String extra) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return "{\"command\": " + quote(java) + ", \"args\": [\"-cp\", " + quote(System.getProperty("java.class.path"))
                + ", \"dev.fathom.testing.TestMcpServer\"" + extra + "]";
    }

    static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Project settings, in a repository the user trusts (an untrusted project's MCP servers never start). */
    void settings(String json) throws IOException {
        Files.createDirectories(repo.resolve(".fathom"));
        Files.writeString(repo.resolve(".fathom/settings.json"), json);
        cli.settings("{\"retry_base_delay_ms\": 5, \"idle_timeout_seconds\": 30, \"trusted_projects\": [\"" + repo + "\"]}");
    }

    /** The names of the tools offered in a request to the endpoint. */
    static java.util.List<String> toolNames(com.fasterxml.jackson.databind.JsonNode request) {
        java.util.List<String> names = new java.util.ArrayList<>();
        request.path("tools").forEach(t -> names.add(t.path("function").path("name").asText()));
        return names;
    }
}
