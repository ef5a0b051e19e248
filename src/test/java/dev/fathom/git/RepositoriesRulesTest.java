package dev.fathom.git;

import static dev.fathom.git.DiscoveryTest.fathomSays;
import static dev.fathom.git.DiscoveryTest.gitSays;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.testing.CliRun;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which repository and work tree Fathom uses, for the layouts and environment variables git reads, each held against
 * {@code git rev-parse} run in the same folder with the same environment.
 */
class RepositoriesRulesTest {
    @TempDir
    Path tmp;

    private Path repo(Path dir) throws Exception {
        Files.createDirectories(dir);
        CliRun.git(dir, "init", "-q");
        return dir;
    }

    @Test
    void relativeGitDirAndWorkTreeAreReadFromTheFolderTheCommandStartsIn() throws Exception {
        Path bare = tmp.resolve("store/dots.git");
        CliRun.git(tmp, "init", "-q", "--bare", bare.toString());
        Path home = Files.createDirectories(tmp.resolve("home/projects"));
        Map<String, String> env = Map.of("GIT_DIR", "../../store/dots.git", "GIT_WORK_TREE", "..");

        assertThat(fathomSays(home, env)).isEqualTo(gitSays(home, env)).startsWith(tmp.resolve("home").toRealPath() + "\n");
        assertThat(Repositories.locate(home, env).fromEnvironment()).isTrue();
    }

    @Test
    void withGitDirAloneTheWorkTreeIsCoreWorktreeOrElseTheStartingFolder() throws Exception {
        Path repo = repo(tmp.resolve("repo"));
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere/deeper"));
        Map<String, String> env = Map.of("GIT_DIR", repo.resolve(".git").toString());
        assertThat(fathomSays(elsewhere, env)).isEqualTo(gitSays(elsewhere, env)).startsWith(elsewhere.toRealPath() + "\n");

        CliRun.git(repo, "config", "core.worktree", "../../elsewhere");
        assertThat(fathomSays(elsewhere.resolve(".."), env)).as("relative to the git dir")
                .isEqualTo(gitSays(elsewhere.resolve(".."), env)).startsWith(tmp.resolve("elsewhere").toRealPath() + "\n");

        CliRun.git(repo, "config", "--unset", "core.worktree");
        CliRun.git(repo, "config", "core.bare", "true");
        assertThat(Repositories.locate(elsewhere, env).workTree()).as("core.bare").isNull();
        assertThat(Repositories.locate(elsewhere, Map.of("GIT_DIR", "", "GIT_CEILING_DIRECTORIES", tmp.toString())))
                .as("an empty GIT_DIR is no GIT_DIR").isNull();
    }

    @Test
    void aDiscoveredRepositoryHonoursCoreWorktreeAndCoreBare() throws Exception {
        Path repo = repo(tmp.resolve("repo"));
        Path inside = Files.createDirectories(repo.resolve("inside"));
        CliRun.git(repo, "config", "core.worktree", "../inside");
        assertThat(fathomSays(inside, Map.of())).isEqualTo(gitSays(inside, Map.of())).startsWith(inside.toRealPath() + "\n");

        CliRun.git(repo, "config", "--unset", "core.worktree");
        CliRun.git(repo, "config", "core.bare", "true");
        Repositories.Location at = Repositories.locate(inside, Map.of());
        assertThat(at.workTree()).isNull();
        assertThat(at.gitDir()).isEqualTo(repo.resolve(".git").toFile());
        assertThat(at.fromEnvironment()).isFalse();
    }

    @Test
    void aGitFileNamesItsGitDirRelativeToItselfAndABrokenOneIsNoRepository() throws Exception {
        Path real = repo(tmp.resolve("real"));
        Path work = Files.createDirectories(tmp.resolve("work/a/b"));
        Files.writeString(tmp.resolve("work/.git"), "gitdir: ../real/.git\n");
        Path outer = tmp.resolve("work");
        assertThat(Repositories.locate(work, Map.of()).gitDir()).isEqualTo(real.resolve(".git").toFile());
        assertThat(Repositories.locate(work, Map.of()).workTree()).isEqualTo(outer.toFile());

        Files.writeString(tmp.resolve("work/.git"), "gitdir: ../nowhere\n");
        Map<String, String> ceiling = Map.of("GIT_CEILING_DIRECTORIES", tmp.toString());
        assertThat(Repositories.locate(work, ceiling)).as("a .git file naming no folder").isNull();
        Files.writeString(tmp.resolve("work/.git"), "not a git file\n");
        assertThat(Repositories.locate(work, ceiling)).isNull();
    }

    @Test
    void everyCeilingInTheListStopsTheSearchAndEmptyEntriesAreIgnored() throws Exception {
        Path repo = repo(tmp.resolve("repo"));
        Path deep = Files.createDirectories(repo.resolve("a/b"));
        String list = File.pathSeparator + tmp.resolve("unrelated") + File.pathSeparator + File.pathSeparator + repo.resolve("a");
        assertThat(Repositories.locate(deep, Map.of("GIT_CEILING_DIRECTORIES", list))).isNull();
        assertThat(Repositories.locate(repo.resolve("a"), Map.of("GIT_CEILING_DIRECTORIES", list)).gitDir())
                .as("a ceiling stops the search above it, not at it").isEqualTo(repo.resolve(".git").toFile());
        assertThat(Repositories.locate(deep, Map.of("GIT_CEILING_DIRECTORIES", tmp.resolve("unrelated").toString())).workTree())
                .isEqualTo(repo.toFile());
    }

    @Test
    void startedInsideTheGitDirectoryThereIsNoWorkTree() throws Exception {
        Path repo = repo(tmp.resolve("repo"));
        Path gitDir = repo.resolve(".git");
        Repositories.Location at = Repositories.locate(gitDir.resolve("refs"), Map.of());
        assertThat(at.gitDir()).isEqualTo(gitDir.toFile());
        assertThat(at.workTree()).isNull();
        assertThat(CliRun.gitOutput(gitDir, "rev-parse", "--is-inside-work-tree")).isEqualTo("false");
    }

    @Test
    void anInvalidConfigIsNamedInTheError() throws Exception {
        Path repo = repo(tmp.resolve("repo"));
        Files.writeString(repo.resolve(".git/config"), "[core\nbroken");
        assertThatThrownBy(() -> Repositories.locate(repo, Map.of())).hasMessageStartingWith("invalid git config "
                + repo.resolve(".git/config"));
        assertThatThrownBy(() -> GitRepo.open(repo, Map.of())).hasMessageStartingWith("Cannot find the git repository of " + repo);
        assertThat(Checkpoints.forWorkspace(repo, Map.of())).isNull();
    }
}
