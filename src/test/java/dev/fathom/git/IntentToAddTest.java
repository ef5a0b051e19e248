package dev.fathom.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.tools.ToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files marked with {@code git add -N} beyond the differential table's state: a diff limited to a folder, an
 * executable marked file, and a commit of the marked file alone, each against what the git CLI does on a copy.
 */
class IntentToAddTest {
    @TempDir
    Path tmp;

    private Path state(String name) {
        return RepoStates.intentToAdd(tmp.resolve(name));
    }

    @Test
    void aDiffLimitedToAFolderShowsTheMarkedFilesInItAsNewAndNoOthers() {
        Path ws = state("limited");
        ToolResult fathom = GitTruthTest.call(ws, "git_diff", "{\"path\":\"sub\"}");
        assertThat(fathom.error()).as(fathom.output()).isFalse();
        assertThat(GitTruthTest.fathomDiff(fathom.output())).as(fathom.output())
                .isEqualTo(GitTruthTest.gitDiff(ws, Map.of(), "--", "sub"))
                .containsExactly("A sub/empty.txt");
        assertThat(fathom.output()).contains("new file mode 100644\nindex 0000000..e69de29\n");
    }

    @Test
    void anExecutableMarkedFileIsNewWithItsMode() throws Exception {
        Path ws = state("exec");
        Files.setPosixFilePermissions(ws.resolve("notes.txt"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(ws.resolve("sub/empty.txt"), PosixFilePermissions.fromString("rwxr-xr-x"));
        ToolResult fathom = GitTruthTest.call(ws, "git_diff", "{}");
        String git = GitTruthTest.git(ws, "diff");
        for (String file : new String[] {"notes.txt", "sub/empty.txt"}) {
            String header = "diff --git a/" + file + " b/" + file + "\nnew file mode 100755\n";
            assertThat(git).contains(header);
            assertThat(fathom.output()).contains(header);
        }
    }

    @Test
    void committingAMarkedFileAloneMakesWhatGitMakesAndLeavesTheOtherMarked() throws Exception {
        Path ws = state("fathom");
        Path oracle = state("git");
        ToolResult fathom = GitTruthTest.call(ws, "git_commit", "{\"message\":\"notes\",\"paths\":[\"notes.txt\"]}");
        RepoStates.git(oracle, "commit", "-q", "-m", "notes", "--", "notes.txt");
        assertThat(fathom.error()).as(fathom.output()).isFalse();
        assertThat(GitTruthTest.git(ws, "ls-tree", "-r", "HEAD")).isEqualTo(GitTruthTest.git(oracle, "ls-tree", "-r", "HEAD"));
        String after = GitTruthTest.git(ws, "status", "--porcelain=v2", "-uall");
        assertThat(after).isEqualTo(GitTruthTest.git(oracle, "status", "--porcelain=v2", "-uall"))
                .as("the other marked file is still only marked").contains(".A N... 000000 000000 100644");
    }
}
