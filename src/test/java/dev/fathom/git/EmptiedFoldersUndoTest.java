package dev.fathom.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.testing.CliRun;
import dev.fathom.testing.TreeHash;
import dev.fathom.tools.Checkpointing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Undo removes the folders a turn made once they are empty again, and keeps every folder that was there before the
 * turn, empty and untracked ones included: the tree's files and its folder list are as before, byte for byte.
 */
class EmptiedFoldersUndoTest {
    @TempDir
    Path tmp;

    @Test
    void foldersTheTurnMadeGoAndFoldersThatWereThereStay() throws Exception {
        Path repo = RepoStates.base(tmp.resolve("repo"));
        RepoStates.write(repo.resolve(".gitignore"), "build/\n");
        // Before the turn: the user's empty folders, an untracked folder, an ignored one, an untracked file, an edit.
        Files.createDirectories(repo.resolve("empty-before"));
        Files.createDirectories(repo.resolve("untracked/inner"));
        Files.createDirectories(repo.resolve("build/cache"));
        RepoStates.write(repo.resolve("mine.txt"), "the user's untracked file\n");
        RepoStates.write(repo.resolve("c.txt"), "three, the user's uncommitted edit\n");
        String filesBefore = TreeHash.of(repo);
        List<String> foldersBefore = folders(repo);

        Checkpointing turn = new Checkpointing(() -> Checkpoints.forWorkspace(repo, Map.of()), "folders");
        turn.startRun();
        assertThat(turn.beforeChange()).isNull();
        bash(repo, "mkdir -p made/deep/er && echo x > made/deep/er/f.txt"
                + " && echo y > empty-before/put.txt"
                + " && mkdir -p sub/newer && echo z > sub/newer/n.txt"
                + " && mkdir -p untracked/inner/more && echo m > untracked/inner/more/m.txt"
                + " && mkdir -p left/empty"
                + " && echo o > build/cache/out.o && mkdir build/more");
        turn.endRun();
        assertThat(folders(repo)).contains("made/deep/er", "sub/newer", "left/empty");

        CliRun.Result undo = new CliRun(Files.createDirectories(tmp.resolve("home")), repo).run("undo");
        assertThat(undo.exitCode()).as(undo.err()).isZero();

        // Ignored files are not the checkpoint's to take back: the turn's build output stays, the rest is as before.
        assertThat(TreeHash.of(repo, "build")).isEqualTo(filesBefore);
        assertThat(folders(repo)).isEqualTo(union(foldersBefore, "build/more"));
        assertThat(Files.readString(repo.resolve("mine.txt"))).isEqualTo("the user's untracked file\n");
        assertThat(Files.readString(repo.resolve("c.txt"))).isEqualTo("three, the user's uncommitted edit\n");
    }

    @Test
    void aFolderWithAFileUndoDoesNotKnowStays() throws Exception {
        Path repo = RepoStates.base(tmp.resolve("repo"));
        Checkpoints checkpoints = Checkpoints.forWorkspace(repo, Map.of());
        int n = checkpoints.take("before");
        bash(repo, "mkdir -p made && echo x > made/f.txt && mkfifo made/pipe");
        checkpoints.markAfter(n);

        checkpoints.restore(n);

        assertThat(repo.resolve("made/f.txt")).doesNotExist();
        assertThat(repo.resolve("made/pipe")).exists(); // not a regular file: neither snapshotted nor removed
    }

    private static List<String> union(List<String> folders, String extra) {
        return Stream.concat(folders.stream(), Stream.of(extra)).sorted().toList();
    }

    /** Every folder under {@code root} but .git, relative and sorted. */
    private static List<String> folders(Path root) throws Exception {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !p.equals(root))
                    .map(p -> root.relativize(p).toString()).filter(p -> !p.equals(".git") && !p.startsWith(".git/")).sorted().toList();
        }
    }

    private static void bash(Path dir, String script) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", script).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isZero();
    }
}
