package dev.fathom.fix;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** GitLab's REST API (v4): notes on the merge request, and merge requests. */
final class GitLabPullRequests implements PullRequests {

    private final PlatformApi api;
    private final String project;
    private final Integer iid;
    private final String token;
    private final String failingBranch;

    GitLabPullRequests(String apiUrl, String projectId, Integer iid, String token, String failingBranch) {
        this.api = new PlatformApi(apiUrl, token == null ? Map.of() : Map.of("PRIVATE-TOKEN", token), token);
        this.project = "/projects/" + URLEncoder.encode(projectId, StandardCharsets.UTF_8);
        this.iid = iid;
        this.token = token;
        this.failingBranch = failingBranch;
    }

    @Override
    public String missing(boolean forComment) {
        if (token == null || token.isBlank()) {
            return "GITLAB_TOKEN is not set (the job token cannot write notes)";
        }
        return forComment && iid == null ? "no merge request (CI_MERGE_REQUEST_IID is unset; give --pr N)" : null;
    }

    @Override
    public String failingBranch() {
        return failingBranch;
    }

    @Override
    public String upsertComment(String markdown) throws IOException, InterruptedException {
        String notes = project + "/merge_requests/" + iid + "/notes";
        return StickyComment.upsert(api, n -> notes + "?per_page=" + StickyComment.PAGE + "&page=" + n + "&sort=asc",
                id -> notes + "/" + id, "PUT", notes, markdown);
    }

    @Override
    public String open(String head, String base, String title, String body) throws IOException, InterruptedException {
        JsonNode mr = api.call("POST", project + "/merge_requests",
                Map.of("source_branch", head, "target_branch", base, "title", title, "description", body, "remove_source_branch", true));
        return mr.path("web_url").asText(null);
    }
}
