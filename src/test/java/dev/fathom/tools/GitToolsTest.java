package dev.fathom.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.testing.CliRun;
import dev.fathom.testing.TreeHash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** git_status, git_diff, git_log and git_commit in the shapes of repository that CI and users have. */
class GitToolsTest {
    @TempDir
    Path tmp;
    Path repo;

    @BeforeEach
    void setUp() throws IOException {
        repo = Files.createDirectories(tmp.resolve("repo"));
        Files.createDirectories(repo.resolve("sub"));
        Files.writeString(repo.resolve("a.txt"), "one\n");
        Files.writeString(repo.resolve("sub/b.txt"), "two\n");
        CliRun.git(repo, "init", "-q", "-b", "main");
        CliRun.git(repo, "add", ".");
        CliRun.git(repo, "commit", "-q", "-m", "first");
        Files.writeString(repo.resolve("a.txt"), "one\nmore\n");
        CliRun.git(repo, "commit", "-q", "-am", "second");
    }

    ToolHarness in(Path dir) {
        return new ToolHarness(dir, tmp.resolve("out"));
    }

    @Test
    void statusDiffCommitAndLog() throws IOException {
        ToolHarness t = in(repo);
        assertThat(t.call("git_status", "{}").output()).isEqualTo("On branch main\nNothing to commit; the working tree is clean.\n");
        Files.writeString(repo.resolve("a.txt"), "one\nmore\nthird\n");
        Files.writeString(repo.resolve("new.txt"), "new\n");
        Files.writeString(repo.resolve("sub/b.txt"), "two!\n");
        CliRun.git(repo, "add", "sub/b.txt");
        Files.delete(repo.resolve("sub/b.txt"));
        assertThat(t.call("git_status", "{}").output()).isEqualTo(
                "On branch main\nStaged:\n  M sub/b.txt\nUnstaged:\n  M a.txt\n  D sub/b.txt\nUntracked:\n  ? new.txt\n");
        assertThat(t.call("git_diff", "{}").output()).contains("diff --git a/a.txt b/a.txt").contains("+third");
        assertThat(t.call("git_diff", "{\"staged\":true}").output()).contains("-two").contains("+two!").doesNotContain("third");
        assertThat(t.call("git_diff", "{\"commit\":\"HEAD~1\",\"path\":\"a.txt\"}").output()).contains("+more").contains("+third");
        ToolResult c = t.call("git_commit", "{\"message\":\"Add third line\",\"paths\":[\"a.txt\",\"new.txt\"]}");
        assertThat(c.error()).as(c.output()).isFalse();
        assertThat(c.output()).matches("(?s)Committed [0-9a-f]{7} on main \\(2 files\\): a.txt, new.txt");
        assertThat(t.call("git_status", "{}").output()).contains("Staged:\n  M sub/b.txt").doesNotContain("new.txt");
        assertThat(t.call("git_log", "{\"max_count\":2}").output().lines())
                .hasSize(2).first().asString().matches("[0-9a-f]{7} \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d .+: Add third line");
        assertThat(t.call("git_commit", "{\"message\":\"Everything else\"}").output()).contains("sub/b.txt");
        assertThat(t.call("git_status", "{}").output()).endsWith("clean.\n");
    }

    @Test
    void worksFromASubdirectoryWithWorkspaceRelativePaths() throws IOException {
        ToolHarness t = in(repo.resolve("sub"));
        Files.writeString(repo.resolve("sub/b.txt"), "changed\n");
        assertThat(t.call("git_status", "{}").output()).contains("M sub/b.txt");
        assertThat(t.call("git_diff", "{\"path\":\"b.txt\"}").output()).contains("+changed");
        assertThat(t.call("git_log", "{\"path\":\"b.txt\"}").output().lines()).hasSize(1);
    }

    @Test
    void worksInALinkedWorktreeADetachedHeadAndAShallowClone() throws IOException {
        CliRun.git(repo, "worktree", "add", "-q", tmp.resolve("wt").toString(), "-b", "feature");
        Files.writeString(tmp.resolve("wt/a.txt"), "worktree\n");
        ToolHarness wt = in(tmp.resolve("wt"));
        assertThat(wt.call("git_status", "{}").output()).startsWith("On branch feature").contains("M a.txt");
        assertThat(wt.call("git_commit", "{\"message\":\"wt\"}").output()).contains("on feature");

        CliRun.git(repo, "checkout", "-q", "--detach", "HEAD~1");
        ToolHarness detached = in(repo);
        assertThat(detached.call("git_status", "{}").output()).startsWith("On branch HEAD detached at ");
        Files.writeString(repo.resolve("a.txt"), "detached\n");
        assertThat(detached.call("git_commit", "{\"message\":\"on a detached head\"}").error()).isFalse();

        CliRun.git(tmp, "clone", "-q", "--depth", "1", "file://" + repo, "shallow");
        ToolHarness shallow = in(tmp.resolve("shallow"));
        assertThat(shallow.call("git_status", "{}").output()).startsWith("On branch").contains("(shallow clone)");
        assertThat(shallow.call("git_log", "{}").output()).contains("shallow clone: older history is not available");
    }

    @Test
    void commitsEvenWhenTheUserSignsCommits() throws IOException {
        CliRun.git(repo, "config", "commit.gpgsign", "true");
        CliRun.git(repo, "config", "gpg.program", "/bin/false");
        CliRun.git(repo, "config", "user.name", "Ada");
        CliRun.git(repo, "config", "user.email", "ada@example.com");
        Files.writeString(repo.resolve("a.txt"), "signed?\n");
        ToolResult r = in(repo).call("git_commit", "{\"message\":\"unsigned\"}");
        assertThat(r.error()).as(r.output()).isFalse();
        assertThat(in(repo).call("git_log", "{\"max_count\":1}").output()).contains("Ada: unsigned");
    }

    @Test
    void outsideARepositoryEveryGitToolSaysSo() throws IOException {
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        ToolHarness t = in(plain);
        for (String tool : new String[] {"git_status", "git_diff", "git_log"}) {
            assertThat(t.call(tool, "{}").output()).as(tool).startsWith("Not a git repository: ");
        }
        assertThat(t.call("git_commit", "{\"message\":\"x\"}").output()).startsWith("Not a git repository: ");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "git_log|{\"max_count\":0}|max_count must be between 1 and 200",
        "git_log|{\"max_count\":\"lots\"}|must be an integer",
        "git_diff|{\"staged\":true,\"commit\":\"HEAD\"}|Give either staged or commit, not both",
        "git_diff|{\"commit\":\"no-such-branch\"}|Unknown revision 'no-such-branch'",
        "git_diff|{\"path\":\"../outside\"}|outside the workspace",
        "git_commit|{\"message\":\"  \"}|message is empty",
        "git_commit|{}|Missing required parameter 'message'",
        "git_commit|{\"message\":\"m\"}|Nothing to commit",
        "git_commit|{\"message\":\"m\",\"paths\":\"a.txt\"}|must be an array",
        "git_commit|{\"message\":\"m\",\"paths\":[1]}|of git_commit must be a string, got number",
    })
    void refusesBadInputAndChangesNothing(String tool, String arguments, String expected) {
        String before = TreeHash.of(tmp);
        ToolResult r = in(repo).call(tool, arguments);
        assertThat(r.error()).isTrue();
        assertThat(r.output()).contains(expected);
        assertThat(TreeHash.of(tmp)).isEqualTo(before);
    }
}
