package dev.fathom.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoint numbers when another run holds, or left behind, the lock of the next number. */
class CheckpointNumbersTest {
    @TempDir
    Path tmp;

    @Test
    void aLockLeftOnTheNextNumberIsSteppedOverNotRetriedUntilTheCheckpointFails() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        CliRun.git(repo, "init", "-q");
        Files.writeString(repo.resolve("a.txt"), "a\n");
        Checkpoints checkpoints = Checkpoints.forWorkspace(repo, Map.of());
        assertThat(checkpoints.take("first")).isEqualTo(1);
        // Another run is writing checkpoint 2 (a descheduled process on a loaded machine), or was killed while it did.
        Path lock = Files.writeString(repo.resolve(".git/refs/fathom/checkpoints/2.lock"), "");

        assertThat(checkpoints.take("second")).isEqualTo(3);
        Files.writeString(repo.resolve("a.txt"), "a, later\n");
        assertThat(checkpoints.take("third")).isEqualTo(4);

        assertThat(checkpoints.list()).extracting(Checkpoints.Info::label).containsExactly("fathom checkpoint: first",
                "fathom checkpoint: second", "fathom checkpoint: third");
        assertThat(lock).as("the other run's lock is its own").exists();
        checkpoints.restore(3);
        assertThat(Files.readString(repo.resolve("a.txt"))).isEqualTo("a\n");
    }
}
