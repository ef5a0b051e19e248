package dev.fathom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.testing.CliRun;
import dev.fathom.testing.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The protocol around calls over stdio: requests from the server answered, a progress token sent, a timed-out call cancelled. */
class McpProtocolTest extends McpSupport {

    @Test
    void serverRequestsAreAnsweredWithTheWorkspaceAsRoot() throws IOException {
        settings("{\"mcpServers\": {\"t\": " + stdioServer("") + "}}}");
        server.enqueue(Reply.toolCall("mcp__t__ask_client", "{}")).enqueue(Reply.text("Done."));
        CliRun.Result r = cli.run("exec", "Ask");
        assertThat(r.exitCode()).as(r.err()).isZero();
        String answers = ExecFailuresTest.toolResults(server.requests().get(1).json()).get(0);
        assertThat(answers).contains("ping -> {}").contains("roots/list -> {\"roots\":[{\"uri\":\"" + repo.toUri())
                .contains("sampling/createMessage -> error -32601").contains("elicitation/create -> error -32601");
    }

    @Test
    void aCallPastItsTimeoutIsCancelledAndTheServerStaysUsable() throws IOException {
        settings("{\"mcpServers\": {\"t\": " + stdioServer("") + ", \"timeout_seconds\": 1}}}");
        server.enqueue(Reply.toolCall("mcp__t__hang", "{}")).enqueue(Reply.toolCall("mcp__t__progress", "{}"))
                .enqueue(Reply.text("Done."));
        CliRun.Result r = cli.run("exec", "Hang, then go on");
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> results = ExecFailuresTest.toolResults(server.requests().get(2).json());
        assertThat(results.get(0)).contains("no answer").contains("1 s").contains("cancelled").doesNotContain("Do without");
        assertThat(results.get(1)).as("still usable, and calls carry a progress token").startsWith("token=").isNotEqualTo("token=none");
        assertThat(Files.readString(repo.resolve("cancelled.txt"))).startsWith("cancelled ");
        assertThat(r.err()).doesNotContain("unavailable");
    }
}
