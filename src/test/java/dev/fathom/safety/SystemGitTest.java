package dev.fathom.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SystemGit#run}, the one way Fathom runs git itself: its output only when git succeeds within the time and the
 * size given, and a git that hangs is ended. (The {@code @Timeout}s only turn a hang into a failure; they are not
 * speed checks: each is minutes above the one-second limit under test.)
 */
class SystemGitTest {
    @TempDir
    Path tmp;

    @Test
    void aSuccessfulRunGivesItsOutputAndAFailedOneNothing() throws Exception {
        Path file = tmp.resolve("config");
        Files.writeString(file, "[core]\n\thooksPath = h\n");
        assertThat(SystemGit.run(List.of("config", "--file", file.toString(), "--list"), 60, 1 << 20).map(b -> new String(b, StandardCharsets.UTF_8)))
                .contains("core.hookspath=h\n");
        Files.writeString(file, "[core\n");
        assertThat(SystemGit.run(List.of("config", "--file", file.toString(), "--list"), 60, 1 << 20)).as("git refuses the file").isEmpty();
    }

    @Test
    void moreOutputThanAllowedGivesNothing() throws Exception {
        Path file = tmp.resolve("config");
        Files.writeString(file, "[core]\n\thooksPath = " + "h".repeat(5000) + "\n");
        assertThat(SystemGit.run(List.of("config", "--file", file.toString(), "--list"), 60, 5000)).isEmpty();
        assertThat(SystemGit.run(List.of("config", "--file", file.toString(), "--list"), 60, 6000)).isPresent();
    }

    /** git opening a FIFO no one writes waits for ever, holding its output open: it is ended at the time limit. */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aGitThatHangsIsEndedAtTheTimeLimit() throws Exception {
        Path fifo = tmp.resolve("fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        assertThat(SystemGit.run(List.of("config", "--file", fifo.toString(), "--list"), 1, 1 << 20)).isEmpty();
    }

    /**
     * A made repository whose index JGit cannot read is read by {@code git ls-files}; a command that also made its
     * config a FIFO must not stop the guard for ever: the index counts as unreadable.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void anIndexReadByGitBesideAConfigFifoCountsAsUnreadable() throws Exception {
        Path r = tmp.resolve("r");
        SandboxedWorkspace.gitOut(tmp, "init", "-q", "r");
        Files.writeString(r.resolve(".git/index"), "not an index");
        Files.delete(r.resolve(".git/config"));
        assertThat(new ProcessBuilder("mkfifo", r.resolve(".git/config").toString()).start().waitFor()).isZero();
        assertThat(Submodules.of(r.resolve(".git"), r)).isEmpty();
    }
}
