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
 * The diff a model reads for files marked with {@code git add -N} is git's text character for character: each marked
 * file a new file with its own blob id and mode (an executable placeholder too), in git's path order among the
 * tracked files' changes, each file once. {@link IntentToAddTest} compares which files are listed; this compares the
 * text.
 */
class IntentToAddDiffTextTest {
    @TempDir
    Path tmp;

    /**
     * Tracked a.txt, m.txt and z.txt, edited; marked b-new.txt (with lines), n-empty.txt (empty, placeholder only),
     * run.sh (empty and executable when marked, so its placeholder is 100755) and y-new.txt, between them in path order.
     */
    private Path repo() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        CliRun.git(repo, "init", "-q", "-b", "main");
        for (String f : new String[] {"a.txt", "m.txt", "z.txt"}) {
            Files.writeString(repo.resolve(f), "line of " + f + "\n");
        }
        CliRun.git(repo, "add", ".");
        CliRun.git(repo, "commit", "-q", "-m", "start");
        Files.writeString(repo.resolve("b-new.txt"), "");
        Files.writeString(repo.resolve("n-empty.txt"), "");
        Files.writeString(repo.resolve("run.sh"), "");
        Files.setPosixFilePermissions(repo.resolve("run.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(repo.resolve("y-new.txt"), "");
        CliRun.git(repo, "add", "-N", "b-new.txt", "n-empty.txt", "run.sh", "y-new.txt");
        Files.writeString(repo.resolve("b-new.txt"), "first\nsecond\n");
        Files.writeString(repo.resolve("y-new.txt"), "why\n");
        for (String f : new String[] {"a.txt", "m.txt", "z.txt"}) {
            Files.writeString(repo.resolve(f), "line of " + f + ", edited\n");
        }
        return repo;
    }

    private static String gitDiff(Path repo, String... paths) {
        String[] args = new String[paths.length + 4];
        args[0] = "-c";
        args[1] = "core.quotePath=false";
        args[2] = "diff";
        args[3] = "--";
        System.arraycopy(paths, 0, args, 4, paths.length);
        return CliRun.gitOutput(repo, args);
    }

    /**
     * Fathom's diff, less one known difference from git's text that is not the marked files' own: for a new file with
     * no lines, JGit's formatter writes the "--- /dev/null" and "+++ b/..." lines, which git leaves out.
     */
    private static String fathomDiff(Path repo, String path) throws Exception {
        try (GitRepo git = GitRepo.open(repo, Map.of())) {
            return git.diff(path, false, null).replaceAll("--- /dev/null\n\\+\\+\\+ b/[^\n]*\n(?=diff --git |$)", "").strip();
        }
    }

    @Test
    void markedFilesAreNewFilesWithTheirOwnIdsAndModesInGitsOrder() throws Exception {
        Path repo = repo();
        String git = gitDiff(repo);
        assertThat(git).as("git's text")
                .contains("diff --git a/run.sh b/run.sh\nnew file mode 100755\nindex 0000000..e69de29\n")
                .contains("diff --git a/b-new.txt b/b-new.txt\nnew file mode 100644\nindex 0000000..");
        assertThat(fathomDiff(repo, "")).isEqualTo(git);
    }

    @Test
    void aDiffOfOneMarkedFileIsThatFileAlone() throws Exception {
        Path repo = repo();
        for (String path : new String[] {"b-new.txt", "run.sh", "n-empty.txt"}) {
            String git = gitDiff(repo, path);
            assertThat(git).as("git's text for " + path).startsWith("diff --git a/" + path + " b/" + path + "\n");
            assertThat(fathomDiff(repo, path)).as(path).isEqualTo(git);
        }
    }
}
