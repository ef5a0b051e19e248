package dev.fathom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.testing.CliRun;
import dev.fathom.testing.EndToEndSupport;
import dev.fathom.testing.Poll;
import dev.fathom.testing.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hooks on agent events (blocking, formatting, notifying, timing out) and saved prompts as commands. */
class HooksAndCommandsTest extends EndToEndSupport {
    @BeforeEach
    void secretFolder() throws IOException {
        Files.createDirectories(repo.resolve("src/secret"));
        Files.writeString(repo.resolve("src/secret/key.txt"), "hidden\n");
    }

    /** Project settings, in a repository the user trusts (an untrusted project's hooks never run). */
    void projectSettings(String json) throws IOException {
        Files.createDirectories(repo.resolve(".fathom"));
        Files.writeString(repo.resolve(".fathom/settings.json"), json);
        cli.settings("{\"retry_base_delay_ms\": 5, \"idle_timeout_seconds\": 30, \"trusted_projects\": [\"" + repo + "\"]}");
    }

    @Test
    void aBlockingPreToolHookStopsAnEditAndAPostToolHookFormats() throws IOException {
        projectSettings("""
                {"hooks": {
                  "pre_tool": [{"matcher": "edit_file|write_file",
                                "command": "if grep -q src/secret; then echo 'secret files are off limits' >&2; exit 2; fi"}],
                  "post_tool": [{"matcher": "edit_file", "command": "sed -i 's/[ ]*$//' src/App.java"}],
                  "stop": [{"command": "cat > stopped.json"}]
                }}
                """);
        server.enqueue(Reply.toolCall("edit_file", "{\"file_path\":\"src/secret/key.txt\",\"old_string\":\"hidden\",\"new_string\":\"leaked\"}")
                        .andToolCall("edit_file", "{\"file_path\":\"src/App.java\",\"old_string\":\"return \\\"Hello\\\";\",\"new_string\":\"return \\\"Hi\\\";   \"}"))
                .enqueue(request -> {
                    List<String> results = ExecFailuresTest.toolResults(request);
                    assertThat(results.get(0)).isEqualTo("Blocked by a hook: secret files are off limits");
                    assertThat(results.get(1)).startsWith("Edited src/App.java");
                    return Reply.toolCall("read_file", "{\"file_path\":\"src/App.java\"}");
                })
                .enqueue(request -> {
                    assertThat(ExecEndToEndTest.lastToolResult(request)).contains("return \"Hi\";\n");
                    return Reply.text("Done.");
                });
        CliRun.Result r = cli.run("exec", "Edit");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Files.readString(repo.resolve("src/secret/key.txt"))).isEqualTo("hidden\n");
        assertThat(Files.readString(repo.resolve("src/App.java"))).contains("return \"Hi\";\n");
        assertThat(Files.readString(repo.resolve("stopped.json"))).contains("\"event\":\"stop\"").contains("\"status\":\"done\"");
    }

    @Test
    void aPromptHookCanRefuseAndATimedOutHookIsKilledAndReported() throws IOException {
        // An unusual duration marks the hook's processes; they sleep an hour, so only the kill can end them.
        String marker = "sleep " + (3_600 + System.nanoTime() % 1_000);
        projectSettings("{\"hooks\": {\"prompt_submit\": [{\"command\": \"if grep -q deploy; then echo 'no deploys from the agent' >&2; exit 2; fi\"}],"
                + " \"pre_tool\": [{\"command\": \"" + marker + "; :\", \"timeout_seconds\": 1}]}}");
        CliRun.Result blocked = cli.run("exec", "deploy to production");
        assertThat(blocked.exitCode()).isEqualTo(1);
        assertThat(blocked.err()).contains("blocked by a hook: no deploys from the agent");
        assertThat(server.requests()).isEmpty();

        server.enqueue(Reply.toolCall("read_file", "{\"file_path\":\"README.md\"}")).enqueue(Reply.text("Read it."));
        CliRun.Result slow = cli.run("exec", "Read the readme");
        assertThat(slow.exitCode()).as(slow.err()).isZero();
        assertThat(slow.err()).contains("hook `" + marker + "; :` timed out after 1 s");
        assertThat(Poll.until(Duration.ofSeconds(60), () -> live(marker) == 0)).as("the hook's shell and its sleep were killed").isTrue();
    }

    private static long live(String marker) {
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(marker))
                .filter(p -> ExecFailuresTest.running(p.pid())).count();
    }

    @Test
    void savedPromptsRunAsCommands() throws IOException {
        Files.createDirectories(repo.resolve(".fathom/commands"));
        Files.writeString(repo.resolve(".fathom/commands/review.md"),
                "---\ndescription: Review a file\n---\nReview $ARGUMENTS for bugs and answer with a list.\n");
        server.enqueue(request -> {
            var m = request.path("messages");
            assertThat(m.get(m.size() - 1).path("content").asText()).isEqualTo("Review src/App.java for bugs and answer with a list.");
            return Reply.text("- none");
        });
        CliRun.Result r = cli.run("exec", "--command", "review", "src/App.java");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("- none\n");
        CliRun.Result unknown = cli.run("exec", "--command", "nope");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("no command 'nope'").contains("review");
        projectSettings("{\"hooks\": {\"before_everything\": []}}");
        assertThat(cli.run("exec", "x").err()).contains("unknown hook event 'before_everything'");
    }
}
