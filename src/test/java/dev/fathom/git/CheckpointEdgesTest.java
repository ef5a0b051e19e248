package dev.fathom.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints at the edges: a tracked file the ignore rules would hide, and numbers other runs hold. */
class CheckpointEdgesTest {
    @TempDir
    Path tmp;

    @Test
    void undoPutsBackATrackedFileInsideAnIgnoredFolder() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        CliRun.git(repo, "init", "-q");
        Files.writeString(repo.resolve(".gitignore"), "build/\n");
        Files.createDirectories(repo.resolve("build"));
        Files.writeString(repo.resolve("build/keep.txt"), "tracked although ignored\n");
        CliRun.git(repo, "add", ".gitignore");
        CliRun.git(repo, "add", "-f", "build/keep.txt");
        CliRun.git(repo, "commit", "-q", "-m", "start");
        Checkpoints checkpoints = Checkpoints.forWorkspace(repo, Map.of());
        int n = checkpoints.take("before");
        Files.writeString(repo.resolve("build/keep.txt"), "changed by the turn\n");

        checkpoints.restore(n);

        assertThat(Files.readString(repo.resolve("build/keep.txt"))).isEqualTo("tracked although ignored\n");
        assertThat(CliRun.gitOutput(repo, "status", "--porcelain")).isEmpty();
    }

    @Test
    void takingACheckpointGivesUpWithAClearMessageAfterTwentyNumbersHeldByOtherRuns() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        CliRun.git(repo, "init", "-q");
        Files.writeString(repo.resolve("a.txt"), "a\n");
        // Other runs writing checkpoints 1 to 20 hold their ref locks; 21 is free, but a run stops stepping at 20.
        Path refs = Files.createDirectories(repo.resolve(".git/" + Checkpoints.PREFIX));
        for (int n = 1; n <= 20; n++) {
            Files.writeString(refs.resolve(n + ".lock"), "");
        }
        Checkpoints checkpoints = Checkpoints.forWorkspace(repo, Map.of());

        assertThatThrownBy(() -> checkpoints.take("before")).isInstanceOf(IOException.class)
                .hasMessage("another Fathom run kept taking the same checkpoint numbers; try again");
        assertThat(CliRun.gitOutput(repo, "for-each-ref", Checkpoints.PREFIX)).isEmpty();
    }
}
