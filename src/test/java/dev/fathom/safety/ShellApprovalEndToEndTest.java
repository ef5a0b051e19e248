package dev.fathom.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.cli.ExecFailuresTestAccess;
import dev.fathom.testing.CliRun;
import dev.fathom.testing.DemoRepo;
import dev.fathom.testing.FakeV4Server;
import dev.fathom.testing.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scripted model tries shell commands that the old classifier let through: in a headless run an ASK is a denial
 * the model is told about, so nothing of them runs, in ask mode and in full-auto alike.
 */
class ShellApprovalEndToEndTest {
    @TempDir
    Path tmp;
    Path repo;
    FakeV4Server server;

    @BeforeEach
    void setUp() throws Exception {
        repo = DemoRepo.create(tmp.resolve("repo"));
        server = FakeV4Server.start();
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    /** Runs exec with one scripted bash call and returns what the model was told. */
    String runBash(String command, String... options) {
        server.enqueue(Reply.toolCall("bash", "{\"command\":\"" + command.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"}"))
                .enqueue(Reply.text("Done."));
        List<String> args = new java.util.ArrayList<>(List.of("exec"));
        args.addAll(List.of(options));
        args.add("Go");
        CliRun.Result r = new CliRun(tmp.resolve("home"), repo).against(server).run(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> results = ExecFailuresTestAccess.toolResults(server.requests().get(1).json());
        assertThat(results).hasSize(1);
        return results.get(0);
    }

    @Test
    void askModeDoesNotRunASecondLineHiddenAfterARead() {
        String told = runBash("ls\ntouch X", "--approval", "ask");
        assertThat(repo.resolve("X")).doesNotExist();
        assertThat(told).contains("Not run", "headless", "line break");
    }

    @Test
    void askModeDoesNotRunEnvOrABackgroundCommand() {
        assertThat(runBash("ls & touch Y; env touch Z", "--approval", "ask")).contains("Not run");
        assertThat(repo.resolve("Y")).doesNotExist();
        assertThat(repo.resolve("Z")).doesNotExist();
    }

    @Test
    void readOnlyModeDoesNotDeleteThroughASecondLine() {
        assertThat(runBash("ls\nrm README.md", "--approval", "read-only")).contains("Not run", "read-only");
        assertThat(repo.resolve("README.md")).exists();
    }

    @Test
    void fullAutoDoesNotLetFindDeleteGit() {
        String told = runBash("find . -name .git -exec rm -rf {} +");
        assertThat(repo.resolve(".git/HEAD")).exists();
        assertThat(CliRun.gitOutput(repo, "log", "--oneline")).contains("init");
        assertThat(told).contains("Not run", "dangerous", ".git");
    }

    @Test
    void fullAutoDoesNotRevertUncommittedWork() throws Exception {
        Files.writeString(repo.resolve("README.md"), "# Demo\nmy uncommitted work\n");
        String told = runBash("git checkout -- .");
        assertThat(repo.resolve("README.md")).content().contains("my uncommitted work");
        assertThat(told).contains("Not run", "dangerous", "uncommitted");
    }
}
