package dev.fathom.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.tools.ToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * git ignores a wrong index checksum outside fsck, whatever the files are. Fathom's own index reader does too; a file
 * whose content must be compared (same size, other mtime) goes through JGit, which refuses the checksum, so
 * {@link IndexReading} reads a corrected copy (found by review 29). git's answer comes from a copy of the repository
 * (a git status there rewrites the index, with a right checksum).
 */
class WrongChecksumContentCheckTest {
    @TempDir
    Path tmp;

    /** A repository whose a.txt must be read to be seen modified, with its index's last checksum byte flipped. */
    Path brokenSum() throws Exception {
        Path repo = RepoStates.base(tmp.resolve("repo"));
        RepoStates.write(repo.resolve("a.txt"), "uno\n"); // same size as "one\n"
        Files.setLastModifiedTime(repo.resolve("a.txt"), java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        Path index = repo.resolve(".git/index");
        byte[] b = Files.readAllBytes(index);
        b[b.length - 1] ^= 0x5a;
        Files.write(index, b);
        assertThat(IndexReading.withRightChecksum(index)).as("the checksum is wrong now").isNotNull();
        assertThat(new ProcessBuilder("cp", "-a", repo.toString(), tmp.resolve("oracle").toString()).inheritIO().start().waitFor())
                .as("the oracle's copy").isZero();
        return repo;
    }

    @Test
    void aFileThatMustBeReadIsStillListedAsGitListsIt() throws Exception {
        Path repo = brokenSum();
        ToolResult status = GitTruthTest.call(repo, "git_status", "{}");
        assertThat(status.error()).as(status.output()).isFalse();
        assertThat(GitTruthTest.fathomStatus(status.output())).as(status.output()).isEqualTo(GitTruthTest.gitStatus(tmp.resolve("oracle"), Map.of()));
    }

    @Test
    void itsDiffIsGitsDiff() throws Exception {
        Path repo = brokenSum();
        ToolResult diff = GitTruthTest.call(repo, "git_diff", "{}");
        assertThat(diff.error()).as(diff.output()).isFalse();
        assertThat(GitTruthTest.fathomDiff(diff.output())).as(diff.output()).isEqualTo(GitTruthTest.gitDiff(tmp.resolve("oracle"), Map.of()))
                .containsExactly("M a.txt");
    }
}
