package dev.fathom.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.testing.CliRun;
import dev.fathom.tools.Checkpointing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executable bit is part of a checkpoint: a turn that runs {@code chmod +x} or {@code chmod -x} in bash on a
 * tracked, untracked or new file is undone exactly, and git sees no mode change afterwards.
 */
class ExecBitUndoTest {
    @TempDir
    Path tmp;

    @Test
    void chmodInBashIsUndoneModeForMode() throws Exception {
        Path repo = RepoStates.base(tmp.resolve("repo"));
        bash(repo, "printf 'echo hi\\n' > run.sh && chmod +x run.sh");
        RepoStates.git(repo, "add", "run.sh");
        RepoStates.git(repo, "commit", "-q", "-m", "an executable script");
        // The user's own work, made outside the turn: an untracked file, an untracked script, an uncommitted edit.
        RepoStates.write(repo.resolve("mine.txt"), "the user's untracked file\n");
        bash(repo, "printf 'echo mine\\n' > user.sh && chmod +x user.sh");
        RepoStates.write(repo.resolve("c.txt"), "three, the user's uncommitted edit\n");
        String[] files = {"a.txt", "run.sh", "mine.txt", "user.sh", "c.txt"};
        Map<String, String> modesBefore = modes(repo, files);
        String diffBefore = CliRun.gitOutput(repo, "diff");
        String statusBefore = CliRun.gitOutput(repo, "status", "--porcelain=v2", "--untracked-files=all");

        Checkpointing turn = new Checkpointing(() -> Checkpoints.forWorkspace(repo, Map.of()), "exec-bit");
        turn.startRun();
        assertThat(turn.beforeChange()).isNull();
        bash(repo, "chmod +x a.txt mine.txt && chmod -x run.sh && rm user.sh && printf 'made\\n' > tool.sh && chmod +x tool.sh");
        turn.endRun();
        assertThat(CliRun.gitOutput(repo, "diff")).contains("old mode 100644", "old mode 100755"); // the turn did change modes

        CliRun.Result undo = new CliRun(Files.createDirectories(tmp.resolve("home")), repo).run("undo");
        assertThat(undo.exitCode()).as(undo.err()).isZero();

        assertThat(modes(repo, files)).isEqualTo(modesBefore);
        assertThat(repo.resolve("tool.sh")).doesNotExist();
        assertThat(CliRun.gitOutput(repo, "diff")).isEqualTo(diffBefore).doesNotContain("mode");
        assertThat(CliRun.gitOutput(repo, "status", "--porcelain=v2", "--untracked-files=all")).isEqualTo(statusBefore);
        assertThat(Files.readString(repo.resolve("mine.txt"))).isEqualTo("the user's untracked file\n");
        assertThat(Files.readString(repo.resolve("c.txt"))).isEqualTo("three, the user's uncommitted edit\n");
    }

    @Test
    void aModeChangeAloneIsSomethingToUndo() throws Exception {
        Path repo = RepoStates.base(tmp.resolve("repo"));
        Checkpoints checkpoints = Checkpoints.forWorkspace(repo, Map.of());
        int n = checkpoints.take("before chmod");
        bash(repo, "chmod +x sub/b.txt");

        assertThat(checkpoints.plan(n).restore()).containsExactly("sub/b.txt");
    }

    private static Map<String, String> modes(Path repo, String... files) throws Exception {
        Map<String, String> out = new java.util.TreeMap<>();
        for (String f : files) {
            out.put(f, PosixFilePermissions.toString(Files.getPosixFilePermissions(repo.resolve(f), LinkOption.NOFOLLOW_LINKS)));
        }
        return out;
    }

    /** A command as the bash tool would run it, in the work tree. */
    private static void bash(Path dir, String script) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", script).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isZero();
    }
}
