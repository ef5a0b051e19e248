package dev.fathom.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.safety.ConfinedWriter;
import dev.fathom.testing.CliRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An undo that cannot finish leaves the tree exactly as it was: never a mix of restored and unrestored files. */
class UndoAllOrNothingTest {
    @TempDir
    Path tmp;

    /** Every path below {@code root} but .git: its type, permissions, and content hash or link target. */
    static String listing(Path root) {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> !root.relativize(p).startsWith(".git") && !p.equals(root)).sorted().map(p -> {
                try {
                    String perms = PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
                    if (Files.isSymbolicLink(p)) {
                        return root.relativize(p) + " link " + Files.readSymbolicLink(p);
                    } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                        return root.relativize(p) + " dir " + perms;
                    }
                    byte[] sha = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p));
                    return root.relativize(p) + " file " + perms + " " + HexFormat.of().formatHex(sha);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (java.security.NoSuchAlgorithmException e) {
                    throw new IllegalStateException(e);
                }
            }).collect(Collectors.joining("\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A checkpoint of a.txt, b.txt, docs/readme.md and lib/x.txt, then the model's changes to all of them. */
    private Path changedRepo(Path outside) throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        Files.writeString(repo.resolve("a.txt"), "a\n");
        Files.writeString(repo.resolve("b.txt"), "b\n");
        Files.createDirectories(repo.resolve("docs"));
        Files.writeString(repo.resolve("docs/readme.md"), "docs\n");
        Files.createDirectories(repo.resolve("lib"));
        Files.writeString(repo.resolve("lib/x.txt"), "x\n");
        CliRun.git(repo, "init", "-q");
        CliRun.git(repo, "add", ".");
        CliRun.git(repo, "-c", "user.name=T", "-c", "user.email=t@t", "commit", "-q", "-m", "init");
        Checkpoints.forWorkspace(repo, Map.of()).take("before");
        Files.writeString(repo.resolve("a.txt"), "a, changed by the model\n");
        Files.setPosixFilePermissions(repo.resolve("a.txt"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.delete(repo.resolve("b.txt"));
        Files.createDirectories(repo.resolve("b.txt/deep"));
        Files.writeString(repo.resolve("b.txt/deep/made.txt"), "a file where b.txt was\n");
        Files.delete(repo.resolve("docs/readme.md"));
        Files.delete(repo.resolve("docs"));
        Files.writeString(repo.resolve("docs"), "a file where the folder was\n");
        Files.delete(repo.resolve("lib/x.txt"));
        Files.delete(repo.resolve("lib"));
        Files.createSymbolicLink(repo.resolve("lib"), outside);
        Files.writeString(repo.resolve("new.txt"), "created by the model\n");
        return repo;
    }

    @Test
    void aWriteThatFailsMidwayLeavesTheTreeByteIdentical() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("x.txt"), "outside\n");
        Path repo = changedRepo(outside);
        String before = listing(repo);
        String outsideBefore = listing(outside);
        Checkpoints checkpoints = Checkpoints.forWorkspace(repo, Map.of());
        int[] writes = {0};
        ConfinedWriter.Seam failThird = (step, file) -> {
            if (step == ConfinedWriter.Step.TEMP_WRITTEN && ++writes[0] == 3) {
                throw new IOException("injected failure writing " + file.getFileName());
            }
        };

        assertThatThrownBy(() -> checkpoints.restore(1, failThird)).hasMessageContaining("nothing was changed")
                .hasMessageContaining("injected failure");

        assertThat(writes[0]).as("two files were written before the failure").isEqualTo(3);
        assertThat(listing(repo)).isEqualTo(before);
        assertThat(listing(outside)).isEqualTo(outsideBefore);
        checkpoints.restore(1); // and without the failure the same undo completes
        // contents only: checkpoints do not record the executable bit yet (the mode was changed to test the rollback)
        assertThat(CliRun.gitOutput(repo, "-c", "core.fileMode=false", "status", "--porcelain")).isEmpty();
        assertThat(Files.isSymbolicLink(repo.resolve("lib"))).isFalse();
    }

    @Test
    void aFileUndoDoesNotTrackInTheWayRefusesBeforeAnyChange() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Path repo = changedRepo(outside);
        Files.writeString(repo.resolve(".git/info/exclude"), "*.o\n");
        Files.writeString(repo.resolve("b.txt/deep/ignored.o"), "an ignored build output\n");
        String before = listing(repo);

        assertThatThrownBy(() -> Checkpoints.forWorkspace(repo, Map.of()).restore(1))
                .hasMessage("undo cannot put back b.txt: the folder b.txt holds b.txt/deep/ignored.o, which undo does not remove;"
                        + " nothing was changed");

        assertThat(listing(repo)).isEqualTo(before);
    }
}
