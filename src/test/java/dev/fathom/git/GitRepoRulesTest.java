package dev.fathom.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user sees of {@link GitRepo}'s commits, log, branches and pushes, each held against what the git CLI says about
 * the same repository: the committed tree, the index left staged, the author, the refs on a remote.
 */
class GitRepoRulesTest {
    @TempDir
    Path tmp;

    /** A repository with a.txt, sub/b.txt and sub/c.txt committed on main, with its own identity configured. */
    private Path repo(String name) throws Exception {
        Path repo = Files.createDirectories(tmp.resolve(name));
        CliRun.git(repo, "init", "-q", "-b", "main");
        CliRun.git(repo, "config", "user.name", "Ada Example");
        CliRun.git(repo, "config", "user.email", "ada@example.com");
        Files.writeString(repo.resolve("a.txt"), "a\n");
        Files.createDirectories(repo.resolve("sub"));
        Files.writeString(repo.resolve("sub/b.txt"), "b\n");
        Files.writeString(repo.resolve("sub/c.txt"), "c\n");
        CliRun.git(repo, "add", ".");
        CliRun.git(repo, "commit", "-q", "-m", "start");
        return repo;
    }

    /** The same change in both repositories: a.txt edited, sub/c.txt deleted, new.txt created, sub/b.txt staged edited. */
    private static void change(Path repo) throws Exception {
        Files.writeString(repo.resolve("a.txt"), "a, edited\n");
        Files.delete(repo.resolve("sub/c.txt"));
        Files.writeString(repo.resolve("new.txt"), "new\n");
        Files.writeString(repo.resolve("sub/b.txt"), "b, staged\n");
        CliRun.git(repo, "add", "sub/b.txt");
    }

    private static String tree(Path repo, String rev) {
        return CliRun.gitOutput(repo, "rev-parse", rev + "^{tree}");
    }

    @Test
    void aCommitOfEverythingRecordsTheTreeGitAddAllWouldAndLeavesNothingStaged() throws Exception {
        Path mine = repo("mine");
        Path twin = repo("twin");
        change(mine);
        change(twin);
        CliRun.git(twin, "add", "-A");
        CliRun.git(twin, "commit", "-q", "-m", "all");

        GitRepo.CommitResult result;
        try (GitRepo git = GitRepo.open(mine, Map.of())) {
            result = git.commit("all", List.of());
        }

        assertThat(tree(mine, "HEAD")).isEqualTo(tree(twin, "HEAD"));
        assertThat(result.id()).isEqualTo(CliRun.gitOutput(mine, "rev-parse", "--short=7", "HEAD"));
        assertThat(result.paths()).containsExactly("a.txt", "new.txt", "sub/b.txt", "sub/c.txt");
        assertThat(CliRun.gitOutput(mine, "status", "--porcelain")).isEmpty();
        assertThat(CliRun.gitOutput(mine, "log", "-1", "--format=%an <%ae>|%cn <%ce>|%B")).isEqualTo("Ada Example <ada@example.com>|"
                + "Ada Example <ada@example.com>|all");
    }

    @Test
    void aCommitOfSomePathsIsGitCommitOfThosePathsAndOtherStagedChangesStayStaged() throws Exception {
        Path mine = repo("mine");
        Path twin = repo("twin");
        change(mine);
        change(twin);
        CliRun.git(twin, "add", "new.txt");
        CliRun.git(twin, "rm", "-q", "--cached", "sub/c.txt");
        CliRun.git(twin, "commit", "-q", "-m", "some", "--", "new.txt", "sub/c.txt");

        GitRepo.CommitResult result;
        try (GitRepo git = GitRepo.open(mine, Map.of())) {
            result = git.commit("some", List.of("new.txt", "sub/c.txt"));
        }

        assertThat(result.paths()).containsExactly("new.txt", "sub/c.txt");
        assertThat(tree(mine, "HEAD")).isEqualTo(tree(twin, "HEAD"));
        assertThat(CliRun.gitOutput(mine, "write-tree")).as("the index").isEqualTo(CliRun.gitOutput(twin, "write-tree"));
        assertThat(CliRun.gitOutput(mine, "status", "--porcelain")).isEqualTo(CliRun.gitOutput(twin, "status", "--porcelain"))
                .contains("M  sub/b.txt");
    }

    @Test
    void aCommitOfAFolderTakesItsDeletionsAndNewFilesAndNothingOutsideIt() throws Exception {
        Path mine = repo("mine");
        Files.delete(mine.resolve("sub/c.txt"));
        Files.writeString(mine.resolve("sub/d.txt"), "d\n");
        Files.writeString(mine.resolve("a.txt"), "a, edited\n");

        GitRepo.CommitResult result;
        try (GitRepo git = GitRepo.open(mine, Map.of())) {
            result = git.commit("sub", List.of("sub"));
        }

        assertThat(result.paths()).containsExactly("sub/c.txt", "sub/d.txt");
        assertThat(CliRun.gitOutput(mine, "show", "--name-status", "--format=", "HEAD")).isEqualTo("D\tsub/c.txt\nA\tsub/d.txt");
        assertThat(CliRun.gitOutput(mine, "status", "--porcelain")).isEqualTo("M a.txt");
    }

