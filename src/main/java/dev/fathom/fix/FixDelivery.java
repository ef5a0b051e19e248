package dev.fathom.fix;

import dev.fathom.git.GitException;
import dev.fathom.git.GitRepo;
import java.io.PrintStream;
import java.util.Map;

/**
 * Commits and pushes a fix as asked. A refused commit or push ends as {@code commit_failed} or {@code push_failed}
 * with git's message; the work stays where it is (staged, or committed on the branch) for a person to finish.
 */
public final class FixDelivery {
    /** Where a push token is looked for, in this order. */
    static final String[] TOKEN_VARIABLES = {"FATHOM_GIT_TOKEN", "GITHUB_TOKEN", "GITLAB_TOKEN"};

    private FixDelivery() {
    }

    public static void deliver(FixOutcome o, GitRepo repo, String check, boolean commit, String branch, boolean push,
            Map<String, String> env, PrintStream err) {
        try {
            if (commit) {
                o.commit = repo.commitStaged(CommitMessage.of(o.answer(), check, o.before(), o.files)).abbreviate(7).name();
            }
        } catch (GitException e) {
            o.status = "commit_failed";
            o.error = e.getMessage();
            err.println("fathom: " + e.getMessage() + "; the fix is left staged" + (branch != null ? " on " + branch : ""));
            return;
        }
        if (push) {
            try {
                repo.push(branch, pushToken(env));
                o.pushed = true;
                err.println("fathom: pushed " + branch + " to origin");
            } catch (GitException e) {
                o.status = "push_failed";
                o.error = e.getMessage();
                err.println("fathom: " + e.getMessage() + "; the commit is kept on " + branch);
            }
        }
    }

    static String pushToken(Map<String, String> env) {
        for (String name : TOKEN_VARIABLES) {
            String v = env.get(name);
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
