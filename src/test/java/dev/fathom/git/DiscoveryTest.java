package dev.fathom.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.tools.Checkpointing;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Repository discovery agrees with {@code git rev-parse --show-toplevel --absolute-git-dir} wherever git finds one, and
 * checkpoints belong to one worktree.
 */
class DiscoveryTest {
    @TempDir
    Path tmp;

    /** git's answer: "top level\ngit dir", with the same environment. */
    static String gitSays(Path dir, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("git", "rev-parse", "--show-toplevel", "--absolute-git-dir").directory(dir.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    static String fathomSays(Path dir, Map<String, String> env) throws Exception {
        Repositories.Location at = Repositories.locate(dir, env);
        return at.workTree().getCanonicalPath() + "\n" + at.gitDir().getCanonicalPath();
    }

    @Test
    void findsWhatGitFindsInEveryLayout() throws Exception {
        List<Path> dirs = new ArrayList<>();
        dirs.add(RepoStates.separateGitDir(tmp.resolve("separate")));
        dirs.add(RepoStates.separateGitDir(tmp.resolve("separate2")).resolve("sub"));
        dirs.add(RepoStates.linkedWorktree(tmp.resolve("worktree")));
        dirs.add(RepoStates.submoduleCheckout(tmp.resolve("submodule")));
        dirs.add(RepoStates.submoduleCheckout(tmp.resolve("submodule2")).resolve("sub"));
        dirs.add(RepoStates.superproject(tmp.resolve("super")));
        for (Path dir : dirs) {
            assertThat(fathomSays(dir, Map.of())).as(dir.toString()).isEqualTo(gitSays(dir, Map.of()));
        }
    }

    @Test
    void gitDirAndGitWorkTreeAreHonouredAndCheckpointsSaySoOnce() throws Exception {
        Path bare = tmp.resolve("dotfiles.git");
        RepoStates.git(tmp, "init", "-q", "--bare", bare.toString());
        Path home = Files.createDirectories(tmp.resolve("home/projects"));
        Map<String, String> env = Map.of("GIT_DIR", bare.toString(), "GIT_WORK_TREE", tmp.resolve("home").toString());
        assertThat(fathomSays(home, env)).isEqualTo(gitSays(home, env));

        Checkpoints checkpoints = Checkpoints.forWorkspace(home, env);
        assertThat(checkpoints.unavailable()).contains("GIT_DIR is set");
        Checkpointing session = new Checkpointing(() -> checkpoints, "s1");
        session.startRun();
        assertThat(session.beforeChange()).startsWith("no checkpoints in this session (undo will not cover its changes): GIT_DIR is set");
        session.startRun();
        assertThat(session.beforeChange()).as("said once").isNull();
        assertThat(new File(bare.toFile(), "refs/fathom")).doesNotExist();
    }

    @Test
    void aLinkedWorktreesCheckpointsAreNotTheMainWorktreesAndNumbersAreNeverReused() throws Exception {
        Path wt = RepoStates.linkedWorktree(tmp);
        Path main = tmp.resolve("main");
        Checkpoints inWorktree = Checkpoints.forWorkspace(wt, Map.of());
        assertThat(inWorktree.take("in the worktree")).isEqualTo(1);
        Checkpoints inMain = Checkpoints.forWorkspace(main, Map.of());
        assertThat(inMain.list()).as("the worktree's checkpoint is not the main worktree's").isEmpty();
        assertThat(inMain.take("in main")).isEqualTo(1);
        assertThat(inWorktree.list()).extracting(Checkpoints.Info::label).containsExactly("fathom checkpoint: in the worktree");

        // Two runs on one worktree, each holding an instance: each number is created only where absent, so none is overwritten.
        Checkpoints other = Checkpoints.forWorkspace(wt, Map.of());
        assertThat(other.take("second run")).isEqualTo(2);
        assertThat(inWorktree.take("first run again")).isEqualTo(3);
        assertThat(inWorktree.list()).hasSize(3);
    }
}
