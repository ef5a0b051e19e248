package dev.fathom.fix;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;

/**
 * After a fix run: opens the pull request from the fix branch (only when the fix is pushed) and posts or updates the
 * sticky comment with the summary. A call that fails is reported (stderr and the report's {@code ci} object), never
 * fatal: the fix itself, already pushed, is the result that counts, so the exit code stays the fix's own.
 */
public final class CiReporting {
    private final Map<String, String> env;
    private final Integer prNumber;
    private final PrintStream err;

    public CiReporting(Map<String, String> env, Integer prNumber, PrintStream err) {
        this.env = env;
        this.prNumber = prNumber;
        this.err = err;
    }

    /**
     * Does what was asked; returns the {@code ci} object of the report. {@code pushedBranch} is null when nothing was
     * pushed, and then no pull request is opened.
     */
    public ObjectNode run(ObjectMapper json, FixReport report, boolean comment, boolean openPr, String pushedBranch, String title)
            throws InterruptedException {
        ObjectNode ci = json.createObjectNode();
        PullRequests host;
        try {
            host = PullRequests.fromEnvironment(env, prNumber);
        } catch (IOException e) {
            host = null;
            ci.put("error", "cannot read GITHUB_EVENT_PATH: " + e.getMessage());
        }
        String url = null;
        if (openPr) {
            ObjectNode pr = ci.putObject("pull_request");
            if (!"fixed".equals(report.status()) || pushedBranch == null) {
                pr.put("status", "skipped").put("reason", "the fix was not pushed (status " + report.status() + ")");
            } else {
                url = open(host, pr, pushedBranch, title, report);
            }
        }
        if (comment) {
            ObjectNode c = ci.putObject("comment");
            String why = host == null ? "not in GitHub Actions or GitLab CI" : host.missing(true);
            if (why != null) {
                failed(c, "cannot comment: " + why);
            } else {
                try {
                    String md = report.toMarkdown() + (url == null ? "" : "\nPull request with the fix: " + url + "\n");
                    c.put("status", host.upsertComment(md));
                } catch (IOException e) {
                    failed(c, "the comment failed: " + e.getMessage());
                }
            }
        }
        return ci;
    }

    private String open(PullRequests host, ObjectNode pr, String head, String title, FixReport report) throws InterruptedException {
        String why = host == null ? "not in GitHub Actions or GitLab CI" : host.missing(false);
        String base = host == null ? null : host.failingBranch();
        if (why == null && base == null) {
            why = "the failing branch is unknown (no GITHUB_HEAD_REF/GITHUB_REF_NAME or CI_COMMIT_REF_NAME)";
        }
        if (why != null) {
            failed(pr, "cannot open a pull request: " + why);
            return null;
        }
        try {
            String url = host.open(head, base, title, report.toMarkdown());
            pr.put("status", "opened").put("base", base).put("head", head).put("url", url);
            err.println("fathom: opened a pull request from " + head + " into " + base + (url == null ? "" : ": " + url));
            return url;
        } catch (IOException e) {
            failed(pr, "opening the pull request failed: " + e.getMessage());
            return null;
        }
    }

    private void failed(ObjectNode node, String message) {
        node.put("status", "failed").put("error", message);
        err.println("fathom: " + message + " (the fix's outcome and exit code are unchanged)");
    }
}
