package dev.fathom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.testing.CliRun;
import dev.fathom.testing.EndToEndSupport;
import dev.fathom.testing.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

/** What reaches a headless run from outside: piped standard input, the stored key, the folder it runs in. */
class HeadlessInputTest extends EndToEndSupport {

    private String firstUserMessage() {
        return server.requests().get(0).json().path("messages").get(1).path("content").asText();
    }

    @Test
    void pipedInputIsAppendedToTheExecPrompt() {
        server.enqueue(Reply.text("Two errors."));
        CliRun.Result r = cli.stdin("ERROR one\nok\nERROR two\n").run("exec", "summarize");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(firstUserMessage()).startsWith("summarize\n\n--- standard input ---\nERROR one\nok\nERROR two\n");
    }

    @Test
    void pipedInputIsCutAtItsBoundWithANote() {
        server.enqueue(Reply.text("Long."));
        String big = "x".repeat(StandardInput.MAX_BYTES + 1000);
        CliRun.Result r = cli.stdin(big).run("exec", "summarize");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(firstUserMessage()).endsWith("x\n[standard input cut: 1000 of " + big.length() + " bytes left out]")
                .hasSizeLessThan(StandardInput.MAX_BYTES + 200);
    }

    @Test
    void aPipeWithNoTerminalRunsTheTaskAsExecWould() {
        server.enqueue(Reply.text("Done headless."));
        CliRun.Result r = cli.stdin("list the files\n").run();
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("Done headless.\n");
        assertThat(firstUserMessage()).isEqualTo("list the files\n");
        CliRun.Result empty = cli.stdin("").run();
        assertThat(empty.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(empty.err()).contains("the prompt is empty");
    }

    @Test
    void outsideAGitRepositoryOneLineWarnsAndTheRunGoesOn() throws Exception {
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        server.enqueue(Reply.text("Fine."));
        CliRun.Result r = new CliRun(home, plain).against(server).run("exec", "hello there");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err().lines().filter(l -> l.contains("is not in a git repository: no checkpoints, so fathom undo cannot"))).hasSize(1);
        server.enqueue(Reply.text("Fine."));
        assertThat(cli.run("exec", "hello there").err()).as("inside a repository").doesNotContain("not in a git repository");
    }

    @Test
    void loginStoresTheKeyForRunsAndTheEnvironmentStillWins() throws Exception {
        cli.env("DEEPSEEK_API_KEY", null);
        CliRun.Result login = cli.stdin(server.apiKey() + "\n").run("login");
        assertThat(login.exitCode()).as(login.err()).isZero();
        Path stored = home.resolve(".fathom/api-key");
        assertThat(Files.readString(stored)).isEqualTo(server.apiKey() + "\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stored))).isEqualTo("rw-------");
        try (var files = Files.list(home.resolve(".fathom"))) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no temporary file left").doesNotContain(".api-key").allMatch(n -> !n.endsWith(".tmp"));
        }
        server.enqueue(Reply.text("With the stored key."));
        CliRun.Result run = cli.stdin(null).run("exec", "say hi");
        assertThat(run.exitCode()).as(run.err()).isZero();

        CliRun.Result wrongEnv = cli.env("DEEPSEEK_API_KEY", "sk-from-the-environment").run("exec", "--output", "json", "say hi");
        assertThat(wrongEnv.exitCode()).as("the environment's (wrong) key was used").isEqualTo(ExitCodes.ENDPOINT);

        cli.env("DEEPSEEK_API_KEY", null);
        assertThat(cli.run("logout").exitCode()).isZero();
        assertThat(stored).doesNotExist();
        CliRun.Result none = cli.run("exec", "say hi");
        assertThat(none.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(none.err()).contains("no API key", "fathom login");
    }

    @Test
    void anEmptyOrMalformedKeyIsNotStored() {
        CliRun.Result empty = cli.stdin("\n").run("login");
        assertThat(empty.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(empty.err()).contains("nothing stored: the key is empty");
        CliRun.Result spaced = cli.stdin("sk-abc def\n").run("login");
        assertThat(spaced.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(home.resolve(".fathom/api-key")).doesNotExist();
    }
}
