package dev.fathom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.fathom.testing.CliRun;
import dev.fathom.testing.FakeEndpointSupport;
import dev.fathom.testing.ForkedCli;
import dev.fathom.testing.Reply;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** fix --push: what goes to stdout while git works, and how a push logs in (or does not). */
class FixPushTest extends FakeEndpointSupport {
    static final ObjectMapper JSON = new ObjectMapper();

    Path statusRepo(String name) throws IOException {
        return FixRepos.statusRepo(tmp, name, null);
    }

    void enqueueFix() {
        server.enqueue(Reply.toolCall("write_file", "{\"file_path\":\"status.txt\",\"content\":\"good\\n\"}"))
                .enqueue(Reply.text("Set the status to good."));
    }

    @Test
    void stdoutWithOutputJsonIsExactlyOneJsonDocumentWhileGitBranchesCommitsAndPushes() throws Exception {
        Path repo = statusRepo("json");
        Path bare = tmp.resolve("remote.git");
        CliRun.git(tmp, "init", "-q", "--bare", bare.toString());
        CliRun.git(repo, "remote", "add", "origin", bare.toString());
        // hooks that would print to stdout if git ran them (they are off: the repository's hooks never run)
        for (String hook : List.of("pre-commit", "post-commit", "pre-push", "post-checkout", "reference-transaction")) {
            Path h = repo.resolve(".git/hooks/" + hook);
            Files.writeString(h, "#!/bin/sh\necho HOOK-" + hook + "\necho HOOK-" + hook + " >&2\ntouch " + tmp.resolve("ran-" + hook) + "\n");
            h.toFile().setExecutable(true);
        }
        enqueueFix();
        ForkedCli.Result r = new ForkedCli(home, repo).against(server).run("fix", "--check", "grep -qx good status.txt", "--branch",
                "fathom/json", "--commit", "--push", "--output", "json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        try (JsonParser p = JSON.createParser(r.out())) {
            JsonNode report = JSON.readTree(p);
            assertThat(report.path("status").asText()).isEqualTo("fixed");
            assertThat(report.path("branch").asText()).isEqualTo("fathom/json");
            assertThat(p.nextToken()).as("nothing after the one document: " + r.out()).isNull();
        }
        assertThat(r.out()).doesNotContain("HOOK-").doesNotContain("To ").doesNotContain("new branch").startsWith("{");
        assertThat(tmp).isDirectoryNotContaining("glob:**/ran-*");
        assertThat(CliRun.gitOutput(bare, "log", "--format=%s", "-1", "fathom/json")).isEqualTo("fix: set the status to good");
    }

    @Test
    void withoutATokenAPushGoesWhereTheRemoteNeedsNoLogin() throws Exception {
        Path repo = statusRepo("local");
        Path bare = tmp.resolve("local.git");
        CliRun.git(tmp, "init", "-q", "--bare", bare.toString());
        CliRun.git(repo, "remote", "add", "origin", bare.toString());
        enqueueFix();
        CliRun.Result r = new CliRun(home, repo).against(server).env("GITHUB_TOKEN", null).env("GITLAB_TOKEN", null)
                .env("FATHOM_GIT_TOKEN", null).run("fix", "--check", "grep -qx good status.txt", "--branch", "fathom/local", "--commit", "--push");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(CliRun.gitOutput(bare, "rev-parse", "--verify", "-q", "refs/heads/fathom/local")).matches("[0-9a-f]{40}");
    }

    /** An HTTP git server that asks for a login and refuses every one it gets; it records the logins it was sent. */
    record LoginServer(HttpServer http, List<String> authorizations) implements AutoCloseable {
        static LoginServer start() throws IOException {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            List<String> seen = new CopyOnWriteArrayList<>();
            http.createContext("/", ex -> {
                String auth = ex.getRequestHeaders().getFirst("Authorization");
                if (auth == null) {
                    ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
                    ex.sendResponseHeaders(401, -1);
                } else {
                    seen.add(auth);
                    ex.sendResponseHeaders(403, -1);
                }
                ex.close();
            });
            http.start();
            return new LoginServer(http, seen);
        }

        String url() {
            return "http://127.0.0.1:" + http.getAddress().getPort() + "/org/repo.git";
        }

        @Override
        public void close() {
            http.stop(0);
        }
    }

    @Test
    void aTokenIsSentAsTheHttpsPasswordAndNeverShownAndWithoutOneNoLoginIsSent() throws Exception {
        try (LoginServer host = LoginServer.start()) {
            Path repo = statusRepo("http");
            CliRun.git(repo, "remote", "add", "origin", host.url());
            enqueueFix();
            String token = "ghs_push_token_value_123";
            CliRun.Result r = new CliRun(home, repo).against(server).env("GITHUB_TOKEN", token).run("fix", "--check", "grep -qx good status.txt",
                    "--branch", "fathom/http", "--commit", "--push", "--report", "../r.json");
            assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
            assertThat(host.authorizations()).contains("Basic " + Base64.getEncoder()
                    .encodeToString(("x-access-token:" + token).getBytes(StandardCharsets.UTF_8)));
            String report = Files.readString(tmp.resolve("r.json"));
            assertThat(JSON.readTree(report).path("status").asText()).isEqualTo("push_failed");
            assertThat(r.out() + r.err() + report).doesNotContain(token);

            host.authorizations().clear();
            Path second = statusRepo("http2");
            CliRun.git(second, "remote", "add", "origin", host.url());
            enqueueFix();
            CliRun.Result none = new CliRun(home, second).against(server).env("GITHUB_TOKEN", null).run("fix", "--check",
                    "grep -qx good status.txt", "--branch", "fathom/http", "--commit", "--push", "--report", "../r2.json");
            assertThat(none.exitCode()).as(none.err()).isEqualTo(1);
            assertThat(JSON.readTree(tmp.resolve("r2.json").toFile()).path("status").asText()).isEqualTo("push_failed");
            assertThat(host.authorizations()).as("no login without a token").isEmpty();
        }
    }
}
