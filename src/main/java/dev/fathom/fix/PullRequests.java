package dev.fathom.fix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The code host a fix run reports to: one sticky comment on the pull or merge request (found again by a hidden
 * marker and updated, never duplicated), and a new pull or merge request from the fix branch. Chosen from the CI
 * environment: GitHub Actions ({@code GITHUB_API_URL}, {@code GITHUB_REPOSITORY}) or GitLab CI ({@code CI_API_V4_URL},
 * {@code CI_PROJECT_ID}).
 */
public interface PullRequests {
    /** Hidden in the comment's Markdown so that the next run finds and updates it. */
    String MARKER = "<!-- fathom-fix -->";

    /** Posts the comment or updates the one posted before; returns "posted" or "updated". */
    String upsertComment(String markdown) throws IOException, InterruptedException;

    /** Opens a pull request from {@code head} into {@code base}; returns its web address. */
    String open(String head, String base, String title, String body) throws IOException, InterruptedException;

    /** The failing branch, as the CI names it (the pull request's source branch first); null when unknown. */
    String failingBranch();

    /** What is missing to talk to the host, or null when {@code forComment} (or opening) can work. */
    String missing(boolean forComment);

    /**
     * The host described by {@code env}, or null outside a known CI. {@code prNumber} (from {@code --pr}) overrides
     * the pull request found in the environment.
     */
    static PullRequests fromEnvironment(Map<String, String> env, Integer prNumber) throws IOException {
        if (env.get("GITHUB_REPOSITORY") != null) {
            JsonNode event = gitHubEvent(env.get("GITHUB_EVENT_PATH"));
            Integer pr = prNumber != null ? prNumber : gitHubPullRequest(event);
            String head = firstText(event.path("pull_request").path("head").path("ref"), event.path("workflow_run").path("head_branch"));
            String api = env.getOrDefault("GITHUB_API_URL", "https://api.github.com");
            return new GitHubPullRequests(api, env.get("GITHUB_REPOSITORY"), pr, env.get("GITHUB_TOKEN"),
                    head != null ? head : firstSet(env, "GITHUB_HEAD_REF", "GITHUB_REF_NAME"));
        }
        if (env.get("CI_PROJECT_ID") != null && env.get("CI_API_V4_URL") != null) {
            Integer mr = prNumber != null ? prNumber : parse(env.get("CI_MERGE_REQUEST_IID"));
            return new GitLabPullRequests(env.get("CI_API_V4_URL"), env.get("CI_PROJECT_ID"), mr, env.get("GITLAB_TOKEN"),
                    firstSet(env, "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", "CI_COMMIT_BRANCH", "CI_COMMIT_REF_NAME"));
        }
        return null;
    }

    private static String firstSet(Map<String, String> env, String... names) {
        for (String n : names) {
            String v = env.get(n);
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    private static Integer parse(String s) {
        try {
            return s == null || s.isBlank() ? null : Integer.valueOf(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static JsonNode gitHubEvent(String eventPath) throws IOException {
        if (eventPath == null || !Files.isRegularFile(Path.of(eventPath))) {
            return new ObjectMapper().createObjectNode();
        }
        return new ObjectMapper().readTree(Path.of(eventPath).toFile());
    }

    private static String firstText(JsonNode... nodes) {
        for (JsonNode n : nodes) {
            if (n.isTextual() && !n.asText().isBlank()) {
                return n.asText();
            }
        }
        return null;
    }

    /**
     * The pull request of the event that started the workflow: pull_request events, comments on a pull request, and
     * workflow_run events of a pull request's run.
     */
    private static Integer gitHubPullRequest(JsonNode e) {
        JsonNode issue = e.path("issue").has("pull_request") ? e.path("issue").path("number") : e.path("no_issue");
        for (JsonNode n : new JsonNode[] {e.path("pull_request").path("number"), issue, e.path("workflow_run").path("pull_requests").path(0).path("number"),
                e.path("number")}) {
            if (n.canConvertToInt() && n.asInt() > 0) {
                return n.asInt();
            }
        }
        return null;
    }
}
