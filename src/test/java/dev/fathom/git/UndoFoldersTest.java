package dev.fathom.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.safety.ConfinedWriter;
import dev.fathom.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Folders during an undo: none is ever removed through a symlink, and a failed undo brings back the ones it emptied. */
class UndoFoldersTest {
    @TempDir
    Path tmp;

    @Test
    void aFolderTheTurnMadeThatIsNowASymlinkLeadsUndoNowhere() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        CliRun.git(repo, "init", "-q");
        Files.writeString(repo.resolve("a.txt"), "a\n");
        Checkpoints checkpoints = Checkpoints.forWorkspace(repo, Map.of());
        int n = checkpoints.take("before");
        Files.createDirectories(repo.resolve("made/sub"));
        checkpoints.markAfter(n); // the turn left made/ and made/sub/, both empty
        Path outside = Files.createDirectories(tmp.resolve("outside/sub"));
        Files.delete(repo.resolve("made/sub"));
        Files.delete(repo.resolve("made"));
        Files.createSymbolicLink(repo.resolve("made"), tmp.resolve("outside"));

        checkpoints.restore(n);

        assertThat(outside).as("an empty folder outside the work tree, reached through the symlink").isDirectory();
        assertThat(Files.isSymbolicLink(repo.resolve("made"))).isTrue();
    }

    @Test
    void aFailedUndoBringsBackTheFoldersItEmptiedToPutAFileBack() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        CliRun.git(repo, "init", "-q");
        Files.writeString(repo.resolve("a.txt"), "a\n");
        Files.writeString(repo.resolve("z.txt"), "z\n");
        Checkpoints checkpoints = Checkpoints.forWorkspace(repo, Map.of());
        int n = checkpoints.take("before");
        Files.delete(repo.resolve("a.txt"));
        Files.createDirectories(repo.resolve("a.txt/deep/er"));
        Files.createDirectories(repo.resolve("a.txt/other"));
        Files.writeString(repo.resolve("z.txt"), "z, changed\n");
        ConfinedWriter.Seam failSecond = new ConfinedWriter.Seam() {
            private int writes;

            @Override
            public void reached(ConfinedWriter.Step step, Path file) throws IOException {
                if (step == ConfinedWriter.Step.TEMP_WRITTEN && ++writes == 2) {
                    throw new IOException("injected failure");
                }
            }
        };

        assertThatThrownBy(() -> checkpoints.restore(n, failSecond)).hasMessage("undo failed, nothing was changed: injected failure");

        assertThat(repo.resolve("a.txt/deep/er")).isDirectory();
        assertThat(repo.resolve("a.txt/other")).isDirectory();
        assertThat(Files.readString(repo.resolve("z.txt"))).isEqualTo("z, changed\n");
        checkpoints.restore(n);
        assertThat(Files.readString(repo.resolve("a.txt"))).isEqualTo("a\n");
    }
}
