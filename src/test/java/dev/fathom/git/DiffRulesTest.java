package dev.fathom.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The diffs a model reads are git's own text, character for character: {@code git diff}, {@code git diff --cached},
 * {@code git diff COMMIT}, each with and without a path, in a plain repository, a sparse checkout, a repository with
 * line-ending conversion and one with a changed submodule.
 */
class DiffRulesTest {
    @TempDir
    Path tmp;

    private Path repo() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        CliRun.git(repo, "init", "-q", "-b", "main");
        Files.writeString(repo.resolve("a.txt"), "one\ntwo\nthree\n");
        Files.createDirectories(repo.resolve("sub/deep"));
        Files.writeString(repo.resolve("sub/b.txt"), "b\n");
        Files.writeString(repo.resolve("sub/deep/c.txt"), "c\n");
        Files.writeString(repo.resolve("subway.txt"), "not in sub\n");
        Files.createDirectories(repo.resolve("other"));
        Files.writeString(repo.resolve("other/d.txt"), "d\n");
        CliRun.git(repo, "add", ".");
        CliRun.git(repo, "commit", "-q", "-m", "start");
        return repo;
    }

    /** git's diff with these arguments, as the text a model would read (stripped of the last newline as Fathom's is compared). */
    private static String git(Path repo, String... args) {
        String[] all = new String[args.length + 5];
        all[0] = "-c";
        all[1] = "core.quotePath=false";
        all[2] = "-c";
        all[3] = "core.safecrlf=false"; // no warning on stderr, which is read together with the diff
        all[4] = "diff";
        System.arraycopy(args, 0, all, 5, args.length);
        return CliRun.gitOutput(repo, all);
    }

    private static String fathom(Path repo, String path, boolean staged, String commit) throws Exception {
        try (GitRepo git = GitRepo.open(repo, Map.of())) {
            return git.diff(path, staged, commit).strip();
        }
    }

    @Test
    void theWorkingTreeDiffIsGitDiffWithAndWithoutAPath() throws Exception {
        Path repo = repo();
        String start = CliRun.gitOutput(repo, "rev-parse", "HEAD");
        Files.writeString(repo.resolve("a.txt"), "one\n2\nthree\n");
        Files.delete(repo.resolve("sub/deep/c.txt"));
        Files.writeString(repo.resolve("sub/b.txt"), "b, staged\n");
        CliRun.git(repo, "add", "sub/b.txt");
        Files.writeString(repo.resolve("sub/b.txt"), "b, staged and then edited\n");
        Files.writeString(repo.resolve("subway.txt"), "edited\n");
        Files.writeString(repo.resolve("untracked.txt"), "never in a diff\n");
        Files.writeString(repo.resolve("sub/untracked.txt"), "never in a diff\n");

        assertThat(fathom(repo, null, false, null)).isEqualTo(git(repo)).contains("-two\n+2", "deleted file mode");
        assertThat(fathom(repo, "", false, null)).isEqualTo(git(repo));
        assertThat(fathom(repo, ".", false, null)).isEqualTo(git(repo));
        assertThat(fathom(repo, "sub", false, null)).isEqualTo(git(repo, "--", "sub")).doesNotContain("subway");
        assertThat(fathom(repo, "sub/b.txt", false, null)).isEqualTo(git(repo, "--", "sub/b.txt"));
        assertThat(fathom(repo, null, true, null)).isEqualTo(git(repo, "--cached")).contains("-b\n+b, staged").doesNotContain("edited");
        assertThat(fathom(repo, "a.txt", true, null)).isEmpty();
        assertThat(fathom(repo, null, false, start)).isEqualTo(git(repo, start)).contains("+b, staged and then edited");
        assertThat(fathom(repo, "sub", false, start)).isEqualTo(git(repo, start, "--", "sub"));
    }

    @Test
    void anUnknownRevisionIsNamedAndInAnEmptyRepositoryEverythingIsNew() throws Exception {
        Path repo = repo();
        assertThatThrownBy(() -> fathom(repo, null, false, "nosuch")).isInstanceOf(GitException.class)
                .hasMessage("Unknown revision 'nosuch'. Use git_log to see commit ids.");

        Path empty = Files.createDirectories(tmp.resolve("empty"));
        CliRun.git(empty, "init", "-q");
        Files.writeString(empty.resolve("first.txt"), "first\n");
        CliRun.git(empty, "add", "first.txt");
        assertThat(fathom(empty, null, true, null)).isEqualTo(git(empty, "--cached")).contains("new file mode 100644");
        // git refuses "git diff HEAD" before the first commit; Fathom shows the files against nothing instead
        assertThat(fathom(empty, null, false, "HEAD")).isEqualTo(git(empty, "--cached"));
    }

    @Test
    void filesOutsideASparseCheckoutAreNotDeletions() throws Exception {
        Path repo = repo();
        CliRun.git(repo, "sparse-checkout", "set", "sub");
        assertThat(repo.resolve("other/d.txt")).doesNotExist();
        Files.writeString(repo.resolve("sub/b.txt"), "b, edited\n");

        String diff = fathom(repo, null, false, null);
        assertThat(diff).isEqualTo(git(repo)).contains("+b, edited").doesNotContain("other/d.txt");
    }

    @Test
    void theDiffToTheIndexIsGitDiffCachedFromThatCommit() throws Exception {
        Path repo = repo();
        String start = CliRun.gitOutput(repo, "rev-parse", "HEAD");
        Files.writeString(repo.resolve("a.txt"), "one\n2\nthree\n");
        CliRun.git(repo, "commit", "-q", "-am", "second");
        Files.writeString(repo.resolve("new.txt"), "new\n");
        CliRun.git(repo, "add", "new.txt");
        CliRun.git(repo, "rm", "-q", "sub/deep/c.txt");
        Files.writeString(repo.resolve("subway.txt"), "not staged\n");

        String diff;
        try (GitRepo git = GitRepo.open(repo, Map.of())) {
            diff = git.diffToIndex(org.eclipse.jgit.lib.ObjectId.fromString(start)).strip();
        }
        assertThat(diff).isEqualTo(git(repo, "--cached", start)).contains("+2", "new file mode", "deleted file mode").doesNotContain("not staged");
    }

    @Test
    void aFileWithLineEndingConversionShowsOnlyTheLinesThatChanged() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        CliRun.git(repo, "init", "-q");
        Files.writeString(repo.resolve(".gitattributes"), "*.txt text eol=crlf\n*.bin binary\n");
        Files.writeString(repo.resolve("crlf.txt"), "one\r\ntwo\r\nthree\r\n");
        Files.writeString(repo.resolve("same.txt"), "same\r\n");
        Files.writeString(repo.resolve("plain.md"), "plain\n");
        CliRun.git(repo, "add", ".");
        CliRun.git(repo, "commit", "-q", "-m", "start");
        Files.writeString(repo.resolve("crlf.txt"), "one\r\n2\r\nthree\r\n");
        Files.writeString(repo.resolve("same.txt"), "same\n"); // only the line ending differs: git shows nothing
        Files.writeString(repo.resolve("plain.md"), "plain, edited\n");

        assertThat(fathom(repo, null, false, null)).isEqualTo(git(repo)).contains("-two\n+2\n").doesNotContain("same.txt");
        assertThat(fathom(repo, "crlf.txt", false, null)).isEqualTo(git(repo, "--", "crlf.txt"));
    }

    @Test
    void aSubmoduleWithChangedFilesIsShownDirtyAsGitShowsIt() throws Exception {
        Path sup = RepoStates.superproject(tmp.resolve("super")); // lib/a.txt changed inside the submodule lib
        String sub = "lib";
        assertThat(fathom(sup, null, false, null)).isEqualTo(git(sup)).contains("-dirty");
        assertThat(fathom(sup, sub, false, null)).isEqualTo(git(sup, "--", sub));
        assertThat(fathom(sup, "elsewhere", false, null)).isEqualTo(git(sup, "--", "elsewhere")).isEmpty();
    }
}
