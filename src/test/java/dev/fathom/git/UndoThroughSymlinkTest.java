package dev.fathom.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Undo puts back what a checkpoint holds without ever writing through a symlink the model made. */
class UndoThroughSymlinkTest {
    @TempDir
    Path tmp;

    @Test
    void aFolderReplacedByASymlinkToOutsideIsRestoredAsAFolderAndNothingOutsideIsWritten() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        Files.createDirectories(repo.resolve("src"));
        Files.writeString(repo.resolve("src/App.java"), "class App {}\n");
        CliRun.git(repo, "init", "-q");
        CliRun.git(repo, "add", ".");
        CliRun.git(repo, "commit", "-q", "-m", "init");
        Path outside = Files.createDirectories(tmp.resolve("home"));
        Files.writeString(outside.resolve("App.java"), "the user's own file outside the workspace\n");

        Checkpoints checkpoints = Checkpoints.forWorkspace(repo, Map.of());
        int n = checkpoints.take("before the model's change");
        // the model's change: the folder becomes a symlink to a folder outside the workspace
        Files.delete(repo.resolve("src/App.java"));
        Files.delete(repo.resolve("src"));
        Files.createSymbolicLink(repo.resolve("src"), outside);

        checkpoints.restore(n);

        assertThat(Files.readString(outside.resolve("App.java"))).as("nothing written outside")
                .isEqualTo("the user's own file outside the workspace\n");
        assertThat(Files.isSymbolicLink(repo.resolve("src"))).as("the symlink is replaced by a folder").isFalse();
        assertThat(Files.readString(repo.resolve("src/App.java"))).isEqualTo("class App {}\n");
    }

    @Test
    void aFileTurnedIntoAFolderAndAFolderTurnedIntoAFileAreBothPutBack() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("swap"));
        Files.writeString(repo.resolve("a.txt"), "a file\n");
        Files.createDirectories(repo.resolve("docs"));
        Files.writeString(repo.resolve("docs/readme.md"), "docs\n");
        CliRun.git(repo, "init", "-q");
        CliRun.git(repo, "add", ".");
        CliRun.git(repo, "commit", "-q", "-m", "init");
        Checkpoints checkpoints = Checkpoints.forWorkspace(repo, Map.of());
        int n = checkpoints.take("before");
        Files.delete(repo.resolve("a.txt"));
        Files.createDirectories(repo.resolve("a.txt"));
        Files.writeString(repo.resolve("a.txt/inside"), "now a folder\n");
        Files.delete(repo.resolve("docs/readme.md"));
        Files.delete(repo.resolve("docs"));
        Files.writeString(repo.resolve("docs"), "now a file\n");

        checkpoints.restore(n);

        assertThat(Files.readString(repo.resolve("a.txt"))).isEqualTo("a file\n");
        assertThat(Files.readString(repo.resolve("docs/readme.md"))).isEqualTo("docs\n");
        assertThat(CliRun.gitOutput(repo, "status", "--porcelain")).isEmpty();
    }
}
