package dev.fathom.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * During a merge with conflicts, each unmerged path shows once, as git shows it: one {@code diff --cc} of the file as it
 * is now (markers included) against our side, and in a staged diff only git's "Unmerged path" line.
 */
class ConflictDiffRulesTest {
    @TempDir
    Path tmp;

    /** A merge of "theirs" into main that conflicts in c.txt and pic.bin; ok.txt merges cleanly. */
    private Path conflicted() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        CliRun.git(repo, "init", "-q", "-b", "main");
        Files.writeString(repo.resolve("c.txt"), "line 1\nline 2\nline 3\n");
        Files.writeString(repo.resolve("ok.txt"), "ok\n");
        Files.write(repo.resolve("pic.bin"), new byte[] {0, 1, 2});
        CliRun.git(repo, "add", ".");
        CliRun.git(repo, "commit", "-q", "-m", "base");
        CliRun.git(repo, "checkout", "-q", "-b", "theirs");
        Files.writeString(repo.resolve("c.txt"), "line 1\nline 2, theirs\nline 3\n");
        Files.write(repo.resolve("pic.bin"), new byte[] {0, 9, 9});
        CliRun.git(repo, "commit", "-q", "-am", "theirs");
        CliRun.git(repo, "checkout", "-q", "main");
        Files.writeString(repo.resolve("c.txt"), "line 1\nline 2, ours\nline 3\n");
        Files.write(repo.resolve("pic.bin"), new byte[] {0, 7, 7});
        Files.writeString(repo.resolve("ok.txt"), "ok, edited\n");
        CliRun.git(repo, "commit", "-q", "-am", "ours");
        CliRun.gitOutput(repo, "merge", "theirs"); // fails with the conflicts on purpose
        return repo;
    }

    @Test
    void anUnmergedTextFileIsOneDiffOfTheMarkersAgainstOurSide() throws Exception {
        Path repo = conflicted();
        String diff;
        try (GitRepo git = GitRepo.open(repo)) {
            diff = git.diff(null, false, null);
        }

        assertThat(diff).contains("diff --cc c.txt\n--- a/c.txt\n+++ b/c.txt\n");
        assertThat(diff).contains("@@ -1,3 +1,7 @@\n line 1\n+<<<<<<< HEAD\n line 2, ours\n+=======\n+line 2, theirs\n+>>>>>>> theirs\n line 3\n");
        assertThat(diff).contains("diff --cc pic.bin\n--- a/pic.bin\n+++ b/pic.bin\nBinary files differ\n");
        assertThat(diff.split("diff --", -1)).as("one part per unmerged path, nothing per stage").hasSize(3);
    }

    @Test
    void aStagedDiffNamesTheUnmergedPathsAsGitDoes() throws Exception {
        Path repo = conflicted();
        String staged;
        try (GitRepo git = GitRepo.open(repo)) {
            staged = git.diff(null, true, null);
        }

        assertThat(staged).isEqualTo(CliRun.gitOutput(repo, "diff", "--cached") + "\n");
    }

    @Test
    void aPathLimitsTheConflictsShown() throws Exception {
        Path repo = conflicted();
        try (GitRepo git = GitRepo.open(repo)) {
            assertThat(git.diff("c.txt", false, null)).startsWith("diff --cc c.txt\n").doesNotContain("pic.bin");
            assertThat(git.diff("ok.txt", false, null)).isEmpty();
            assertThat(git.diff("pic.bin", true, null)).isEqualTo("* Unmerged path pic.bin\n");
        }
    }
}
