package dev.fathom.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.safety.ConfinedWriter;
import dev.fathom.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules undo keeps on a small tree, one at a time: what on disk refuses the whole undo before anything changes,
 * what it replaces without following, and what a failure midway puts back. Each tree is a fresh {@code git init} with
 * no commit, so every file is untracked and still part of the checkpoint.
 */
class RestoreRulesTest {
    @TempDir
    Path tmp;

    /** A repository holding a.txt, docs/readme.md, lib/x.txt, run.sh (executable) and z.txt, with checkpoint 1 taken of it. */
    private Path repoWithCheckpoint() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        CliRun.git(repo, "init", "-q");
        Files.writeString(repo.resolve("a.txt"), "a\n");
        Files.createDirectories(repo.resolve("docs"));
        Files.writeString(repo.resolve("docs/readme.md"), "docs\n");
        Files.writeString(repo.resolve("run.sh"), "echo run\n");
        Files.setPosixFilePermissions(repo.resolve("run.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(repo.resolve("lib"));
        Files.writeString(repo.resolve("lib/x.txt"), "x\n");
        Files.writeString(repo.resolve("z.txt"), "z\n");
        assertThat(checkpoints(repo).take("before")).isEqualTo(1);
        return repo;
    }

    private static Checkpoints checkpoints(Path repo) {
        return Checkpoints.forWorkspace(repo, Map.of());
    }

    @Test
    void aPipeWhereAFileMustComeBackRefusesTheUndoAndChangesNothing() throws Exception {
        Path repo = repoWithCheckpoint();
        Files.delete(repo.resolve("a.txt"));
        mkfifo(repo.resolve("a.txt"));
        Files.writeString(repo.resolve("made.txt"), "made by the turn\n");
        String before = listing(repo);

        assertThatThrownBy(() -> checkpoints(repo).restore(1))
                .hasMessage("undo cannot put back a.txt: a.txt is not a regular file; nothing was changed");

        assertThat(listing(repo)).isEqualTo(before);
    }

    @Test
    void aPipeWhereAFolderMustComeBackRefusesTheUndo() throws Exception {
        Path repo = repoWithCheckpoint();
        Files.delete(repo.resolve("docs/readme.md"));
        Files.delete(repo.resolve("docs"));
        mkfifo(repo.resolve("docs"));
        String before = listing(repo);

        assertThatThrownBy(() -> checkpoints(repo).restore(1)).hasMessage(
                "undo cannot put back docs/readme.md: docs is in the way (not a regular file); nothing was changed");

        assertThat(listing(repo)).isEqualTo(before);
    }

    @Test
    void anIgnoredFileWhereAFolderMustComeBackRefusesTheUndo() throws Exception {
        Path repo = repoWithCheckpoint();
        Files.delete(repo.resolve("docs/readme.md"));
        Files.delete(repo.resolve("docs"));
        Files.writeString(repo.resolve("docs"), "an ignored file the user may want\n");
        Files.writeString(repo.resolve(".git/info/exclude"), "/docs\n");
        String before = listing(repo);

        assertThatThrownBy(() -> checkpoints(repo).restore(1)).hasMessage(
                "undo cannot put back docs/readme.md: docs is in the way (a file undo does not track); nothing was changed");

        assertThat(listing(repo)).isEqualTo(before);
    }

    @Test
    void aFileTheTurnPutWhereAFolderWasMakesWayForTheFolder() throws Exception {
        Path repo = repoWithCheckpoint();
        Files.delete(repo.resolve("docs/readme.md"));
        Files.delete(repo.resolve("docs"));
        Files.writeString(repo.resolve("docs"), "the turn's file\n");

        checkpoints(repo).restore(1);

        assertThat(Files.readString(repo.resolve("docs/readme.md"))).isEqualTo("docs\n");
    }

    @Test
    void aFileTheTurnTurnedIntoNestedFoldersComesBackAsAFile() throws Exception {
        Path repo = repoWithCheckpoint();
        Files.delete(repo.resolve("a.txt"));
        Files.createDirectories(repo.resolve("a.txt/deep/er"));
        Files.createDirectories(repo.resolve("a.txt/other"));

        checkpoints(repo).restore(1);

        assertThat(Files.readString(repo.resolve("a.txt"))).isEqualTo("a\n");
    }

    @Test
    void foldersTheTurnMadeGoWithItsFilesAndTheUsersEmptyFolderStays() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        CliRun.git(repo, "init", "-q");
        Files.writeString(repo.resolve("a.txt"), "a\n");
        Files.createDirectories(repo.resolve("kept/empty"));
        Checkpoints checkpoints = checkpoints(repo);
        int n = checkpoints.take("before");
        Files.createDirectories(repo.resolve("made/deep"));
        Files.writeString(repo.resolve("made/deep/new.txt"), "new\n");
        Files.writeString(repo.resolve("kept/empty/new.txt"), "new\n");
        Files.createDirectories(repo.resolve("made2/only/folders"));
        checkpoints.markAfter(n);

        checkpoints.restore(n);

        assertThat(repo.resolve("made")).doesNotExist();
        assertThat(repo.resolve("made2")).doesNotExist();
        assertThat(repo.resolve("kept/empty")).isEmptyDirectory();
        assertThat(Files.readString(repo.resolve("a.txt"))).isEqualTo("a\n");
    }

