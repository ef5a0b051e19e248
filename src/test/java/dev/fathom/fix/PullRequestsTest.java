package dev.fathom.fix;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PullRequestsTest {
    @TempDir
    Path tmp;

    @Test
    void aWorkflowRunEventNamesTheFailingBranchAndItsPullRequestNotTheDefaultBranch() throws Exception {
        Path event = tmp.resolve("event.json");
        Files.writeString(event, "{\"workflow_run\":{\"head_branch\":\"feature/login\",\"pull_requests\":[{\"number\":31}]}}");
        PullRequests host = PullRequests.fromEnvironment(Map.of("GITHUB_REPOSITORY", "acme/shop", "GITHUB_EVENT_PATH", event.toString(),
                "GITHUB_REF_NAME", "main", "GITHUB_TOKEN", "t0ken-value"), null);
        assertThat(host.failingBranch()).isEqualTo("feature/login");
        assertThat(host.missing(true)).isNull();
    }

    @Test
    void withoutAPullRequestOrATokenItSaysWhatIsMissing() throws Exception {
        assertThat(PullRequests.fromEnvironment(Map.of("GITHUB_REPOSITORY", "acme/shop", "GITHUB_TOKEN", "t"), null).missing(true))
                .contains("--pr N");
        assertThat(PullRequests.fromEnvironment(Map.of("CI_API_V4_URL", "http://127.0.0.1:1/api/v4", "CI_PROJECT_ID", "1"), 4).missing(true))
                .contains("GITLAB_TOKEN");
        assertThat(PullRequests.fromEnvironment(Map.of(), null)).isNull();
    }
}
