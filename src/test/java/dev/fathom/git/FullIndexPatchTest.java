package dev.fathom.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Random;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The patch a fix run hands over must recreate what it staged: git itself, the oracle, applies it to a checkout of the
 * start commit (forwards) and to the staged index (backwards), binary files and modes included.
 */
class FullIndexPatchTest {
    @TempDir
    Path tmp;

    @Test
    void gitAppliesThePatchBothWaysAndGetsExactlyTheStagedTree() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        CliRun.git(repo, "init", "-q");
        Files.writeString(repo.resolve("text.txt"), "one\ntwo\nthree\n");
        Files.write(repo.resolve("image.bin"), bytes(1, 300));
        Files.write(repo.resolve("gone.bin"), bytes(2, 40));
        Files.write(repo.resolve("tool.bin"), bytes(3, 20));
        Files.writeString(repo.resolve("script.sh"), "echo hi\n");
        CliRun.git(repo, "add", ".");
        CliRun.git(repo, "commit", "-q", "-m", "start");
        String startTree = CliRun.gitOutput(repo, "rev-parse", "HEAD^{tree}");

        Files.writeString(repo.resolve("text.txt"), "one\n2\nthree\n");
        Files.write(repo.resolve("image.bin"), bytes(4, 301));
        Files.delete(repo.resolve("gone.bin"));
        Files.write(repo.resolve("added.bin"), bytes(5, 7));
        Files.write(repo.resolve("empty.bin"), new byte[0]);
        Files.write(repo.resolve("tool.bin"), bytes(6, 21));
        Files.setPosixFilePermissions(repo.resolve("tool.bin"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(repo.resolve("script.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        CliRun.git(repo, "add", "-A");
        String stagedTree = CliRun.gitOutput(repo, "write-tree");

        String patch;
        try (Repository r = Repositories.open(Repositories.locate(repo, Map.of()))) {
            ObjectId head = r.resolve("HEAD");
            patch = FullIndexPatch.of(r, head);
        }
        Path patchFile = Files.writeString(tmp.resolve("fix.patch"), patch);

        assertThat(patch).contains("GIT binary patch", "new file mode 100644", "deleted file mode 100644",
                "old mode 100644\nnew mode 100755\n");
        assertThat(patch).containsPattern("index [0-9a-f]{40}\\.\\.[0-9a-f]{40} 100644\n"); // a changed binary keeps its mode
        // forwards: a clone at the start commit, patched, has the staged tree
        Path check = tmp.resolve("check");
        CliRun.git(tmp, "clone", "-q", repo.toString(), check.toString());
        CliRun.git(check, "apply", "--index", patchFile.toString());
        assertThat(CliRun.gitOutput(check, "write-tree")).isEqualTo(stagedTree);
        // backwards: the staged index, patched in reverse, is the start again
        CliRun.git(repo, "apply", "--cached", "-R", patchFile.toString());
        assertThat(CliRun.gitOutput(repo, "write-tree")).isEqualTo(startTree);
    }

    @Test
    void binaryPatchLinesAreAsGitWritesThem() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        CliRun.git(repo, "init", "-q");
        Files.writeString(repo.resolve("keep.txt"), "keep\n");
        CliRun.git(repo, "add", ".");
        CliRun.git(repo, "commit", "-q", "-m", "start");
        Files.write(repo.resolve("blob.bin"), bytes(7, 500));
        CliRun.git(repo, "add", "-A");

        String patch;
        try (Repository r = Repositories.open(Repositories.locate(repo, Map.of()))) {
            patch = FullIndexPatch.of(r, r.resolve("HEAD"));
        }
        String git = CliRun.gitOutput(repo, "diff", "--cached", "--binary", "--full-index");

        // The deflated bytes may differ from git's (another compression level); the framing may not.
        assertThat(header(patch)).isEqualTo(header(git));
        assertThat(patch).contains("literal 500\n", "literal 0\n");
        for (String line : patch.substring(patch.indexOf("literal 500\n")).split("\n")) {
            if (line.isEmpty() || line.startsWith("literal")) {
                continue;
            }
            char length = line.charAt(0);
            int bytes = length <= 'Z' ? length - 'A' + 1 : length - 'a' + 27;
            assertThat(bytes).as(line).isBetween(1, 52);
            assertThat(line.length() - 1).as("five characters per four bytes: " + line).isEqualTo((bytes + 3) / 4 * 5);
        }
        assertThat(patch).as("full lines carry 52 bytes").contains("\nz");
    }

    private static String header(String patch) {
        return patch.substring(0, patch.indexOf("GIT binary patch"));
    }

    private static byte[] bytes(long seed, int n) {
        byte[] out = new byte[n];
        new Random(seed).nextBytes(out);
        out[0] = 0; // binary for git and JGit alike
        return out;
    }
}
