package dev.fathom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fathom.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code fathom mcp add|remove|get}: edits that keep the rest of the file, load back, hide secrets and refuse cleanly. */
class McpConfigCommandTest extends McpSupport {
    private Path userFile() {
        return home.resolve(".fathom/settings.json");
    }

    private Path projectFile() {
        return repo.resolve(".fathom/settings.json");
    }

    /** The in-repo test server's command line, after "--". */
    private static List<String> testServer() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return List.of(java, "-cp", System.getProperty("java.class.path"), "dev.fathom.testing.TestMcpServer");
    }

    private CliRun.Result add(String name, List<String> options, List<String> command) {
        List<String> args = new ArrayList<>(List.of("mcp", "add", name));
        args.addAll(options);
        if (!command.isEmpty()) {
            args.add("--");
            args.addAll(command);
        }
        return cli.run(args.toArray(String[]::new));
    }

    private static List<String> keys(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void stdioServerInUserScopeKeepsOtherSettingsLoadsAndHidesItsEnv() throws IOException {
        CliRun.Result added = add("kb", List.of("-e", "KB_TOKEN=s3cret-value", "--timeout", "30"), testServer());
        assertThat(added.exitCode()).as(added.err()).isZero();

        JsonNode file = JSON.readTree(userFile().toFile());
        assertThat(keys(file)).as("other settings kept, in order").containsExactly("retry_base_delay_ms", "idle_timeout_seconds", "mcpServers");
        assertThat(file.path("retry_base_delay_ms").asInt()).isEqualTo(5);
        JsonNode kb = file.path("mcpServers").path("kb");
        assertThat(kb.path("command").asText()).isEqualTo(testServer().get(0));
        assertThat(kb.path("args").size()).isEqualTo(3);
        assertThat(kb.path("env").path("KB_TOKEN").asText()).isEqualTo("s3cret-value");
        assertThat(kb.path("timeout_seconds").asInt()).isEqualTo(30);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(userFile()))).isEqualTo("rw-------");

        CliRun.Result list = cli.run("mcp", "list");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).contains("kb  ").contains("running").contains("mcp__kb__lookup");

        CliRun.Result get = cli.run("mcp", "get", "kb");
        assertThat(get.exitCode()).as(get.err()).isZero();
        assertThat(get.out()).contains(userFile().toString(), "(user)", "transport: stdio", "TestMcpServer", "env: KB_TOKEN=***",
                "timeout_seconds: 30");
        assertThat(get.out() + get.err()).doesNotContain("s3cret");

        CliRun.Result removed = cli.run("mcp", "remove", "kb");
        assertThat(removed.exitCode()).as(removed.err()).isZero();
        assertThat(JSON.readTree(userFile().toFile()).path("mcpServers").has("kb")).isFalse();
        assertThat(JSON.readTree(userFile().toFile()).path("idle_timeout_seconds").asInt()).isEqualTo(30);
        assertThat(cli.run("mcp", "get", "kb").exitCode()).isEqualTo(ExitCodes.FAILED);
    }

    @Test
    void httpServerInProjectScopeHidesHeadersAndRemindsOfTrust() throws IOException {
        CliRun.Result added = cli.run("mcp", "add", "docs", "--scope", "project", "--url", "https://mcp.example.com/mcp",
                "-H", "Authorization: Bearer tok-123456", "-H", "X-Team: core");
        assertThat(added.exitCode()).as(added.err()).isZero();
        assertThat(added.out()).contains("trusted project", "--trust-project");

        JsonNode docs = JSON.readTree(projectFile().toFile()).path("mcpServers").path("docs");
        assertThat(docs.path("url").asText()).isEqualTo("https://mcp.example.com/mcp");
        assertThat(docs.path("headers").path("Authorization").asText()).isEqualTo("Bearer tok-123456");
        assertThat(docs.path("headers").path("X-Team").asText()).isEqualTo("core");
        assertThat(docs.has("command")).isFalse();

        CliRun.Result get = cli.run("mcp", "get", "docs");
        assertThat(get.exitCode()).as(get.err()).isZero();
        assertThat(get.out()).contains(projectFile().toString(), "project", "streamable HTTP", "https://mcp.example.com/mcp",
                "Authorization=***", "X-Team=***");
        assertThat(get.out() + get.err()).doesNotContain("tok-123456").doesNotContain("core");
        assertThat(cli.run("mcp", "get", "docs", "--scope", "user").exitCode()).as("not in the user file").isEqualTo(ExitCodes.FAILED);

        assertThat(cli.run("mcp", "remove", "docs", "--scope", "user").exitCode()).isEqualTo(ExitCodes.USAGE);
        CliRun.Result removed = cli.run("mcp", "remove", "docs", "--scope", "project");
        assertThat(removed.exitCode()).as(removed.err()).isZero();
        assertThat(JSON.readTree(projectFile().toFile()).path("mcpServers").has("docs")).isFalse();
    }

    @Test
    void projectStdioServerLoadsOnceTrusted() {
        CliRun.Result added = add("local", List.of("--scope", "project"), testServer());
        assertThat(added.exitCode()).as(added.err()).isZero();
        CliRun.Result list = cli.run("mcp", "list", "--trust-project");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).contains("local  ").contains("running").contains("mcp__local__lookup");
    }

    @Test
    void forceReplacesInPlaceAndKeepsTheOtherServers() throws IOException {
        cli.settings("{\"model\": \"deepseek-v4-flash\", \"mcpServers\": {\"a\": {\"command\": \"a-server\"}, \"kb\": {\"command\": \"old\","
                + " \"env\": {\"K\": \"v\"}}, \"z\": {\"url\": \"http://127.0.0.1:1/mcp\"}}, \"network\": false}");
        CliRun.Result refused = cli.run("mcp", "add", "kb", "--url", "http://127.0.0.1:9/mcp");
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(refused.err()).contains("--force");

        CliRun.Result forced = cli.run("mcp", "add", "kb", "--force", "--url", "http://127.0.0.1:9/mcp");
        assertThat(forced.exitCode()).as(forced.err()).isZero();
        JsonNode file = JSON.readTree(userFile().toFile());
        assertThat(keys(file)).containsExactly("model", "mcpServers", "network");
        assertThat(keys(file.path("mcpServers"))).containsExactly("a", "kb", "z");
        assertThat(keys(file.path("mcpServers").path("kb"))).containsExactly("url");
        assertThat(file.path("mcpServers").path("a").path("command").asText()).isEqualTo("a-server");
    }

    @Test
    void badInputGetsOneLineAndLeavesTheFileByteIdentical() throws IOException {
        cli.settings("{ \"model\":\"deepseek-v4-pro\",\n  \"mcpServers\": {\"kb\": {\"command\": \"x\"}} }");
        byte[] before = Files.readAllBytes(userFile());
        List<String[]> cases = List.of(
                new String[] {"mcp", "add", "kb", "--", "y"},
                new String[] {"mcp", "add", "bad.name", "--", "y"},
                new String[] {"mcp", "add", "n", "--url", "https://h/mcp", "--", "y"},
                new String[] {"mcp", "add", "n"},
                new String[] {"mcp", "add", "n", "--url", "file:///etc/passwd"},
                new String[] {"mcp", "add", "n", "--url", "https://h/mcp", "-e", "A=b"},
                new String[] {"mcp", "add", "n", "-H", "Authorization: x", "--", "y"},
                new String[] {"mcp", "add", "n", "-e", "NOEQUALS", "--", "y"},
                new String[] {"mcp", "add", "n", "--timeout", "0", "--", "y"},
                new String[] {"mcp", "add", "n", "--scope", "global", "--", "y"},
                new String[] {"mcp", "remove", "missing"},
                new String[] {"mcp", "remove", "../kb"});
        for (String[] args : cases) {
            CliRun.Result r = cli.run(args);
            assertThat(r.exitCode()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err().strip()).as(String.join(" ", args)).startsWith("fathom: ").doesNotContain("\n");
            assertThat(Files.readAllBytes(userFile())).as(String.join(" ", args)).isEqualTo(before);
        }

        cli.settings("{\"model\": \"deepseek-v4-pro\",, }");
        byte[] broken = Files.readAllBytes(userFile());
        CliRun.Result r = cli.run("mcp", "add", "n", "--", "y");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err().strip()).contains("not valid JSON").doesNotContain("\n");
        assertThat(Files.readAllBytes(userFile())).isEqualTo(broken);
        assertThat(cli.run("mcp", "remove", "kb").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(Files.readAllBytes(userFile())).isEqualTo(broken);
    }

    @Test
    void aSymlinkedSettingsFileIsNotWrittenThrough() throws IOException {
        Path target = tmp.resolve("elsewhere.json");
        Files.writeString(target, "{}");
        Files.delete(userFile());
        Files.createSymbolicLink(userFile(), target);
        CliRun.Result r = add("kb", List.of(), List.of("y"));
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("symbolic link");
        assertThat(Files.readString(target)).isEqualTo("{}");
        assertThat(Files.isSymbolicLink(userFile())).isTrue();
    }

    @Test
    void aRepositoryWhoseSettingsFolderLinksOutsideIsNotWrittenThrough() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.createSymbolicLink(repo.resolve(".fathom"), outside);
        CliRun.Result r = add("kb", List.of("--scope", "project"), List.of("y"));
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err().strip()).contains("symbolic link").doesNotContain("\n");
        try (var left = Files.list(outside)) {
            assertThat(left.toList()).as("nothing written through the link").isEmpty();
        }
    }

    @Test
    void aMissingFileAndFolderAreCreated() throws IOException {
        Path fresh = tmp.resolve("fresh-home");
        cli.env("FATHOM_HOME", fresh.toString());
        CliRun.Result r = add("kb", List.of(), List.of("y", "--flag"));
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode kb = JSON.readTree(fresh.resolve("settings.json").toFile()).path("mcpServers").path("kb");
        assertThat(kb.path("command").asText()).isEqualTo("y");
        assertThat(kb.path("args").get(0).asText()).isEqualTo("--flag");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh))).isEqualTo("rwx------");
        assertThat(Files.list(fresh).map(p -> p.getFileName().toString()).toList()).as("no temp file left").containsExactly("settings.json");
    }
}
