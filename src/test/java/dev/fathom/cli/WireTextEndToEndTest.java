package dev.fathom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fathom.testing.CliRun;
import dev.fathom.testing.EndToEndSupport;
import dev.fathom.testing.Reply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Text that strict servers reject must never reach the wire: characters outside the BMP cut in half by a line or
 * output limit, and bytes that are not UTF-8 in a command's output or a torn session log.
 */
class WireTextEndToEndTest extends EndToEndSupport {
    static final String EMOJI = "\uD83D\uDE00";

    static String lastToolResult(JsonNode request) {
        JsonNode messages = request.path("messages");
        return messages.get(messages.size() - 1).path("content").asText();
    }

    @Test
    void emojiAtEveryCutPointCauseNoRejectedRequest() throws IOException {
        // an emoji across the 2,000th char of a line (read_file's cut) and across the 500th (grep's cut)
        Files.writeString(repo.resolve("wide.txt"), "a".repeat(1999) + EMOJI + "tail\n" + "needle" + "b".repeat(493) + EMOJI + "\n",
                StandardCharsets.UTF_8);
        server.enqueue(Reply.toolCall("read_file", "{\"file_path\":\"wide.txt\"}"))
                .enqueue(request -> {
                    assertThat(lastToolResult(request)).contains("a".repeat(1999) + " [line cut").doesNotContain("\uFFFD");
                    return Reply.toolCall("grep", "{\"pattern\":\"needle\"}");
                })
                .enqueue(request -> {
                    assertThat(lastToolResult(request)).contains("needle").doesNotContain("\uFFFD");
                    return Reply.toolCall("bash", "{\"command\":\"for i in $(seq 1000); do printf '" + EMOJI.repeat(100) + "'; done\"}");
                })
                .enqueue(request -> {
                    assertThat(lastToolResult(request)).contains(EMOJI).contains("bytes omitted");
                    return Reply.toolCall("bash", "{\"command\":\"printf 'ok \\\\377\\\\376 done\\\\n'\"}");
                })
                .enqueue(request -> {
                    assertThat(lastToolResult(request)).as("a bad byte does not cost the whole output")
                            .contains("ok ").contains(" done").contains("[exit code 0]");
                    return Reply.text("Done.");
                });

        CliRun.Result r = cli.run("exec", "Look at the wide file");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("Done.\n");
        assertThat(server.requests()).hasSize(5);
        assertThat(server.badRequests()).isZero();
    }

    @Test
    void aSessionLogTornInsideACharacterResumes() throws IOException {
        server.enqueue(Reply.text("Noted " + EMOJI + " é."));
        assertThat(cli.run("exec", "Remember é and " + EMOJI).exitCode()).isZero();
        Path log;
        try (Stream<Path> files = Files.walk(home.resolve(".fathom/sessions"))) {
            log = files.filter(p -> p.toString().endsWith(".jsonl")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(log);
        // append a record cut in the middle of a four-byte character, as a crash mid-write would leave it
        byte[] emoji = EMOJI.getBytes(StandardCharsets.UTF_8);
        byte[] torn = ("{\"type\":\"message\",\"message\":{\"role\":\"user\",\"content\":\"x").getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[bytes.length + torn.length + 2];
        System.arraycopy(bytes, 0, out, 0, bytes.length);
        System.arraycopy(torn, 0, out, bytes.length, torn.length);
        System.arraycopy(emoji, 0, out, bytes.length + torn.length, 2);
        Files.write(log, out);

        server.enqueue(Reply.text("Still here."));
        CliRun.Result resumed = cli.run("exec", "--continue", "Go on");

        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.out()).isEqualTo("Still here.\n");
        List<String> contents = server.requests().get(1).json().path("messages").findValuesAsText("content");
        assertThat(contents).contains("Remember é and " + EMOJI, "Noted " + EMOJI + " é.");
        assertThat(server.badRequests()).isZero();
    }
}