    @Test
    void aSymlinkWhereAFileMustComeBackIsReplacedAndItsTargetIsNotWritten() throws Exception {
        Path repo = repoWithCheckpoint();
        Path outside = Files.writeString(tmp.resolve("outside.txt"), "the user's file outside\n");
        Files.delete(repo.resolve("a.txt"));
        Files.createSymbolicLink(repo.resolve("a.txt"), outside);

        checkpoints(repo).restore(1);

        assertThat(Files.isSymbolicLink(repo.resolve("a.txt"))).isFalse();
        assertThat(Files.readString(repo.resolve("a.txt"))).isEqualTo("a\n");
        assertThat(Files.readString(outside)).isEqualTo("the user's file outside\n");
    }

    @Test
    void undoPutsBackTheExecutableBitBothWays() throws Exception {
        Path repo = repoWithCheckpoint();
        Files.setPosixFilePermissions(repo.resolve("run.sh"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(repo.resolve("a.txt"), PosixFilePermissions.fromString("rwxr-x---"));

        checkpoints(repo).restore(1);

        assertThat(perms(repo.resolve("run.sh"))).isEqualTo("rwxr-xr-x");
        assertThat(perms(repo.resolve("a.txt"))).isEqualTo("rw-r-----");
    }

    @Test
    void aFailureAtTheLastWritePutsBackSymlinksFoldersBytesAndModes() throws Exception {
        Path repo = repoWithCheckpoint();
        Path outside = Files.writeString(tmp.resolve("outside.txt"), "outside\n");
        Files.delete(repo.resolve("a.txt"));
        Files.createSymbolicLink(repo.resolve("a.txt"), outside);
        Files.delete(repo.resolve("docs/readme.md"));
        Files.delete(repo.resolve("docs"));
        Path outsideFolder = Files.createDirectories(tmp.resolve("outside-folder"));
        Files.delete(repo.resolve("lib/x.txt"));
        Files.delete(repo.resolve("lib"));
        Files.createSymbolicLink(repo.resolve("lib"), outsideFolder);
        Files.writeString(repo.resolve("run.sh"), "echo changed\n");
        Files.setPosixFilePermissions(repo.resolve("run.sh"), PosixFilePermissions.fromString("rw-r-----"));
        Files.createDirectories(repo.resolve("made/deep"));
        Files.writeString(repo.resolve("made/deep/new.txt"), "new\n");
        Files.writeString(repo.resolve("z.txt"), "z, changed\n");
        String before = listing(repo);
        int[] writes = {0};
        ConfinedWriter.Seam failLast = (step, file) -> {
            if (step == ConfinedWriter.Step.TEMP_WRITTEN && ++writes[0] == 5) {
                throw new IOException("injected failure");
            }
        };

        assertThatThrownBy(() -> checkpoints(repo).restore(1, failLast))
                .hasMessage("undo failed, nothing was changed: injected failure");

        assertThat(writes[0]).as("the last of five writes failed").isEqualTo(5);
        assertThat(listing(repo)).isEqualTo(before);
        assertThat(Files.readSymbolicLink(repo.resolve("a.txt"))).isEqualTo(outside);
        assertThat(Files.readString(outside)).isEqualTo("outside\n");
        assertThat(outsideFolder).isEmptyDirectory();
        assertThat(repo.resolve("docs")).as("the folder the undo made is gone again").doesNotExist();
        assertThat(perms(repo.resolve("run.sh"))).as("the mode the undo set is taken back").isEqualTo("rw-r-----");
    }

    /** Every path below {@code repo} but .git: its type, permissions, and content or link target; a pipe is never opened. */
    private static String listing(Path repo) throws IOException {
        StringBuilder out = new StringBuilder();
        try (var all = Files.walk(repo)) {
            for (Path p : all.filter(p -> !repo.relativize(p).startsWith(".git") && !p.equals(repo)).sorted().toList()) {
                out.append(repo.relativize(p)).append(' ').append(perms(p)).append(' ');
                if (Files.isSymbolicLink(p)) {
                    out.append("link ").append(Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    out.append("dir");
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    out.append("file ").append(java.util.Arrays.hashCode(Files.readAllBytes(p)));
                } else {
                    out.append("special");
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static String perms(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS));
    }

    private static void mkfifo(Path at) throws Exception {
        Process p = new ProcessBuilder("mkfifo", at.toString()).inheritIO().start();
        assertThat(p.waitFor()).isZero();
    }
}
