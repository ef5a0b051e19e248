package dev.fathom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fathom.testing.CliRun;
import dev.fathom.testing.FakeV4Server;
import dev.fathom.testing.Fault;
import dev.fathom.testing.Reply;
import dev.fathom.testing.TreeHash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input and faults through the real entry point: clear messages, documented exit codes, nothing changed or lost. */
class ExecFailuresTest {
    @TempDir
    Path tmp;
    Path repo;
    FakeV4Server server;
    CliRun cli;

    @BeforeEach
    void setUp() throws IOException {
        repo = Files.createDirectories(tmp.resolve("repo"));
        Files.writeString(repo.resolve("notes.txt"), "alpha\nbeta\nalpha\n");
        Files.writeString(tmp.resolve("secret.txt"), "outside the workspace\n");
        CliRun.git(repo, "init", "-q");
        server = FakeV4Server.start();
        cli = new CliRun(Files.createDirectories(tmp.resolve("home")), repo).against(server);
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    @Test
    void missingApiKeyIsAUsageErrorWithOneLineOfHelp() {
        CliRun.Result r = cli.env("DEEPSEEK_API_KEY", null).run("exec", "hi");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().lines()).singleElement().asString().contains("DEEPSEEK_API_KEY").contains("export");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void wrongKeyAndNoBalanceAreEndpointErrorsWithoutStackTraces() {
        CliRun.Result wrongKey = cli.env("DEEPSEEK_API_KEY", "sk-wrong").run("exec", "hi");
        assertThat(wrongKey.exitCode()).isEqualTo(3);
        assertThat(wrongKey.err()).contains("401").contains("DEEPSEEK_API_KEY").doesNotContain("\tat ");
        assertThat(wrongKey.err().lines().count()).isLessThanOrEqualTo(2);

        cli.env("DEEPSEEK_API_KEY", server.apiKey());
        server.enqueue(Fault.http(402, "Insufficient Balance"));
        CliRun.Result broke = cli.run("exec", "hi");
        assertThat(broke.exitCode()).isEqualTo(3);
        assertThat(broke.err()).contains("Insufficient Balance").contains("top up").doesNotContain("\tat ");
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void rejectedRequestEndsWithTheServiceMessage() {
        CliRun.Result r = cli.run("exec", "--model", "deepseek-chat", "hi");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).contains("Model Not Exist");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void unreachableEndpointIsRetriedThenExit3() {
        server.close();
        CliRun.Result r = cli.settings("{\"retry_base_delay_ms\": 5, \"retry_max_attempts\": 3}").run("exec", "hi");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).contains("retrying").contains("cannot reach").contains("gave up after 3 attempts");
    }

    @Test
    void modelMistakesAreAnsweredAsToolErrorsAndChangeNothing() throws IOException {
        String before = TreeHash.of(tmp, "home");
        String malformed = "{\"file_path\": \"notes.txt\", \"old_string\": \"beta\"";
        server.enqueue(Reply.toolCall("edit_file", malformed)
                        .andToolCall("delete_everything", "{}")
                        .andToolCall("read_file", "{}")
                        .andToolCall("read_file", "{\"file_path\": \"../secret.txt\"}")
                        .andToolCall("edit_file", "{\"file_path\":\"notes.txt\",\"old_string\":\"gamma\",\"new_string\":\"x\"}")
                        .andToolCall("edit_file", "{\"file_path\":\"notes.txt\",\"old_string\":\"alpha\",\"new_string\":\"x\"}")
                        .andToolCall("read_file", "{\"file_path\": \"notes.txt\", \"limit\": \"many\"}"))
                .enqueue(Reply.text("I could not do it."));

        CliRun.Result r = cli.run("exec", "Break things");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("I could not do it.\n");
        assertThat(TreeHash.of(tmp, "home")).as("no file changed").isEqualTo(before);
        JsonNode second = server.requests().get(1).json();
        List<String> results = toolResults(second);
        assertThat(results).hasSize(7);
        assertThat(results.get(0)).contains("not valid JSON");
        assertThat(results.get(1)).contains("Unknown tool 'delete_everything'").contains("read_file");
        assertThat(results.get(2)).contains("Missing required parameter 'file_path'");
        assertThat(results.get(3)).contains("outside the workspace");
        assertThat(results.get(4)).contains("old_string was not found in notes.txt");
        assertThat(results.get(5)).contains("occurs 2 times").contains("lines 1, 3");
        assertThat(results.get(6)).contains("'limit'").contains("must be an integer");
        assertThat(second.path("messages").get(2).path("tool_calls").get(0).path("function").path("arguments").asText())
                .as("malformed arguments replayed verbatim").isEqualTo(malformed);
        assertThat(server.badRequests()).isZero();
    }

    @Test
    void faultsMidSessionAreSurvivedWithoutRunningAToolTwice() throws IOException {
        String append = "{\"command\": \"echo ran >> count.txt\"}";
        String read = "{\"file_path\":\"count.txt\"}";
        server.enqueue(Fault.rateLimited("0"))
                .enqueue(Reply.toolCall("bash", append).reasoning("Count once."))
                .enqueue(Fault.http(500, "boom"))
                .enqueue(Fault.http(503, "busy"))
                .enqueue(Reply.toolCall("read_file", read))
                .enqueue(Fault.stall(2500))
                .enqueue(Fault.keepAliveStall(1200))
                .enqueue(Reply.toolCall("glob", "{\"pattern\":\"*.txt\"}"))
                .enqueue(Reply.toolCall("bash", append).cutAfter(5))
                .enqueue(Fault.malformedChunk())
                .enqueue(Reply.text("Counted."));

        CliRun.Result r = cli.run("exec", "Count");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("Counted.\n");
        assertThat(Files.readAllLines(repo.resolve("count.txt"))).containsExactly("ran");
        assertThat(server.remainingSteps()).isZero();
        assertThat(server.badRequests()).isZero();
        assertThat(r.err()).contains("retrying");
    }

    @Test
    void aCommandThatNeverEndsIsKilledWithItsChildren() throws Exception {
        // In the sandbox a pid is the PID namespace's, not the host's: the child is found by a marker in its command line.
        String marker = "fathom-child-" + System.nanoTime();
        server.enqueue(Reply.toolCall("bash", "{\"command\": \"sh -c 'sleep 300; : " + marker + "' & sleep 300\", \"timeout_seconds\": 1}"))
                .enqueue(request -> {
                    assertThat(ExecEndToEndTest.lastToolResult(request)).contains("timed out after 1 s").contains("killed");
                    return Reply.text("It hung, so it was stopped.");
                });
        // Both processes sleep five minutes: only the kill can end them within the wait (no bound on how long it takes).
        CliRun.Result r = cli.run("exec", "Run forever");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(dev.fathom.testing.Poll.until(java.time.Duration.ofSeconds(60), () -> ProcessHandle.allProcesses()
                .noneMatch(p -> p.info().commandLine().orElse("").contains(marker)))).as("background child killed").isTrue();
    }

    @Test
    void turnAndTimeLimitsExitWith4() {
        server.enqueue(Reply.toolCall("read_file", "{\"file_path\":\"notes.txt\"}"));
        CliRun.Result turns = cli.run("exec", "--max-turns", "1", "Read");
        assertThat(turns.exitCode()).isEqualTo(4);
        assertThat(turns.err()).contains("turns limit").contains("--max-turns 1");

        // The stall outlasts the test's own timeout: a limit checked only between steps would hang here and fail.
        server.enqueue(Fault.keepAliveStall(600_000));
        CliRun.Result time = cli.run("exec", "--timeout", "1s", "--output", "json", "Wait");
        assertThat(time.exitCode()).as(time.err()).isEqualTo(4);
        assertThat(time.out()).contains("\"status\":\"limit\"").contains("\"limit\":\"time\"");
        String id = time.out().replaceAll("(?s).*\"session_id\":\"([^\"]+)\".*", "$1");
        try (var files = Files.walk(tmp.resolve("home"))) {
            Path log = files.filter(f -> f.getFileName().toString().equals(id + ".jsonl")).findFirst().orElseThrow();
            assertThat(Files.readString(log)).as("the interrupt did not break the session log")
                    .contains("\"type\":\"finished\",\"status\":\"limit\"");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void badFlagsAndBrokenSettingsAreUsageErrors() throws IOException {
        assertThat(cli.run("exec", "--output", "yaml", "x").exitCode()).isEqualTo(2);
        assertThat(cli.run("exec", "--thinking", "maybe", "x").err()).contains("--thinking must be on or off");
        assertThat(cli.run("exec", "--timeout", "soon", "x").exitCode()).isEqualTo(2);
        assertThat(cli.run("exec", "--max-turns", "0", "x").exitCode()).isEqualTo(2);
        assertThat(cli.run("exec", "--approval", "yolo", "x").err()).contains("--approval must be read-only, ask, auto-edit or full-auto");
        cli.settings("{\"permissions\": {\"allow\": [\"bash(ls\"]}}");
        assertThat(cli.run("exec", "x").err()).contains("is not a rule");
        cli.settings("{\"model\": \"pro\",");
        CliRun.Result broken = cli.run("exec", "x");
        assertThat(broken.exitCode()).isEqualTo(2);
        assertThat(broken.err()).contains("settings.json is not valid JSON");
        cli.settings("{\"modle\": \"pro\"}");
        assertThat(cli.run("exec", "x").err()).contains("unknown setting 'modle'");
        assertThat(server.requests()).isEmpty();
    }

    /** Alive and not a zombie (in a container whose init does not reap, killed orphans stay zombies). */
    static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException gone) {
            return false;
        }
    }

    @Test
    void doctorReportsWhatIsMissing() {
        CliRun.Result ok = cli.run("doctor");
        assertThat(ok.out()).contains("ok   API key: DEEPSEEK_API_KEY is set").contains("git: found");
        CliRun.Result noKey = cli.env("DEEPSEEK_API_KEY", null).run("doctor");
        assertThat(noKey.exitCode()).isEqualTo(1);
        assertThat(noKey.out()).contains("FAIL API key: none (DEEPSEEK_API_KEY is not set");
    }

    static List<String> toolResults(JsonNode request) {
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        for (JsonNode m : request.path("messages")) {
            if (m.path("role").asText().equals("tool")) {
                out.add(m.path("content").asText());
            }
        }
        return out;
    }

    @Test
    void aToolCallWithoutANameIsAnsweredAsUnknownNotRetried() {
        server.enqueue(Reply.toolCall("", "{}")).enqueue(request -> {
            JsonNode messages = request.path("messages");
            JsonNode result = messages.get(messages.size() - 1);
            assertThat(result.path("role").asText()).isEqualTo("tool");
            assertThat(result.path("content").asText()).contains("Unknown tool");
            return Reply.text("Sorry, done.");
        });
        CliRun.Result r = cli.run("exec", "go");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).doesNotContain("retrying");
        assertThat(server.requests()).hasSize(2);
    }
}
