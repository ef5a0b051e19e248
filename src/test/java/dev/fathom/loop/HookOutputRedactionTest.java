package dev.fathom.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.testing.CliRun;
import dev.fathom.testing.EndToEndSupport;
import dev.fathom.testing.FakeV4Server;
import dev.fathom.testing.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** A hook prints a secret of the environment on stderr: what reaches the endpoint and the session log is redacted. */
class HookOutputRedactionTest extends EndToEndSupport {
    static final String SECRET = "ghp_THISISTHEUSERSREALTOKEN0123456789";

    @Test
    void blockingAndFailingHookOutputIsRedactedForTheEndpointAndTheLog() throws IOException {
        cli.env("GITHUB_TOKEN", SECRET).settings("""
                {"retry_base_delay_ms": 5, "idle_timeout_seconds": 30,
                 "hooks": {
                   "pre_tool": [{"matcher": "write_file", "command": "echo \\"blocked, token=$GITHUB_TOKEN\\" >&2; exit 2"}],
                   "post_tool": [{"matcher": "read_file", "command": "echo \\"failed with $GITHUB_TOKEN\\" >&2; exit 1"}]
                 }}
                """);
        server.enqueue(Reply.toolCall("write_file", "{\"file_path\":\"a.txt\",\"content\":\"x\"}").andToolCall("read_file",
                "{\"file_path\":\"README.md\"}")).enqueue(Reply.text("Done."));
        CliRun.Result r = cli.run("exec", "Go");
        assertThat(r.exitCode()).as(r.err()).isZero();
        String sent = String.join("\n", server.requests().stream().map(FakeV4Server.Recorded::body).toList());
        assertThat(sent).contains("Blocked by a hook: blocked, token=[REDACTED:GITHUB_TOKEN]").doesNotContain(SECRET);
        assertThat(r.err()).doesNotContain(SECRET);
        String log;
        try (Stream<Path> files = Files.walk(home.resolve(".fathom/sessions"))) {
            log = String.join("\n", files.filter(Files::isRegularFile).map(p -> {
                try {
                    return Files.readString(p);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).toList());
        }
        assertThat(log).contains("failed with [REDACTED:GITHUB_TOKEN]").contains("[REDACTED:GITHUB_TOKEN]").doesNotContain(SECRET);
    }
}