    @Test
    void nothingToCommitSaysSoAndNamesThePathsAsked() throws Exception {
        Path mine = repo("mine");
        Files.writeString(mine.resolve("a.txt"), "a, edited\n");
        String head = CliRun.gitOutput(mine, "rev-parse", "HEAD");
        try (GitRepo git = GitRepo.open(mine, Map.of())) {
            assertThatThrownBy(() -> git.commit("none", List.of("sub"))).isInstanceOf(GitException.class)
                    .hasMessage("Nothing to commit: no changes in [sub].");
            Files.writeString(mine.resolve("a.txt"), "a\n");
            assertThatThrownBy(() -> git.commit("none", List.of())).hasMessage("Nothing to commit: no changes.");
        }
        assertThat(CliRun.gitOutput(mine, "rev-parse", "HEAD")).isEqualTo(head);
    }

    @Test
    void duringAMergeOnlyACommitOfEverythingIsAllowedAsInGit() throws Exception {
        Path mine = repo("mine");
        CliRun.git(mine, "checkout", "-q", "-b", "other");
        Files.writeString(mine.resolve("a.txt"), "theirs\n");
        CliRun.git(mine, "commit", "-q", "-am", "theirs");
        CliRun.git(mine, "checkout", "-q", "main");
        Files.writeString(mine.resolve("a.txt"), "ours\n");
        CliRun.git(mine, "commit", "-q", "-am", "ours");
        CliRun.gitOutput(mine, "merge", "other"); // conflicts on purpose
        Files.writeString(mine.resolve("a.txt"), "resolved\n");
        String gitSays = CliRun.gitOutput(mine, "commit", "-m", "partial", "--", "a.txt");
        assertThat(gitSays).as("git's own refusal").contains("cannot do a partial commit during a merge");

        try (GitRepo git = GitRepo.open(mine, Map.of())) {
            assertThatThrownBy(() -> git.commit("partial", List.of("a.txt")))
                    .hasMessageContaining("cannot do a partial commit during a merge");
            assertThat(git.operationInProgress()).startsWith("A merge is in progress");
            git.commit("merged", List.of());
        }
        assertThat(CliRun.gitOutput(mine, "log", "-1", "--format=%p").split(" ")).as("a merge commit").hasSize(2);
        assertThat(CliRun.gitOutput(mine, "show", "HEAD:a.txt")).isEqualTo("resolved");
    }

