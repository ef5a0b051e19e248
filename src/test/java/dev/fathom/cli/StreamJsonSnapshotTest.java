package dev.fathom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.testing.CliRun;
import dev.fathom.testing.EndToEndSupport;
import dev.fathom.testing.Reply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code exec --output stream-json} as printed, byte for byte: key order, escapes, numbers, one object per line. Only
 * what differs between runs is replaced first (the session id, the fake's random call ids, the temporary folder, durations, token counts that
 * follow the folder's length, and costs, which follow the time of day), each by a fixed placeholder.
 */
class StreamJsonSnapshotTest extends EndToEndSupport {
    static final Path SNAPSHOT = Path.of("src/test/resources/snapshots/stream-json.txt");

    /** Set -Dfathom.updateSnapshots=true to rewrite the snapshot after a deliberate change, then review the diff. */
    @Test
    void streamJsonLinesAreTheSnapshotByteForByte() throws IOException {
        server.enqueue(Reply.toolCall("read_file", "{\"file_path\":\"README.md\"}").reasoning("Look \"first\"."))
                .enqueue(Reply.text("It is a demo: caf\u00e9 \u2713, a tab\there, a bell \u0007 and \\ a backslash.").reasoning("Seen."));
        CliRun.Result r = cli.run("exec", "--output", "stream-json", "What is this?");
        assertThat(r.exitCode()).as(r.err()).isZero();

        String session = r.out().replaceAll("(?s)^\\{\"type\":\"session_started\",\"session_id\":\"([^\"]+)\".*", "$1");
        String printed = r.out().replace(session, "SESSION").replace(repo.toRealPath().toString(), "/REPO").replace(repo.toString(), "/REPO")
                .replaceAll("\"call_[0-9]{2}_[A-Za-z0-9]+\"", "\"call_00_ID\"")
                .replaceAll("\"duration_ms\":[0-9]+", "\"duration_ms\":0")
                .replaceAll("\"(cost_usd|total_cost_usd|baseline_cost_usd)\":[0-9.eE-]+", "\"$1\":0.0")
                .replaceAll("\"(prompt_tokens|completion_tokens|cache_hit_tokens|cache_miss_tokens|reasoning_tokens)\":[0-9]+", "\"$1\":0");
        if (Boolean.getBoolean("fathom.updateSnapshots")) {
            Files.write(SNAPSHOT, printed.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(printed).isEqualTo(Files.readString(SNAPSHOT, StandardCharsets.UTF_8));
        assertThat(printed.getBytes(StandardCharsets.UTF_8)).isEqualTo(Files.readAllBytes(SNAPSHOT));
    }
}
