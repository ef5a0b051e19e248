package dev.fathom.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A repository's {@code .git/index} is repository content, so it can be hostile (a tarball, a clone of a crafted
 * repository, a model's write). Whatever it holds, a status fails with one clear message: never an OutOfMemoryError
 * that no caller catches, never a read that does not end.
 */
class HostileIndexTest {
    @TempDir
    Path tmp;

    private Path repo() {
        return RepoStates.plain(tmp);
    }

    private static void statusFailsClearly(Path ws, String because) {
        assertThatThrownBy(() -> {
            try (GitRepo git = GitRepo.open(ws, Map.of())) {
                git.workStatus();
            }
        }).isInstanceOf(GitException.class).hasMessageContaining("git status failed").hasMessageContaining(because);
    }

    /** An index of this version and entry count, then {@code body}, then a trailer of zeros (git's index.skipHash). */
    private static byte[] index(int version, int entries, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {'D', 'I', 'R', 'C'});
        out.writeBytes(ByteBuffer.allocate(8).putInt(version).putInt(entries).array());
        out.writeBytes(body);
        out.writeBytes(new byte[20]);
        return out.toByteArray();
    }

    @Test
    void aPathPrefixLengthPastTwoGigabytesIsRefusedNotAllocated() throws Exception {
        Path ws = repo();
        ByteArrayOutputStream entry = new ByteArrayOutputStream();
        entry.writeBytes(new byte[62]); // stat data, mode, id and flags, all zero
        // version 4's varint for the bytes the path shares with the previous one: 2^31 + 127, past an int
        entry.writeBytes(new byte[] {(byte) 0x86, (byte) 0xFE, (byte) 0xFE, (byte) 0xFF, 0x7F, 0});
        Files.write(ws.resolve(".git/index"), index(4, 1, entry.toByteArray()));

        statusFailsClearly(ws, "a bad path prefix length");
    }

    @Test
    void anExtensionLengthThatWrapsAroundIsRefusedWithItsReason() throws Exception {
        Path ws = repo();
        byte[] extension = ByteBuffer.allocate(8).put(new byte[] {'A', 'B', 'C', 'D'}).putInt(0x7FFFFFF0).array();
        Files.write(ws.resolve(".git/index"), index(2, 0, extension));

        statusFailsClearly(ws, "an extension runs past the end");
    }

    @Test
    void anIndexThatIsALinkToADeviceIsNotReadForEver() throws Exception {
        Path ws = repo();
        Path index = ws.resolve(".git/index");
        Files.delete(index);
        Files.createSymbolicLink(index, Path.of("/dev/zero"));

        statusFailsClearly(ws, "not a regular file");
    }

    @Test
    void anIndexThatIsAFifoIsNeverOpened() throws Exception {
        Path ws = repo();
        Path index = ws.resolve(".git/index");
        Files.delete(index);
        Process mkfifo = new ProcessBuilder("mkfifo", index.toString()).redirectErrorStream(true).start();
        assertThat(mkfifo.waitFor()).isZero();

        statusFailsClearly(ws, "not a regular file"); // opening it would block until a writer came: the test's timeout
    }
}