    @Test
    void theBranchLineIsGitStatusFirstLine() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        CliRun.git(empty, "init", "-q", "-b", "trunk");
        try (GitRepo git = GitRepo.open(empty, Map.of())) {
            assertThat(git.branchDescription()).isEqualTo("trunk (no commits yet)");
            assertThat(git.head()).isNull();
            assertThat(git.log(5, null)).isEmpty();
            assertThat(git.currentBranch()).isEqualTo("trunk");
        }
        Path mine = repo("mine");
        try (GitRepo git = GitRepo.open(mine, Map.of())) {
            assertThat(git.branchDescription()).isEqualTo("main");
            assertThat(git.currentBranch()).isEqualTo("main");
        }
        CliRun.git(mine, "checkout", "-q", "--detach");
        try (GitRepo git = GitRepo.open(mine, Map.of())) {
            assertThat(git.branchDescription()).isEqualTo(CliRun.gitOutput(mine, "status").lines().findFirst().orElseThrow());
            assertThat(git.currentBranch()).isNull();
            assertThat(git.head().name()).isEqualTo(CliRun.gitOutput(mine, "rev-parse", "HEAD"));
        }
    }

    @Test
    void theLogIsGitLogNewestFirstLimitedByCountAndPath() throws Exception {
        Path mine = repo("mine");
        Files.writeString(mine.resolve("a.txt"), "2\n");
        CliRun.git(mine, "commit", "-q", "-am", "second");
        Files.writeString(mine.resolve("sub/b.txt"), "3\n");
        CliRun.git(mine, "commit", "-q", "-am", "third: in sub\n\nwith a body");
        String format = "--format=%h %cd %an: %s";
        String date = "--date=format-local:%Y-%m-%d %H:%M";

        try (GitRepo git = GitRepo.open(mine, Map.of())) {
            assertThat(git.log(10, null)).containsExactlyElementsOf(CliRun.gitOutput(mine, "log", format, date).lines().toList()).hasSize(3);
            assertThat(git.log(2, "")).containsExactlyElementsOf(CliRun.gitOutput(mine, "log", "-2", format, date).lines().toList());
            assertThat(git.log(10, ".")).hasSize(3);
            assertThat(git.log(10, "sub")).containsExactlyElementsOf(CliRun.gitOutput(mine, "log", format, date, "--", "sub").lines().toList())
                    .hasSize(2);
        }
    }

    @Test
    void aNewBranchIsCheckedOutWithTheTreeAndIndexAsTheyWereAndAnExistingOneIsRefused() throws Exception {
        Path mine = repo("mine");
        Files.writeString(mine.resolve("a.txt"), "unstaged\n");
        Files.writeString(mine.resolve("sub/b.txt"), "staged\n");
        CliRun.git(mine, "add", "sub/b.txt");
        String status = CliRun.gitOutput(mine, "status", "--porcelain");
        try (GitRepo git = GitRepo.open(mine, Map.of())) {
            git.createBranch("fathom/fix");
            assertThatThrownBy(() -> git.createBranch("main")).hasMessage("Branch 'main' already exists; choose another --branch name.");
        }
        assertThat(CliRun.gitOutput(mine, "branch", "--show-current")).isEqualTo("fathom/fix");
        assertThat(CliRun.gitOutput(mine, "rev-parse", "fathom/fix")).isEqualTo(CliRun.gitOutput(mine, "rev-parse", "main"));
        assertThat(CliRun.gitOutput(mine, "status", "--porcelain")).isEqualTo(status);
    }

    @Test
    void aPushReachesTheRemoteAndARefusedOneSaysWhyWithoutTheToken() throws Exception {
        Path remote = tmp.resolve("remote.git");
        CliRun.git(tmp, "init", "-q", "--bare", "-b", "main", remote.toString());
        Path mine = repo("mine");
        CliRun.git(mine, "remote", "add", "origin", remote.toString());
        try (GitRepo git = GitRepo.open(mine, Map.of())) {
            git.push("main", null);
            assertThat(CliRun.gitOutput(remote, "rev-parse", "main")).isEqualTo(CliRun.gitOutput(mine, "rev-parse", "HEAD"));
            git.push("main", "");
        }
        // The remote moves on; our rewritten main is not a fast-forward of it.
        Path other = tmp.resolve("other");
        CliRun.git(tmp, "clone", "-q", remote.toString(), other.toString());
        Files.writeString(other.resolve("a.txt"), "theirs\n");
        CliRun.git(other, "commit", "-q", "-am", "theirs");
        CliRun.git(other, "push", "-q", "origin", "main");
        String theirs = CliRun.gitOutput(remote, "rev-parse", "main");
        CliRun.git(mine, "commit", "-q", "--amend", "-m", "rewritten");
        try (GitRepo git = GitRepo.open(mine, Map.of())) {
            assertThatThrownBy(() -> git.push("main", "s3cret")).isInstanceOf(GitException.class)
                    .hasMessage("The push of main was refused: REJECTED_NONFASTFORWARD");
        }
        assertThat(CliRun.gitOutput(remote, "rev-parse", "main")).isEqualTo(theirs);

        CliRun.git(mine, "remote", "set-url", "origin", tmp.resolve("missing-s3cret.git").toString());
        try (GitRepo git = GitRepo.open(mine, Map.of())) {
            assertThatThrownBy(() -> git.push("main", "s3cret")).hasMessageStartingWith("Cannot push main to origin: ")
                    .hasMessageContaining("missing-***.git").hasMessageNotContaining("s3cret");
            assertThatThrownBy(() -> git.push("main", null)).hasMessageContaining("missing-s3cret.git");
        }
    }

    @Test
    void aShallowCloneIsShallowAndAFullOneIsNot() throws Exception {
        Path mine = repo("mine");
        Files.writeString(mine.resolve("a.txt"), "2\n");
        CliRun.git(mine, "commit", "-q", "-am", "second");
        Path shallow = tmp.resolve("shallow");
        CliRun.git(tmp, "clone", "-q", "--depth", "1", "file://" + mine, shallow.toString());
        Path wt = tmp.resolve("shallow-wt");
        CliRun.git(shallow, "worktree", "add", "-q", wt.toString());
        try (GitRepo full = GitRepo.open(mine, Map.of()); GitRepo cut = GitRepo.open(shallow, Map.of());
                GitRepo linked = GitRepo.open(wt, Map.of())) {
            assertThat(full.isShallow()).isFalse();
            assertThat(cut.isShallow()).isEqualTo(CliRun.gitOutput(shallow, "rev-parse", "--is-shallow-repository").equals("true")).isTrue();
            assertThat(linked.isShallow()).as("a worktree of a shallow clone").isTrue();
        }
    }

    @Test
    void openingSaysWhyThereIsNoRepositoryToWorkOn() throws Exception {
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        assertThatThrownBy(() -> GitRepo.open(plain, Map.of("GIT_CEILING_DIRECTORIES", tmp.toString())))
                .hasMessage("Not a git repository: " + plain + " (nor any of its parents). Use bash (git init) to create one if you need it.");
        Path bare = tmp.resolve("bare.git");
        CliRun.git(tmp, "init", "-q", "--bare", bare.toString());
        assertThatThrownBy(() -> GitRepo.open(bare, Map.of())).hasMessage("The git repository at " + bare
                + " is bare (it has no working tree), so there are no files to show or commit.");
        Path mine = repo("mine");
        try (GitRepo git = GitRepo.open(mine.resolve("sub"), Map.of())) {
            assertThat(git.topLevel()).isEqualTo(mine);
            assertThat(git.existsAt(git.head(), "sub/b.txt")).isTrue();
            assertThat(git.existsAt(git.head(), "sub/none.txt")).isFalse();
        }
    }
}
