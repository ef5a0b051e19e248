package dev.fathom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.testing.CliRun;
import dev.fathom.testing.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Servers start in parallel: two slow ones wait for each other, which only works if both are initializing at once. */
class McpStartupTest extends McpSupport {

    @Test
    void twoSlowServersAreInitializedAtTheSameTime() throws IOException {
        Path meet = tmp.resolve("meet");
        String slow = stdioServer(", \"rendezvous=" + meet + "\"") + "}";
        settings("{\"mcpServers\": {\"a\": " + slow + ", \"b\": " + slow + "}}");
        server.enqueue(Reply.text("Done."));
        CliRun.Result r = cli.run("exec", "Hello");
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> met;
        try (Stream<Path> files = Files.list(meet)) {
            met = files.filter(f -> f.getFileName().toString().startsWith("met-")).map(f -> read(f)).toList();
        }
        assertThat(met).as("each server saw the other's initialize while its own was unanswered").containsExactly("met", "met");
        assertThat(toolNames(server.requests().get(0).json())).contains("mcp__a__lookup", "mcp__b__lookup");
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
