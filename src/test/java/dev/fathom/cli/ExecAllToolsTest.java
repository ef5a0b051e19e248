package dev.fathom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.testing.CliRun;
import dev.fathom.testing.DemoRepo;
import dev.fathom.testing.FakeV4Server;
import dev.fathom.testing.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scripted session through the real entry point that uses every tool once. */
class ExecAllToolsTest {
    @TempDir
    Path tmp;

    @Test
    void everyToolOnceInOneSession() throws IOException {
        Path repo = DemoRepo.create(tmp.resolve("repo"));
        String patch = "*** Begin Patch\\n*** Update File: src/App.java\\n@@\\n-        return \\\"Hello\\\";\\n+        return \\\"Hi\\\";\\n"
                + "*** Add File: NOTES.md\\n+notes\\n*** End Patch";
        try (FakeV4Server server = FakeV4Server.start()) {
            server.enqueue(Reply.toolCall("update_plan", "{\"items\":[{\"step\":\"Look around\",\"status\":\"in_progress\"},"
                            + "{\"step\":\"Change and commit\",\"status\":\"pending\"}]}"))
                    .enqueue(Reply.toolCall("glob", "{\"pattern\":\"*.java\"}").andToolCall("grep", "{\"pattern\":\"Hello\"}")
                            .andToolCall("read_file", "{\"file_path\":\"src/App.java\"}"))
                    .enqueue(Reply.toolCall("apply_patch", "{\"patch\":\"" + patch + "\"}"))
                    .enqueue(Reply.toolCall("edit_file", "{\"file_path\":\"NOTES.md\",\"old_string\":\"notes\",\"new_string\":\"Greeting shortened.\"}")
                            .andToolCall("write_file", "{\"file_path\":\"docs/CHANGES.md\",\"content\":\"- Hi\\n\"}"))
                    .enqueue(Reply.toolCall("bash", "{\"command\":\"echo started; sleep 30\",\"background\":true}"))
                    .enqueue(Reply.toolCall("job_output", "{\"job_id\":\"1\",\"kill\":true}").andToolCall("git_status", "{}")
                            .andToolCall("git_diff", "{\"path\":\"src\"}"))
                    .enqueue(Reply.toolCall("git_commit", "{\"message\":\"Shorten the greeting\"}").andToolCall("git_log", "{\"max_count\":1}"))
                    .enqueue(request -> {
                        assertThat(ExecFailuresTest.toolResults(request)).noneMatch(r -> r.contains("Unknown tool"));
                        return Reply.text("Shortened the greeting and committed it.");
                    });

            CliRun.Result r = new CliRun(Files.createDirectories(tmp.resolve("home")), repo).against(server)
                    .run("exec", "--output", "stream-json", "Shorten the greeting, note it, commit");

            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(server.badRequests()).isZero();
            ObjectMapper json = new ObjectMapper();
            Set<String> used = new TreeSet<>();
            boolean planShown = false;
            for (String line : r.out().lines().toList()) {
                JsonNode e = json.readTree(line);
                if (e.path("type").asText().equals("tool_call_finished")) {
                    assertThat(e.path("error").asBoolean()).as(e.path("name") + ": " + e.path("output").asText()).isFalse();
                    used.add(e.path("name").asText());
                }
                planShown |= e.path("type").asText().equals("plan_updated") && e.path("steps").size() == 2;
            }
            assertThat(used).containsExactlyInAnyOrderElementsOf(List.of("read_file", "write_file", "edit_file", "apply_patch", "glob",
                    "grep", "bash", "job_output", "git_status", "git_diff", "git_log", "git_commit", "update_plan"));
            assertThat(planShown).isTrue();
            assertThat(Files.readString(repo.resolve("src/App.java"))).contains("return \"Hi\";");
            assertThat(Files.readString(repo.resolve("NOTES.md"))).isEqualTo("Greeting shortened.\n");
            List<String> results = ExecFailuresTest.toolResults(server.requests().get(7).json());
            assertThat(results.get(results.size() - 1)).contains("Shorten the greeting");
            assertThat(results.get(results.size() - 2)).startsWith("Committed ");
        }
    }
}
