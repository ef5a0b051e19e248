package dev.fathom.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scan for {@code .git} names that {@link GitGuard} runs before and after each command: what it finds is what a
 * full walk finds ({@link SandboxMounts#gitEntries}, the oracle), while it lists only the folders that changed.
 */
class GitEntryScanTest {
    @TempDir
    Path ws;
    /** A clock two seconds ahead: every folder made by the test counts as settled, so the scan may take it from before. */
    GitEntryScan scan;

    @BeforeEach
    void tree() throws Exception {
        for (int i = 0; i < 30; i++) {
            Files.createDirectories(ws.resolve("src/m" + i + "/a/b"));
        }
        Files.createDirectories(ws.resolve("lib/.git"));
        scan = new GitEntryScan(ws, () -> System.currentTimeMillis() + 2_000);
    }

    private List<Path> walked() {
        return SandboxMounts.gitEntries(ws).stream().filter(p -> p.startsWith(ws)).toList();
    }

    @Test
    void findsWhatAFullWalkFindsAndListsOnlyWhatChanged() throws Exception {
        assertThat(scan.entries()).containsExactlyInAnyOrderElementsOf(walked()).containsExactly(ws.resolve("lib/.git"));
        int all = scan.listedLast();

        assertThat(scan.entries()).containsExactly(ws.resolve("lib/.git"));
        assertThat(scan.listedLast()).as("nothing changed: no folder listed again (of %d)", all).isZero();

        Files.createDirectories(ws.resolve("src/m7/a/b/.git"));
        assertThat(scan.entries()).containsExactlyInAnyOrderElementsOf(walked()).contains(ws.resolve("src/m7/a/b/.git"));
        assertThat(scan.listedLast()).as("only the folder that changed is listed again").isEqualTo(1);
    }

    @Test
    void aFolderWhoseModificationTimeIsSetBackIsStillListedAgain() throws Exception {
        scan.entries();
        Path b = ws.resolve("src/m3/a/b");
        FileTime before = Files.getLastModifiedTime(b);
        Files.writeString(b.resolve(".git"), "gitdir: /elsewhere\n");
        Files.setLastModifiedTime(b, before); // what `touch -d` does; the change time moves all the same

        assertThat(scan.entries()).contains(b.resolve(".git"));
    }

    @Test
    void aFolderChangedWithinTheLastSecondIsListedAgainEvenIfItsTimeLooksTheSame() throws Exception {
        GitEntryScan now = new GitEntryScan(ws, System::currentTimeMillis);
        now.entries();
        int first = now.listedLast();
        now.entries();
        assertThat(now.listedLast()).as("every folder made in the last second is listed again").isEqualTo(first);
    }

    @Test
    void symlinksAreNotFollowedButALinkNamedGitIsFound() throws Exception {
        Path elsewhere = Files.createDirectories(ws.getParent().resolve(ws.getFileName() + "-elsewhere/x/.git"));
        Files.createSymbolicLink(ws.resolve("src/m1/link"), elsewhere.getParent());
        Files.createSymbolicLink(ws.resolve("src/m2/.git"), elsewhere);

        assertThat(scan.entries()).containsExactlyInAnyOrder(ws.resolve("lib/.git"), ws.resolve("src/m2/.git"))
                .containsExactlyInAnyOrderElementsOf(walked());
    }

    @Test
    void aFolderReplacedOrRemovedIsSeen() throws Exception {
        Files.createDirectories(ws.resolve("src/m4/a/.git"));
        assertThat(scan.entries()).contains(ws.resolve("src/m4/a/.git"));

        try (var all = Files.walk(ws.resolve("src/m4"))) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        Files.createDirectories(ws.resolve("src/m4/a"));
        Files.writeString(ws.resolve("src/m4/.git"), "gitdir: x\n");

        assertThat(scan.entries()).containsExactlyInAnyOrder(ws.resolve("lib/.git"), ws.resolve("src/m4/.git"))
                .containsExactlyInAnyOrderElementsOf(walked());
    }
}
