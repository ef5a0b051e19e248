package dev.fathom.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint remembers the folders no file vouches for, so undo keeps the user's empty folders whatever their names,
 * and removes only the folders the turn made.
 */
class SnapshotFoldersTest {
    @TempDir
    Path tmp;

    @Test
    void emptyFoldersWithNewlinesAndBackslashesInTheirNamesSurviveUndo() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        CliRun.git(repo, "init", "-q");
        Files.writeString(repo.resolve("a.txt"), "a\n");
        String[] names = {"line\nbreak", "back\\slash", "back\\nslash", "trailing\\", "plain/inner"};
        for (String name : names) {
            Files.createDirectories(repo.resolve(name));
        }
        Checkpoints checkpoints = Checkpoints.forWorkspace(repo, Map.of());
        int n = checkpoints.take("before");
        Files.createDirectories(repo.resolve("made/by/turn"));
        Files.writeString(repo.resolve("a.txt"), "changed\n");

        checkpoints.restore(n);

        for (String name : names) {
            assertThat(repo.resolve(name)).as(name).isDirectory();
        }
        assertThat(repo.resolve("made")).doesNotExist();
        assertThat(Files.readString(repo.resolve("a.txt"))).isEqualTo("a\n");
    }

    @Test
    void aFolderHoldingOnlyAnIgnoredFileIsKeptAndOneHoldingAFileIsVouchedFor() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        CliRun.git(repo, "init", "-q");
        Files.writeString(repo.resolve(".git/info/exclude"), "*.o\n");
        Files.createDirectories(repo.resolve("out/deeper"));
        Files.writeString(repo.resolve("out/deeper/x.o"), "ignored\n");
        Files.createDirectories(repo.resolve("src/main"));
        Files.writeString(repo.resolve("src/main/A.java"), "class A {}\n");
        Checkpoints checkpoints = Checkpoints.forWorkspace(repo, Map.of());
        int n = checkpoints.take("before");

        TreeSnapshot.Snapshot saved;
        try (var r = Repositories.open(Repositories.locate(repo, Map.of()))) {
            saved = TreeSnapshot.read(r, r.resolve(Checkpoints.PREFIX + n));
        }

        assertThat(saved.files()).containsOnlyKeys("src/main/A.java");
        assertThat(saved.folders()).containsExactly("out", "out/deeper");
    }

    @Test
    void parentsListsEveryFolderAboveAPathNearestFirst() {
        assertThat(TreeSnapshot.parents("a/b/c.txt")).containsExactly("a/b", "a");
        assertThat(TreeSnapshot.parents("c.txt")).isEmpty();
    }
}
