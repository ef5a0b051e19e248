package dev.fathom.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Snapshots never open what is not a regular file: a FIFO in the work tree must not hang a checkpoint. */
class CheckpointSpecialFilesTest {
    @TempDir
    Path tmp;

    /** The timeout only turns a hang (opening the FIFO blocks forever) into a failure; it measures nothing. */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aFifoIsSkippedWithoutBeingOpened() throws Exception {
        Path repo = RepoStates.plain(tmp);
        Process mkfifo = new ProcessBuilder("mkfifo", repo.resolve("pipe").toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        Checkpoints checkpoints = Checkpoints.forWorkspace(repo, Map.of());
        int n = checkpoints.take("with a fifo");
        Files.writeString(repo.resolve("a.txt"), "changed after\n");
        Checkpoints.Plan plan = checkpoints.restore(n);
        assertThat(plan.restore()).containsExactly("a.txt");
        assertThat(plan.delete()).isEmpty();
        assertThat(Files.readString(repo.resolve("a.txt"))).isEqualTo("one\nmore\n");
    }
}
