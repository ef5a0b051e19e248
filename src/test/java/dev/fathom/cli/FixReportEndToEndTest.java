package dev.fathom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.testing.Bubblewrap;
import dev.fathom.testing.CliRun;
import dev.fathom.testing.FakeEndpointSupport;
import dev.fathom.testing.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What a fix run leaves behind, end to end: a patch git applies (binary files too), timeouts named, the per-attempt report. */
class FixReportEndToEndTest extends FakeEndpointSupport {
    static final ObjectMapper JSON = new ObjectMapper();

    Path repo(String name, String... files) throws IOException {
        Path repo = Files.createDirectories(tmp.resolve(name));
        for (int i = 0; i < files.length; i += 2) {
            Files.createDirectories(repo.resolve(files[i]).getParent());
            Files.writeString(repo.resolve(files[i]), files[i + 1]);
        }
        CliRun.git(repo, "init", "-q", "-b", "main");
        CliRun.git(repo, "add", ".");
        CliRun.git(repo, "commit", "-q", "-m", "init");
        return repo;
    }

    @Test
    void aPatchWithBinaryFilesAppliesWithGitApplyOnACleanCheckoutOfTheStart() throws Exception {
        Bubblewrap.require();
        Path repo = repo("bin", "status.txt", "bad\n", "logo.png", "old", "gone.bin", "x");
        Files.write(repo.resolve("logo.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 1, 2, 3});
        Files.write(repo.resolve("gone.bin"), new byte[] {0, 1, 2, 0, (byte) 0xff});
        CliRun.git(repo, "commit", "-q", "-am", "binaries");
        String start = CliRun.gitOutput(repo, "rev-parse", "HEAD");
        // a changed binary, a new binary bigger than one patch line, a deleted binary and a text edit
        String bash = "printf '\\\\x89PNG\\\\x00\\\\x00\\\\x09\\\\x08\\\\x07\\\\xfe' > logo.png && head -c 3000 /dev/urandom > data/new.bin"
                + " && rm gone.bin && echo good > status.txt";
        server.enqueue(Reply.toolCall("bash", JSON.createObjectNode().put("command", "mkdir -p data && " + bash).toString()))
                .enqueue(Reply.text("Make the status good and refresh the logo."));
        CliRun.Result r = new CliRun(home, repo).against(server).run("fix", "--check", "grep -qx good status.txt", "--branch", "fathom/bin",
                "--commit", "--patch", "../fix.patch");
        assertThat(r.exitCode()).as(r.err()).isZero();
        String patch = Files.readString(tmp.resolve("fix.patch"));
        assertThat(patch).contains("GIT binary patch").doesNotContain("Binary files differ")
                .containsPattern("index [0-9a-f]{40}\\.\\.[0-9a-f]{40}");

        Path clean = tmp.resolve("clean");
        CliRun.git(tmp, "clone", "-q", repo.toString(), clean.toString());
        CliRun.git(clean, "checkout", "-q", start);
        CliRun.git(clean, "apply", "--index", "--check", tmp.resolve("fix.patch").toString());
        CliRun.git(clean, "apply", "--index", tmp.resolve("fix.patch").toString());
        assertThat(CliRun.gitOutput(clean, "write-tree")).as("the patched tree is the fix commit's tree")
                .isEqualTo(CliRun.gitOutput(repo, "rev-parse", "fathom/bin^{tree}"));
        CliRun.git(clean, "apply", "-R", "--index", tmp.resolve("fix.patch").toString());
        assertThat(CliRun.gitOutput(clean, "write-tree")).as("and it reverses").isEqualTo(CliRun.gitOutput(repo, "rev-parse", start + "^{tree}"));
    }

    @Test
    void aTimeoutIsNamedAsOneEverywhereAndNeverAsExitCodeMinusOne() throws Exception {
        Path repo = repo("slow", "status.txt", "bad\n");
        server.enqueue(request -> {
            String task = request.path("messages").get(1).path("content").asText();
            assertThat(task).contains("timed out after 1 s").doesNotContain("-1");
            return Reply.text("Nothing to change, I think.");
        });
        CliRun.Result r = new CliRun(home, repo).against(server).run("fix", "--check", "grep -qx good status.txt || sleep 60",
                "--check-timeout", "1s", "--rerun-failing", "0", "--max-attempts", "1", "--report", "../r.json", "--summary", "../s.md");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        assertThat(server.requests()).isNotEmpty();
        assertThat(r.out()).isEqualTo("not fixed after 1 attempt (the last check run timed out after 1 s)\n");
        assertThat(r.err()).contains("the check fails (timed out after 1 s,").contains("the check still fails (timed out after 1 s)")
                .doesNotContain("exit -1").doesNotContain("exit code -1");
        JsonNode report = JSON.readTree(tmp.resolve("r.json").toFile());
        JsonNode check = report.path("check");
        assertThat(check.path("exit_before").isNull()).isTrue();
        assertThat(check.path("timed_out_before").asBoolean()).isTrue();
        assertThat(check.path("timed_out_after").asBoolean()).isTrue();
        assertThat(check.path("timeout_seconds").asDouble()).isEqualTo(1.0);
        assertThat(check.path("runs")).hasSize(2).allMatch(run -> run.path("timed_out").asBoolean() && run.path("exit_code").isNull());
        assertThat(report.path("attempt_log").get(0).path("check").path("timed_out").asBoolean()).isTrue();
        assertThat(report.toString()).doesNotContain(":-1");
        assertThat(Files.readString(tmp.resolve("s.md"))).contains("| Exit code | timed out after 1 s before, timed out after 1 s after |")
                .doesNotContain("-1");
    }

    @Test
    void theReportListsEachAttemptWithItsCheckRunAndTheFailingTestsBeforeAndAfter() throws Exception {
        // a go-test-like check: one failing test per file that does not say "good"
        String check = "for t in A B; do grep -qx good $t.txt || { echo \"--- FAIL: Test$t (0.00s)\"; echo \"    x_test.go:3: got bad, want good\"; f=1; }; done;"
                + " test -z \"$f\"";
        Path repo = repo("two", "A.txt", "bad\n", "B.txt", "bad\n");
        server.enqueue(Reply.toolCall("write_file", "{\"file_path\":\"A.txt\",\"content\":\"good\\n\"}"))
                .enqueue(Reply.text("Make A good."))
                .enqueue(request -> {
                    JsonNode messages = request.path("messages");
                    assertThat(messages.get(messages.size() - 1).path("content").asText()).contains("attempt 2 of 3").contains("FAIL: TestB")
                            .doesNotContain("TestA");
                    return Reply.toolCall("write_file", "{\"file_path\":\"B.txt\",\"content\":\"good\\n\"}");
                })
                .enqueue(Reply.text("Make B good too."));
        CliRun.Result r = new CliRun(home, repo).against(server).run("fix", "--check", check, "--rerun-failing", "1", "--report", "../r.json",
                "--summary", "../s.md");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode report = JSON.readTree(tmp.resolve("r.json").toFile());
        assertThat(report.path("attempts").asInt()).isEqualTo(2);
        List<String> purposes = new ArrayList<>();
        report.path("check").path("runs").forEach(run -> purposes.add(run.path("purpose").asText()));
        assertThat(purposes).containsExactly("initial", "rerun", "attempt", "attempt");
        assertThat(names(report.path("check").path("runs").get(0).path("failing_tests"))).containsExactly("TestA", "TestB");
        JsonNode first = report.path("attempt_log").get(0);
        JsonNode second = report.path("attempt_log").get(1);
        assertThat(first.path("result").asText()).isEqualTo("still_failing");
        assertThat(names(first.path("failing_tests_before"))).containsExactly("TestA", "TestB");
        assertThat(names(first.path("failing_tests_after"))).containsExactly("TestB");
        assertThat(first.path("check").path("exit_code").asInt()).isEqualTo(1);
        assertThat(first.path("check").path("timed_out").asBoolean()).isFalse();
        assertThat(second.path("result").asText()).isEqualTo("passed");
        assertThat(names(second.path("failing_tests_before"))).containsExactly("TestB");
        assertThat(names(second.path("failing_tests_after"))).isEmpty();
        assertThat(second.path("check").path("exit_code").asInt()).isZero();
        for (JsonNode a : List.of(first, second)) {
            assertThat(a.path("duration_ms").asLong()).isGreaterThanOrEqualTo(a.path("model_ms").asLong())
                    .isGreaterThanOrEqualTo(a.path("check").path("duration_ms").asLong());
            assertThat(a.path("model_ms").isNumber()).isTrue();
        }
        assertThat(Files.readString(tmp.resolve("s.md"))).contains("| 1 | exit 1 | 2 → 1 |").contains("| 2 | exit 0 | 1 → 0 |");
    }

    @Test
    void theCheckRunsAToolInstalledUnderTmpAndTheModelSeesItOnlyWhenExposed() throws Exception {
        Bubblewrap.require();
        Path tools = Files.createTempDirectory(Path.of("/tmp"), "fathom-fix-tool");
        try {
            Path tool = tools.resolve("verify-status");
            Files.writeString(tool, "#!/bin/sh\ngrep -qx good status.txt\n");
            Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(tools, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path repo = repo("tmptool", "status.txt", "bad\n");
            String run = JSON.createObjectNode().put("command", tool + "; echo tool-exit=$?").toString();
            server.enqueue(Reply.toolCall("bash", run)).enqueue(request -> {
                assertThat(request.toString()).as("the model's sandbox shows the exposed /tmp tool").contains("tool-exit=1")
                        .doesNotContain("No such file");
                return Reply.toolCall("write_file", "{\"file_path\":\"status.txt\",\"content\":\"good\\n\"}");
            }).enqueue(Reply.text("Make the status good."));
            CliRun cli = new CliRun(home, repo).against(server)
                    .settings("{\"retry_base_delay_ms\": 5, \"idle_timeout_seconds\": 30, \"sandbox_readable\": [" + JSON.writeValueAsString(tools.toString()) + "]}");
            CliRun.Result r = cli.run("fix", "--check", tool.toString(), "--report", "../r.json");
            assertThat(r.exitCode()).as(r.err()).isZero();
            JsonNode report = JSON.readTree(tmp.resolve("r.json").toFile());
            assertThat(report.path("check").path("exit_before").asInt()).as("the check ran the /tmp tool, which failed").isEqualTo(1);
            assertThat(report.path("check").path("exit_after").asInt()).isZero();
        } finally {
            try (Stream<Path> s = Files.walk(tools)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static List<String> names(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
