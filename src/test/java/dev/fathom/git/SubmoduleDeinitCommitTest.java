package dev.fathom.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.tools.ToolResult;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A submodule whose folder is there with no repository in it ({@code git submodule deinit}, or a clone without
 * {@code --recurse-submodules}) is unchanged for git. A commit of everything must not commit its removal: the tree is
 * what {@code git add -A; git commit} makes on a copy of the same state.
 */
class SubmoduleDeinitCommitTest {
    @TempDir
    Path tmp;

    /** A superproject with a clean submodule at lib, then deinit, and an untracked fresh.txt. */
    private static Path state(Path root) {
        Path sup = RepoStates.superproject(root);
        RepoStates.git(sup.resolve("lib"), "checkout", "-q", "--", ".");
        RepoStates.git(sup, "add", "-A");
        RepoStates.git(sup, "commit", "-q", "-m", "settle");
        RepoStates.git(sup, "submodule", "deinit", "-q", "-f", "lib");
        RepoStates.write(sup.resolve("fresh.txt"), "fresh\n");
        return sup;
    }

    @Test
    void aCommitOfEverythingKeepsASubmoduleThatIsNotCheckedOut() {
        Path ws = state(tmp.resolve("fathom"));
        Path oracle = state(tmp.resolve("git"));
        RepoStates.git(oracle, "add", "-A");
        RepoStates.git(oracle, "commit", "-q", "-m", "m");

        ToolResult fathom = GitTruthTest.call(ws, "git_commit", "{\"message\":\"m\"}");
        assertThat(fathom.error()).as(fathom.output()).isFalse();
        assertThat(fathom.output()).as("what the commit says it holds").contains("fresh.txt").doesNotContain("lib");
        String tree = GitTruthTest.git(oracle, "ls-tree", "-r", "HEAD");
        assertThat(tree).as("git keeps the submodule").contains("160000 commit ");
        assertThat(GitTruthTest.git(ws, "ls-tree", "-r", "HEAD")).isEqualTo(tree);
        assertThat(GitTruthTest.git(ws, "status", "--porcelain=v2", "-uall")).isEqualTo(GitTruthTest.git(oracle, "status", "--porcelain=v2", "-uall"));
    }

    @Test
    void aCommitOfTheSubmodulesPathAloneHasNothingToCommit() {
        Path ws = state(tmp.resolve("fathom"));
        ToolResult fathom = GitTruthTest.call(ws, "git_commit", "{\"message\":\"m\",\"paths\":[\"lib\"]}");
        assertThat(fathom.output()).contains("Nothing to commit");
        assertThat(GitTruthTest.git(ws, "ls-tree", "HEAD", "lib")).startsWith("160000 commit ");
    }
}
