package dev.fathom.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Git records one executable bit; a file's other mode bits are the user's. An x bit without an r beside it (rwx-----x)
 * is part of an executable file's mode, and undo of a content change gives the file back its exact mode.
 */
class ExecBitModesTest {
    @TempDir
    Path tmp;

    @Test
    void undoOfAnEditKeepsAnExecutablesExactModeXWithoutRIncluded() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        CliRun.git(repo, "init", "-q");
        Path tool = Files.writeString(repo.resolve("tool.sh"), "echo one\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwx-----x"));
        CliRun.git(repo, "add", "tool.sh");
        CliRun.git(repo, "commit", "-q", "-m", "tool");
        assertThat(CliRun.gitOutput(repo, "ls-files", "-s", "tool.sh")).as("git sees it executable").startsWith("100755 ");
        Checkpoints checkpoints = Checkpoints.forWorkspace(repo, Map.of());
        int n = checkpoints.take("before");
        Files.writeString(tool, "echo two\n");

        checkpoints.restore(n);

        assertThat(Files.readString(tool)).isEqualTo("echo one\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tool))).isEqualTo("rwx-----x");
    }

    @Test
    void makingExecutableNeverTakesAnXAway() {
        assertThat(apply("rwx-----x", true)).isEqualTo("rwx-----x");
        assertThat(apply("rw---x---", true)).isEqualTo("rwx--x---");
        assertThat(apply("rw-r--r--", true)).isEqualTo("rwxr-xr-x");
    }

    private static String apply(String perms, boolean executable) {
        return PosixFilePermissions.toString(ExecBit.apply(PosixFilePermissions.fromString(perms), executable));
    }
}
