package dev.fathom.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a checkpoint holds decides what undo brings back: the bytes on disk (never the index's converted copy, never the
 * staged version of a file edited since), tracked files even when ignored, and nothing of ignored files, symlinks or
 * the files of a conflicted merge left as git left them. Each case: a checkpoint, a turn's change, undo, the exact bytes.
 */
class SnapshotContentTest {
    @TempDir
    Path tmp;

    private Path repo() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        CliRun.git(repo, "init", "-q", "-b", "main");
        Files.writeString(repo.resolve("a.txt"), "a\n");
        CliRun.git(repo, "add", ".");
        CliRun.git(repo, "commit", "-q", "-m", "start");
        return repo;
    }

    private static int checkpoint(Path repo) throws Exception {
        return Checkpoints.forWorkspace(repo, Map.of()).take("turn");
    }

    private static void undo(Path repo, int n) throws Exception {
        Checkpoints.forWorkspace(repo, Map.of()).restore(n);
    }

    @Test
    void aFileStoredWithLineEndingConversionComesBackWithItsOwnBytes() throws Exception {
        Path repo = repo();
        CliRun.git(repo, "config", "core.autocrlf", "true");
        Files.writeString(repo.resolve("crlf.txt"), "one\r\ntwo\r\n");
        Files.writeString(repo.resolve(".gitattributes"), "*.dat filter=tool -text\n");
        Files.writeString(repo.resolve("data.dat"), "raw bytes\n");
        CliRun.git(repo, "config", "filter.tool.clean", "tr a-z A-Z");
        CliRun.git(repo, "add", ".");
        CliRun.git(repo, "commit", "-q", "-m", "converted");
        // older than the index by far, so that their size and time say "unchanged" (not racily clean)
        for (String f : new String[] {"crlf.txt", "data.dat"}) {
            Files.setLastModifiedTime(repo.resolve(f), java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        }
        CliRun.git(repo, "update-index", "--refresh");
        int n = checkpoint(repo);
        Files.writeString(repo.resolve("crlf.txt"), "the turn's\n");
        Files.writeString(repo.resolve("data.dat"), "the turn's\n");

        undo(repo, n);

        assertThat(Files.readString(repo.resolve("crlf.txt"))).isEqualTo("one\r\ntwo\r\n");
        assertThat(Files.readString(repo.resolve("data.dat"))).isEqualTo("raw bytes\n");
    }

    @Test
    void aFileEditedSinceItWasStagedComesBackAsOnDiskNotAsStaged() throws Exception {
        Path repo = repo();
        Files.writeString(repo.resolve("a.txt"), "staged\n");
        CliRun.git(repo, "add", "a.txt");
        Files.writeString(repo.resolve("a.txt"), "edited after staging, longer\n");
        int n = checkpoint(repo);
        Files.writeString(repo.resolve("a.txt"), "the turn's\n");

        undo(repo, n);

        assertThat(Files.readString(repo.resolve("a.txt"))).isEqualTo("edited after staging, longer\n");
        assertThat(CliRun.gitOutput(repo, "show", ":a.txt")).as("the index is not undo's").isEqualTo("staged");
    }

    @Test
    void aConflictedFileComesBackWithItsMarkers() throws Exception {
        Path repo = repo();
        CliRun.git(repo, "checkout", "-q", "-b", "other");
        Files.writeString(repo.resolve("a.txt"), "theirs\n");
        CliRun.git(repo, "commit", "-q", "-am", "theirs");
        CliRun.git(repo, "checkout", "-q", "main");
        Files.writeString(repo.resolve("a.txt"), "ours\n");
        CliRun.git(repo, "commit", "-q", "-am", "ours");
        CliRun.gitOutput(repo, "merge", "other");
        String markers = Files.readString(repo.resolve("a.txt"));
        assertThat(markers).contains("<<<<<<<");
        int n = checkpoint(repo);
        Files.writeString(repo.resolve("a.txt"), "resolved by the turn\n");

        undo(repo, n);

        assertThat(Files.readString(repo.resolve("a.txt"))).isEqualTo(markers);
        assertThat(CliRun.gitOutput(repo, "ls-files", "-u")).as("still unmerged").isNotEmpty();
    }

    @Test
    void ignoredFilesAndSymlinksAreNotUndosButATrackedIgnoredFileIs() throws Exception {
        Path repo = repo();
        Files.writeString(repo.resolve(".gitignore"), "*.log\nbuild/\n");
        Files.writeString(repo.resolve("kept.log"), "tracked although ignored\n");
        CliRun.git(repo, "add", "-f", ".gitignore", "kept.log");
        CliRun.git(repo, "commit", "-q", "-m", "ignore");
        Files.writeString(repo.resolve("debug.log"), "ignored, before\n");
        Files.createDirectories(repo.resolve("build"));
        Files.writeString(repo.resolve("build/out.bin"), "ignored folder, before\n");
        int n = checkpoint(repo);
        Files.writeString(repo.resolve("kept.log"), "the turn's\n");
        Files.writeString(repo.resolve("debug.log"), "ignored, changed by the turn\n");
        Files.writeString(repo.resolve("build/out.bin"), "ignored folder, changed by the turn\n");
        Files.writeString(repo.resolve("build/new.bin"), "ignored folder, new\n");
        Files.createSymbolicLink(repo.resolve("link"), Path.of("a.txt"));

        Checkpoints.Plan plan = Checkpoints.forWorkspace(repo, Map.of()).restore(n);

        assertThat(plan.restore()).containsExactly("kept.log");
        assertThat(plan.delete()).isEmpty();
        assertThat(Files.readString(repo.resolve("kept.log"))).isEqualTo("tracked although ignored\n");
        assertThat(Files.readString(repo.resolve("debug.log"))).isEqualTo("ignored, changed by the turn\n");
        assertThat(repo.resolve("build/new.bin")).exists();
        assertThat(Files.readSymbolicLink(repo.resolve("link"))).isEqualTo(Path.of("a.txt"));
    }

    @Test
    void theCheckpointIsACommitOnTopOfHeadListingTheFoldersWithoutFiles() throws Exception {
        Path repo = repo();
        Files.createDirectories(repo.resolve("a/b"));
        Files.createDirectories(repo.resolve("a/c/d"));
        Files.writeString(repo.resolve("a/c/d/f.txt"), "f\n");
        Files.createDirectories(repo.resolve("e/f"));
        Files.createDirectories(repo.resolve("empty"));
        int n = checkpoint(repo);
        String ref = Checkpoints.PREFIX + n;

        assertThat(CliRun.gitOutput(repo, "rev-parse", ref + "^")).isEqualTo(CliRun.gitOutput(repo, "rev-parse", "HEAD"));
        assertThat(CliRun.gitOutput(repo, "log", "-1", "--format=%B", ref)).isEqualTo("fathom checkpoint: turn\n\nFolders without files:\n"
                + "a/b\ne\ne/f\nempty");
        assertThat(CliRun.gitOutput(repo, "ls-tree", "-r", "--name-only", ref)).isEqualTo("a.txt\na/c/d/f.txt");

        Path fresh = Files.createDirectories(tmp.resolve("fresh"));
        CliRun.git(fresh, "init", "-q");
        Files.writeString(fresh.resolve("x.txt"), "x\n");
        int m = checkpoint(fresh);
        assertThat(CliRun.gitOutput(fresh, "log", "-1", "--format=%P|%B", Checkpoints.PREFIX + m)).as("no parent, no folders")
                .isEqualTo("|fathom checkpoint: turn");
        Files.delete(fresh.resolve("x.txt"));
        undo(fresh, m);
        assertThat(Files.readString(fresh.resolve("x.txt"))).isEqualTo("x\n");
    }
}
