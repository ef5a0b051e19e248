package dev.fathom.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed mid-turn leaves a checkpoint with no record of how Fathom left the tree: undo cannot tell the user's
 * later edits from Fathom's, so it lists every file it would touch and, headless, refuses without {@code --yes}.
 */
class UndoAfterKillTest {
    @TempDir
    Path tmp;

    @Test
    void withoutAnAfterSnapshotUndoListsEveryFileAndRefusesHeadless() throws Exception {
        Path repo = RepoStates.base(tmp.resolve("repo"));
        Checkpoints checkpoints = Checkpoints.forWorkspace(repo, Map.of());
        checkpoints.take("the killed run"); // taken before its first change; the run never reached markAfter
        Files.writeString(repo.resolve("a.txt"), "the model's change\n");
        // then, after the kill, the user's own work
        Files.writeString(repo.resolve("sub/b.txt"), "the user's edit\n");
        Files.writeString(repo.resolve("mine.txt"), "the user's new file\n");

        Checkpoints.Plan plan = checkpoints.plan(1);
        assertThat(plan.unfinished()).isTrue();
        assertThat(plan.changedSince()).containsExactly("a.txt", "mine.txt", "sub/b.txt");

        CliRun cli = new CliRun(Files.createDirectories(tmp.resolve("home")), repo);
        CliRun.Result refused = cli.run("undo");
        assertThat(refused.exitCode()).as(refused.out()).isEqualTo(1);
        assertThat(refused.err()).contains("never finished").contains("  mine.txt").contains("  sub/b.txt").contains("--yes");
        assertThat(Files.readString(repo.resolve("mine.txt"))).isEqualTo("the user's new file\n");
        assertThat(Files.readString(repo.resolve("sub/b.txt"))).isEqualTo("the user's edit\n");

        CliRun.Result forced = cli.run("undo", "--yes");
        assertThat(forced.exitCode()).as(forced.err()).isZero();
        assertThat(CliRun.gitOutput(repo, "status", "--porcelain")).isEmpty();
    }

    @Test
    void afterAFinishedRunOnlyTheUsersLaterChangesAreListed() throws Exception {
        Path repo = RepoStates.base(tmp.resolve("repo"));
        Checkpoints checkpoints = Checkpoints.forWorkspace(repo, Map.of());
        int n = checkpoints.take("a finished run");
        Files.writeString(repo.resolve("a.txt"), "the model's change\n");
        checkpoints.markAfter(n);
        Files.writeString(repo.resolve("mine.txt"), "the user's new file\n");

        Checkpoints.Plan plan = checkpoints.plan(n);
        assertThat(plan.unfinished()).isFalse();
        assertThat(plan.changedSince()).containsExactly("mine.txt");
    }

    @Test
    void trackedButIgnoredFilesAreInTheCheckpointAndComeBack() throws Exception {
        Path repo = RepoStates.trackedIgnored(tmp);
        String keep = Files.readString(repo.resolve("keep.log"));
        String kept = Files.readString(repo.resolve("build/kept.txt"));
        Checkpoints checkpoints = Checkpoints.forWorkspace(repo, Map.of());
        int n = checkpoints.take("before");
        Files.writeString(repo.resolve("keep.log"), "overwritten by the model\n");
        Files.delete(repo.resolve("build/kept.txt"));
        checkpoints.markAfter(n);

        Checkpoints.Plan plan = checkpoints.restore(n);

        assertThat(plan.restore()).containsExactlyInAnyOrder("keep.log", "build/kept.txt");
        assertThat(plan.delete()).as("ignored untracked files are neither saved nor removed").isEmpty();
        assertThat(Files.readString(repo.resolve("keep.log"))).isEqualTo(keep);
        assertThat(Files.readString(repo.resolve("build/kept.txt"))).isEqualTo(kept);
        assertThat(Files.readString(repo.resolve("build/out.bin"))).isEqualTo("ignored, untracked\n");
    }
}
