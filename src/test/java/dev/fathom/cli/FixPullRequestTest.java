package dev.fathom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.testing.CliRun;
import dev.fathom.testing.FakeCodeHost;
import dev.fathom.testing.FakeCodeHost.Answer;
import dev.fathom.testing.FakeV4Server;
import dev.fathom.testing.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fix --pr-comment and --open-pr against a fake GitHub or GitLab REST API on 127.0.0.1. */
class FixPullRequestTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = "ghs_very_secret_token_123";

    @TempDir
    Path tmp;
    FakeV4Server model;
    Path home;
    Path ci;
    Path bare;

    @BeforeEach
    void setUp() throws IOException {
        model = FakeV4Server.start();
        home = Files.createDirectories(tmp.resolve("home"));
        Path origin = Files.createDirectories(tmp.resolve("origin"));
        Files.writeString(origin.resolve("status.txt"), "bad\n");
        CliRun.git(origin, "init", "-q", "-b", "feature");
        CliRun.git(origin, "add", ".");
        CliRun.git(origin, "commit", "-q", "-m", "init");
        bare = tmp.resolve("remote.git");
        CliRun.git(tmp, "clone", "-q", "--bare", origin.toString(), bare.toString());
        ci = tmp.resolve("ci");
        CliRun.git(tmp, "clone", "-q", "file://" + bare, ci.toString());
        CliRun.git(ci, "checkout", "-q", "--detach"); // as CI checks out
    }

    @AfterEach
    void tearDown() {
        model.close();
    }

    void modelFixesIt() {
        model.enqueue(Reply.toolCall("write_file", "{\"file_path\":\"status.txt\",\"content\":\"good\\n\"}"))
                .enqueue(Reply.text("Set the status to good.\n\nThe check wanted `good`."));
    }

    CliRun gitHub(FakeCodeHost host, int pr) throws IOException {
        Path event = tmp.resolve("event.json");
        Files.writeString(event, "{\"action\":\"synchronize\",\"number\":" + pr + ",\"pull_request\":{\"number\":" + pr + "}}");
        return new CliRun(home, ci).against(model).env("GITHUB_API_URL", host.url()).env("GITHUB_REPOSITORY", "acme/shop")
                .env("GITHUB_EVENT_PATH", event.toString()).env("GITHUB_HEAD_REF", "feature").env("GITHUB_REF_NAME", "7/merge")
                .env("GITHUB_TOKEN", TOKEN);
    }

    @Test
    void gitHubOpensThePullRequestIntoTheFailingBranchAndUpdatesItsOwnComment() throws Exception {
        try (FakeCodeHost host = new FakeCodeHost(r -> switch (r.method() + " " + r.path().replaceFirst("\\?.*", "")) {
            case "GET /repos/acme/shop/issues/7/comments" -> new Answer(200, "[{\"id\":1,\"body\":\"LGTM\"},"
                    + "{\"id\":42,\"body\":\"<!-- fathom-fix -->\\nold summary\"}]");
            case "PATCH /repos/acme/shop/issues/comments/42" -> new Answer(200, "{\"id\":42}");
            case "POST /repos/acme/shop/pulls" -> new Answer(201, "{\"number\":8,\"html_url\":\"https://github.example/acme/shop/pull/8\"}");
            default -> new Answer(404, "{\"message\":\"Not Found\"}");
        })) {
            modelFixesIt();
            CliRun.Result r = gitHub(host, 7).run("fix", "--check", "grep -qx good status.txt", "--branch", "fathom/fix-7", "--commit",
                    "--push", "--open-pr", "--pr-comment", "--report", "../report.json");

            assertThat(r.exitCode()).as(r.err()).isZero();
            var reqs = host.requests();
            assertThat(reqs).extracting(q -> q.method() + " " + q.path().replaceFirst("\\?.*", "")).containsExactly(
                    "POST /repos/acme/shop/pulls", "GET /repos/acme/shop/issues/7/comments", "PATCH /repos/acme/shop/issues/comments/42");
            JsonNode pull = reqs.get(0).body();
            assertThat(pull.path("head").asText()).isEqualTo("fathom/fix-7");
            assertThat(pull.path("base").asText()).isEqualTo("feature");
            assertThat(pull.path("title").asText()).isEqualTo("fix: set the status to good");
            assertThat(reqs.get(2).body().path("body").asText()).startsWith("<!-- fathom-fix -->\n## ✅ Fathom fixed the failing check")
                    .contains("https://github.example/acme/shop/pull/8");
            assertThat(reqs).allSatisfy(q -> assertThat(q.auth()).containsEntry("Authorization", "Bearer " + TOKEN));
            JsonNode report = JSON.readTree(tmp.resolve("report.json").toFile());
            assertThat(report.path("ci").path("pull_request").path("status").asText()).isEqualTo("opened");
            assertThat(report.path("ci").path("pull_request").path("url").asText()).isEqualTo("https://github.example/acme/shop/pull/8");
            assertThat(report.path("ci").path("comment").path("status").asText()).isEqualTo("updated");
            assertThat(r.out() + r.err() + Files.readString(tmp.resolve("report.json"))).doesNotContain(TOKEN);
        }
    }

    @Test
    void aFailingApiIsReportedAndLeavesTheExitCodeOfAGoodFixAlone() throws Exception {
        try (FakeCodeHost host = new FakeCodeHost(r -> switch (r.method() + " " + r.path().replaceFirst("\\?.*", "")) {
            case "GET /repos/acme/shop/issues/7/comments" -> new Answer(200, "[]");
            case "POST /repos/acme/shop/issues/7/comments" -> new Answer(201, "{\"id\":5}");
            default -> new Answer(403, "{\"message\":\"GitHub Actions is not permitted to create or approve pull requests.\"}");
        })) {
            modelFixesIt();
            CliRun.Result r = gitHub(host, 7).run("fix", "--check", "grep -qx good status.txt", "--branch", "fathom/fix-7", "--commit",
                    "--push", "--open-pr", "--pr-comment", "--report", "../report.json");

            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.err()).contains("opening the pull request failed: POST /repos/acme/shop/pulls answered HTTP 403: GitHub Actions is not "
                    + "permitted to create or approve pull requests.");
            JsonNode ci = JSON.readTree(tmp.resolve("report.json").toFile()).path("ci");
            assertThat(ci.path("pull_request").path("status").asText()).isEqualTo("failed");
            assertThat(ci.path("pull_request").path("error").asText()).contains("HTTP 403");
            assertThat(ci.path("comment").path("status").asText()).isEqualTo("posted");
            assertThat(host.requests().get(host.requests().size() - 1).body().path("body").asText()).startsWith("<!-- fathom-fix -->\n");
        }
    }

    @Test
    void gitLabCommentsOnTheMergeRequestAndOpensNothingWhenNotFixed() throws Exception {
        try (FakeCodeHost host = new FakeCodeHost(r -> switch (r.method() + " " + r.path().replaceFirst("\\?.*", "")) {
            case "GET /api/v4/projects/12/merge_requests/3/notes" -> new Answer(200, "[{\"id\":9,\"body\":\"nice\"}]");
            case "POST /api/v4/projects/12/merge_requests/3/notes" -> new Answer(201, "{\"id\":10}");
            default -> new Answer(404, "{\"message\":\"404 Not Found\"}");
        })) {
            model.enqueue(Reply.text("I could not find the cause."));
            CliRun.Result r = new CliRun(home, ci).against(model).env("CI_API_V4_URL", host.url() + "/api/v4").env("CI_PROJECT_ID", "12")
                    .env("CI_MERGE_REQUEST_IID", "3").env("CI_COMMIT_REF_NAME", "feature").env("GITLAB_TOKEN", "glpat-secret-value-1")
                    .run("fix", "--check", "grep -qx good status.txt", "--branch", "fathom/fix-3", "--commit", "--push", "--open-pr",
                            "--pr-comment", "--max-attempts", "1", "--report", "../report.json");

            assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
            assertThat(host.requests()).extracting(q -> q.method() + " " + q.path().replaceFirst("\\?.*", "")).containsExactly(
                    "GET /api/v4/projects/12/merge_requests/3/notes", "POST /api/v4/projects/12/merge_requests/3/notes");
            assertThat(host.requests()).allSatisfy(q -> assertThat(q.auth()).containsEntry("PRIVATE-TOKEN", "glpat-secret-value-1"));
            assertThat(host.requests().get(1).body().path("body").asText()).contains("Fathom could not make the check pass");
            JsonNode ciNode = JSON.readTree(tmp.resolve("report.json").toFile()).path("ci");
            assertThat(ciNode.path("pull_request").path("status").asText()).isEqualTo("skipped");
            assertThat(ciNode.path("comment").path("status").asText()).isEqualTo("posted");
            assertThat(CliRun.gitOutput(bare, "branch", "--list", "fathom/*")).isEmpty();
        }
    }
}
