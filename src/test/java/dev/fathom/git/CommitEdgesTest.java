package dev.fathom.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commits where JGit alone would differ from git: a sparse checkout, the first commit of a repository. */
class CommitEdgesTest {
    @TempDir
    Path tmp;

    @Test
    void aCommitInASparseCheckoutKeepsTheFilesOutsideTheConeAsGitDoes() throws Exception {
        Path mine = RepoStates.base(tmp.resolve("mine"));
        Path twin = RepoStates.base(tmp.resolve("twin"));
        for (Path repo : List.of(mine, twin)) {
            CliRun.git(repo, "sparse-checkout", "set", "--cone", "sub");
            Files.writeString(repo.resolve("sub/b.txt"), "two, changed\n");
            Files.writeString(repo.resolve("sub/new.txt"), "new\n");
        }
        CliRun.git(twin, "add", "-A");
        CliRun.git(twin, "commit", "-q", "-m", "sparse");

        try (GitRepo git = GitRepo.open(mine, Map.of())) {
            assertThat(git.commit("sparse", List.of()).paths()).containsExactly("sub/b.txt", "sub/new.txt");
        }

        assertThat(CliRun.gitOutput(mine, "rev-parse", "HEAD^{tree}")).isEqualTo(CliRun.gitOutput(twin, "rev-parse", "HEAD^{tree}"));
        assertThat(CliRun.gitOutput(mine, "ls-files", "-t")).isEqualTo(CliRun.gitOutput(twin, "ls-files", "-t")).contains("S other/d.txt");
        assertThat(CliRun.gitOutput(mine, "status", "--porcelain")).isEmpty();
    }

    @Test
    void theFirstCommitOfARepositoryHoldsEveryFile() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        CliRun.git(repo, "init", "-q");
        Files.writeString(repo.resolve("a.txt"), "a\n");
        Files.createDirectories(repo.resolve("sub"));
        Files.writeString(repo.resolve("sub/b.txt"), "b\n");
        try (GitRepo git = GitRepo.open(repo, Map.of())) {
            assertThat(git.commit("first", List.of()).paths()).containsExactly("a.txt", "sub/b.txt");
            assertThat(git.log(5, null)).hasSize(1).allMatch(l -> l.endsWith(": first"));
        }
        assertThat(CliRun.gitOutput(repo, "ls-tree", "-r", "--name-only", "HEAD")).isEqualTo("a.txt\nsub/b.txt");
    }

    @Test
    void aBinaryFileWithAQuotedNameAndAModeChangeIsAppliedByGit() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        CliRun.git(repo, "init", "-q");
        Files.write(repo.resolve("pic é.bin"), new byte[] {0, 1, 2, 3});
        Files.write(repo.resolve("tool.bin"), new byte[] {0, 5});
        CliRun.git(repo, "add", ".");
        CliRun.git(repo, "commit", "-q", "-m", "start");
        String start = CliRun.gitOutput(repo, "rev-parse", "HEAD");
        Files.write(repo.resolve("pic é.bin"), new byte[] {0, 9, 9, 9, 9});
        Files.write(repo.resolve("tool.bin"), new byte[] {0, 6, 7});
        Files.setPosixFilePermissions(repo.resolve("tool.bin"), java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        CliRun.git(repo, "add", "-A");
        String staged = CliRun.gitOutput(repo, "write-tree");

        String patch;
        try (var r = Repositories.open(Repositories.locate(repo, Map.of()))) {
            patch = FullIndexPatch.of(r, org.eclipse.jgit.lib.ObjectId.fromString(start));
        }
        assertThat(patch).contains("diff --git \"a/pic \\303\\251.bin\" \"b/pic \\303\\251.bin\"\n", "old mode 100644\nnew mode 100755\n");
        Path check = tmp.resolve("check");
        CliRun.git(tmp, "clone", "-q", repo.toString(), check.toString());
        CliRun.git(check, "checkout", "-q", start);
        Files.writeString(tmp.resolve("fix.patch"), patch);
        CliRun.git(check, "apply", "--index", tmp.resolve("fix.patch").toString());
        assertThat(CliRun.gitOutput(check, "write-tree")).isEqualTo(staged);
    }
}
