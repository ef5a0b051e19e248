package dev.fathom.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link GitRepo#workStatus()} (git's status as Fathom computes it, through its public result) against
 * {@code git status --porcelain=v2 -uall}, in states where each kind of change, a conflict, or a configuration that
 * sends the scan to JGit shows; and the line on an operation in progress, beside git's own status.
 */
class StatusRulesTest {
    @TempDir
    Path tmp;

    /** The status in {@link GitTruthTest#gitStatus}'s form: "staged A path", "unstaged D path", "untracked path", "conflict path". */
    static Set<String> fathom(Path ws) throws Exception {
        WorkStatus s;
        try (GitRepo git = GitRepo.open(ws, Map.of())) {
            s = git.workStatus();
        }
        Set<String> out = new TreeSet<>();
        s.added().forEach(p -> out.add("staged A " + p));
        s.changed().forEach(p -> out.add("staged M " + p));
        s.removed().forEach(p -> out.add("staged D " + p));
        s.modified().forEach(p -> out.add("unstaged M " + p));
        s.missing().forEach(p -> out.add("unstaged D " + p));
        s.untracked().forEach(p -> out.add("untracked " + p));
        s.conflicting().forEach(p -> out.add("conflict " + p));
        assertThat(s.isClean()).isEqualTo(out.isEmpty());
        return out;
    }

    private static void sameAsGit(Path ws) throws Exception {
        assertThat(fathom(ws)).isEqualTo(GitTruthTest.gitStatus(ws, Map.of()));
    }

    @Test
    void everyKindOfChangeIsWhereGitPutsIt() throws Exception {
        Path ws = RepoStates.plain(tmp.resolve("plain"));
        CliRun.git(ws, "rm", "-q", "--cached", "other/d.txt");
        Files.writeString(ws.resolve("staged-new.txt"), "new\n");
        CliRun.git(ws, "add", "staged-new.txt");
        sameAsGit(ws);
        assertThat(fathom(ws)).contains("staged A staged-new.txt", "staged M sub/b.txt", "staged D other/d.txt", "unstaged M a.txt",
                "unstaged D c.txt", "untracked new.txt", "untracked other/d.txt");

        Path clean = RepoStates.base(tmp.resolve("clean"));
        assertThat(fathom(clean)).isEmpty();
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        CliRun.git(empty, "init", "-q");
        Files.writeString(empty.resolve("first.txt"), "first\n");
        CliRun.git(empty, "add", "first.txt");
        sameAsGit(empty);
    }

    @Test
    void anUnmergedPathIsAConflictOnlyAndTheMergeIsNamed() throws Exception {
        Path ws = RepoStates.mergeWithConflicts(tmp);
        sameAsGit(ws);
        assertThat(fathom(ws)).contains("conflict a.txt").noneMatch(s -> s.endsWith(" a.txt") && !s.equals("conflict a.txt"));
        try (GitRepo git = GitRepo.open(ws, Map.of())) {
            assertThat(git.operationInProgress())
                    .isEqualTo("A merge is in progress: resolve the conflicts, then commit without paths to conclude it (git merge --abort gives up).");
        }
        CliRun.git(ws, "add", "a.txt");
        try (GitRepo git = GitRepo.open(ws, Map.of())) {
            assertThat(git.operationInProgress()).isEqualTo("A merge is in progress, its conflicts resolved: commit without paths to conclude it.");
        }
        assertThat(CliRun.gitOutput(ws, "status")).contains("All conflicts fixed but you are still merging.");
    }

    @Test
    void configurationsTheScanDoesNotModelGetTheSameAnswerThroughJGit() throws Exception {
        Path ignoreCase = RepoStates.plain(tmp.resolve("ignorecase"));
        CliRun.git(ignoreCase, "config", "core.ignoreCase", "true");
        sameAsGit(ignoreCase);

        Path noSymlinks = RepoStates.plain(tmp.resolve("nosymlinks"));
        CliRun.git(noSymlinks, "config", "core.symlinks", "false");
        sameAsGit(noSymlinks);
        assertThat(fathom(noSymlinks)).contains("unstaged M a.txt", "untracked new.txt");
    }

    @Test
    void cherryPickRevertBisectAndRebaseAreNamedAndNothingWhenIdle() throws Exception {
        Path ws = RepoStates.divergent(tmp.resolve("cherry"));
        try (GitRepo git = GitRepo.open(ws, Map.of())) {
            assertThat(git.operationInProgress()).isNull();
        }
        CliRun.gitOutput(ws, "cherry-pick", "topic"); // conflicts in a.txt
        assertThat(CliRun.gitOutput(ws, "status")).contains("cherry-picking");
        try (GitRepo git = GitRepo.open(ws, Map.of())) {
            assertThat(git.operationInProgress()).isEqualTo("A cherry-pick is in progress.");
        }

        Path rev = RepoStates.divergent(tmp.resolve("revert"));
        Files.writeString(rev.resolve("a.txt"), "main's one, again\n");
        CliRun.git(rev, "commit", "-q", "-am", "again");
        CliRun.gitOutput(rev, "revert", "--no-edit", "HEAD~1"); // conflicts: a.txt changed since
        assertThat(CliRun.gitOutput(rev, "status")).contains("reverting");
        try (GitRepo git = GitRepo.open(rev, Map.of())) {
            assertThat(git.operationInProgress()).isEqualTo("A revert is in progress.");
        }

        Path bis = RepoStates.divergent(tmp.resolve("bisect"));
        CliRun.git(bis, "bisect", "start");
        try (GitRepo git = GitRepo.open(bis, Map.of())) {
            assertThat(git.operationInProgress()).isEqualTo("A bisect is in progress.");
        }

        Path reb = RepoStates.rebaseWithConflict(tmp.resolve("rebase"));
        String onto = CliRun.gitOutput(reb, "rev-parse", "--short=7", "topic");
        try (GitRepo git = GitRepo.open(reb, Map.of())) {
            assertThat(git.operationInProgress()).isEqualTo("A rebase is in progress (onto " + onto
                    + "): resolve, stage, then git rebase --continue (git rebase --abort gives up).");
        }
        Files.writeString(reb.resolve(".git/rebase-merge/onto"), "short\n");
        try (GitRepo git = GitRepo.open(reb, Map.of())) {
            assertThat(git.operationInProgress()).as("an onto file too short to name a commit").contains("(onto unknown)");
        }
    }
}
