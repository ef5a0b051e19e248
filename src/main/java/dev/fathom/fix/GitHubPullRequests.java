package dev.fathom.fix;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Map;

/** GitHub's REST API: issue comments on the pull request, and pulls. */
final class GitHubPullRequests implements PullRequests {

    private final PlatformApi api;
    private final String repository;
    private final Integer number;
    private final String token;
    private final String failingBranch;

    GitHubPullRequests(String apiUrl, String repository, Integer number, String token, String failingBranch) {
        this.api = new PlatformApi(apiUrl, token == null ? Map.of("X-GitHub-Api-Version", "2022-11-28")
                : Map.of("Authorization", "Bearer " + token, "X-GitHub-Api-Version", "2022-11-28"), token);
        this.repository = repository;
        this.number = number;
        this.token = token;
        this.failingBranch = failingBranch;
    }

    @Override
    public String missing(boolean forComment) {
        if (token == null || token.isBlank()) {
            return "GITHUB_TOKEN is not set";
        }
        return forComment && number == null ? "no pull request number (not a pull_request event; give --pr N)" : null;
    }

    @Override
    public String failingBranch() {
        return failingBranch;
    }

    @Override
    public String upsertComment(String markdown) throws IOException, InterruptedException {
        String issue = "/repos/" + repository + "/issues/" + number;
        return StickyComment.upsert(api, n -> issue + "/comments?per_page=" + StickyComment.PAGE + "&page=" + n,
                id -> "/repos/" + repository + "/issues/comments/" + id, "PATCH", issue + "/comments", markdown);
    }

    @Override
    public String open(String head, String base, String title, String body) throws IOException, InterruptedException {
        JsonNode pr = api.call("POST", "/repos/" + repository + "/pulls", Map.of("title", title, "head", head, "base", base, "body", body));
        return pr.path("html_url").asText(null);
    }
}
