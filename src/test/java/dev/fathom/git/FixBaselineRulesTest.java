package dev.fathom.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fix run's start and its two endings, seen through git: exactly the run's changes staged (never the user's
 * untracked files, never the run's own report), or exactly the start put back, with the branch and refs as they were.
 */
class FixBaselineRulesTest {
    @TempDir
    Path tmp;

    private Path repo() throws Exception {
        Path repo = RepoStates.base(tmp.resolve("repo")); // a.txt, sub/b.txt, c.txt, other/d.txt on main
        Files.writeString(repo.resolve("notes.txt"), "the user's untracked notes\n");
        return repo;
    }

    /** What a run does: edits a.txt, deletes c.txt, creates new.txt and gen/out.txt, writes its report, stages the user's notes. */
    private static void run(Path repo) throws Exception {
        run(repo, true);
    }

    private static void run(Path repo, boolean stageNotes) throws Exception {
        Files.writeString(repo.resolve("a.txt"), "fixed\n");
        Files.delete(repo.resolve("c.txt"));
        Files.writeString(repo.resolve("new.txt"), "new\n");
        Files.createDirectories(repo.resolve("gen"));
        Files.writeString(repo.resolve("gen/out.txt"), "generated\n");
        Files.writeString(repo.resolve("report.md"), "the run's report\n");
        if (stageNotes) {
            CliRun.git(repo, "add", "notes.txt");
        }
    }

    @Test
    void exactlyTheRunsChangesAreStagedAndThePatchRecreatesThem() throws Exception {
        Path repo = repo();
        try (GitRepo git = GitRepo.open(repo, Map.of())) {
            FixBaseline start = FixBaseline.record(git, List.of("report.md"));
            assertThat(start.changes().isEmpty()).isTrue();
            run(repo);

            FixBaseline.Changes changes = start.changes();
            assertThat(changes.tracked()).containsExactly("a.txt", "c.txt");
            assertThat(changes.created()).containsExactly("gen/out.txt", "new.txt");
            assertThat(changes.all()).containsExactly("a.txt", "c.txt", "gen/out.txt", "new.txt");
            assertThat(changes.isEmpty()).isFalse();
            start.stage(changes);
            assertThat(start.start().name()).isEqualTo(CliRun.gitOutput(repo, "rev-parse", "HEAD"));

            assertThat(CliRun.gitOutput(repo, "diff", "--cached", "--name-status")).isEqualTo("M\ta.txt\nD\tc.txt\nA\tgen/out.txt\nA\tnew.txt");
            assertThat(CliRun.gitOutput(repo, "status", "--porcelain", "--", "notes.txt", "report.md")).isEqualTo("?? notes.txt\n?? report.md");
            assertThat(start.patch()).isEqualTo(CliRun.gitOutput(repo, "diff", "--cached", "--binary", "--full-index") + "\n");
        }
    }

    @Test
    void puttingBackTheStartRestoresFilesIndexAndBranchAndDeletesTheRunsBranchAndRefs() throws Exception {
        Path repo = repo();
        CliRun.git(repo, "update-ref", "refs/fathom/checkpoints/1", "HEAD"); // the user's own, from before
        String statusBefore = CliRun.gitOutput(repo, "status", "--porcelain");
        try (GitRepo git = GitRepo.open(repo, Map.of())) {
            FixBaseline start = FixBaseline.record(git, List.of("report.md"));
            git.createBranch("fathom/fix");
            run(repo); // with a "git add" of the user's untracked notes: unstaged again, the file kept
            CliRun.git(repo, "update-ref", "refs/fathom/checkpoints/2", "HEAD");

            start.restore(start.changes(), "fathom/fix");
            start.dropRunRefs();
        }
        assertThat(CliRun.gitOutput(repo, "status", "--porcelain")).isEqualTo(statusBefore + "\n?? report.md");
        assertThat(Files.readString(repo.resolve("a.txt"))).isEqualTo("one\n");
        assertThat(Files.readString(repo.resolve("c.txt"))).isEqualTo("three\n");
        assertThat(repo.resolve("new.txt")).doesNotExist();
        assertThat(repo.resolve("gen/out.txt")).doesNotExist();
        assertThat(Files.readString(repo.resolve("notes.txt"))).isEqualTo("the user's untracked notes\n");
        assertThat(CliRun.gitOutput(repo, "branch", "--show-current")).isEqualTo("main");
        assertThat(CliRun.gitOutput(repo, "branch", "--list", "fathom/fix")).isEmpty();
        assertThat(CliRun.gitOutput(repo, "for-each-ref", "--format=%(refname)", "refs/fathom/")).isEqualTo("refs/fathom/checkpoints/1");
    }

    @Test
    void aStartOnADetachedHeadIsPutBackDetachedAndTheBranchNamedLikeTheStartIsKept() throws Exception {
        Path repo = repo();
        CliRun.git(repo, "checkout", "-q", "--detach");
        String head = CliRun.gitOutput(repo, "rev-parse", "HEAD");
        try (GitRepo git = GitRepo.open(repo, Map.of())) {
            FixBaseline start = FixBaseline.record(git, List.of());
            run(repo);
            start.restore(start.changes(), null);
        }
        assertThat(CliRun.gitOutput(repo, "rev-parse", "HEAD")).isEqualTo(head);
        assertThat(CliRun.gitOutput(repo, "branch", "--show-current")).isEmpty();
        assertThat(Files.readString(repo.resolve("a.txt"))).isEqualTo("one\n");

        try (GitRepo git = GitRepo.open(repo, Map.of())) {
            CliRun.git(repo, "checkout", "-q", "main");
            FixBaseline start = FixBaseline.record(git, List.of());
            start.restore(start.changes(), "main");
        }
        assertThat(CliRun.gitOutput(repo, "branch", "--show-current")).isEqualTo("main");
    }

    @Test
    void aCreatedFileReachedThroughASymlinkedFolderIsNotDeletedOutsideAndALinkInTheWayOfATrackedFileGoes() throws Exception {
        Path repo = repo();
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        try (GitRepo git = GitRepo.open(repo, Map.of())) {
            FixBaseline start = FixBaseline.record(git, List.of());
            Files.createSymbolicLink(repo.resolve("linked"), outside);
            Files.writeString(outside.resolve("kept.txt"), "outside the work tree\n");
            // the run replaced the folder sub with a symlink, and the file c.txt with an empty folder
            Files.delete(repo.resolve("sub/b.txt"));
            Files.delete(repo.resolve("sub"));
            Files.createSymbolicLink(repo.resolve("sub"), outside);
            Files.delete(repo.resolve("c.txt"));
            Files.createDirectories(repo.resolve("c.txt"));
            FixBaseline.Changes changes = new FixBaseline.Changes(List.of("c.txt", "sub/b.txt"), List.of("linked", "linked/kept.txt"));

            start.restore(changes, null);
        }
        assertThat(Files.readString(outside.resolve("kept.txt"))).isEqualTo("outside the work tree\n");
        assertThat(repo.resolve("linked")).doesNotExist();
        assertThat(Files.isSymbolicLink(repo.resolve("sub"))).isFalse();
        assertThat(Files.readString(repo.resolve("sub/b.txt"))).isEqualTo("two\n");
        assertThat(Files.readString(repo.resolve("c.txt"))).isEqualTo("three\n");
    }
}
