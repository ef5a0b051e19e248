package dev.fathom.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.testing.CliRun;
import dev.fathom.tools.ToolResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Differential test of the states {@link StatusScan}'s shortcuts could get wrong (deciding by stat, walking folders
 * itself, applying ignore rules itself): git_status must list what {@code git status --porcelain=v2 -uall} lists. Fathom
 * runs first, because git's status may rewrite the index.
 */
class StatusShortcutTruthTest {
    @TempDir
    Path tmp;

    record State(String name, Function<Path, Path> build) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<State> states() {
        return Stream.of(
                new State("racily clean: same size, same time, other content", StatusShortcutTruthTest::racilyClean),
                new State("same content, newer time", StatusShortcutTruthTest::touched),
                new State("assume-unchanged and skip-worktree", StatusShortcutTruthTest::notCompared),
                new State("ignore rules: folders, un-ignore, nested .gitignore, info/exclude", StatusShortcutTruthTest::ignoreRules),
                new State("nested repository", StatusShortcutTruthTest::nestedRepository),
                new State("symlinks in place of files and folders", StatusShortcutTruthTest::symlinks),
                new State("files changed to folders and back", StatusShortcutTruthTest::filesAndFolders),
                new State("core.ignoreCase off", StatusShortcutTruthTest::caseSensitive),
                new State("executable bit, core.fileMode on", s -> execBit(s, true)),
                new State("executable bit, core.fileMode off", s -> execBit(s, false)),
                new State("a FIFO, untracked and in place of a file", StatusShortcutTruthTest::fifo),
                new State("sparse, a staged change outside the cone", StatusShortcutTruthTest::sparseStaged),
                new State("info/exclude and core.excludesFile as symlinks (stow)", ExcludesFileLinkTest::linkedExcludes),
                new State("excludes file links to nothing and into a loop", ExcludesFileLinkTest::excludesLeadingNowhere),
                new State("excludes file linked to /dev/null", ExcludesFileLinkTest::excludesLinkedToDevNull),
                new State("replaced by cp -p and mv: same size and mtime, other ctime or inode", StatDataStates::replacedSameSizeAndTime),
                new State("the same with core.trustCtime off and core.checkStat minimal", StatDataStates::replacedWithCtimeAndInodeIgnored),
                new State("the same with core.checkStat minimal alone", StatDataStates::replacedWithCheckStatMinimal),
                new State("core.trustCtime off: a file given to another owner", StatDataStates::ownerChangedWithCtimeIgnored),
                new State("reset --soft: the index's cached tree is valid but is not HEAD's", StatusShortcutTruthTest::softReset),
                new State("an index whose trailing checksum is wrong (only git fsck checks it)", StatusShortcutTruthTest::wrongChecksum));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("states")
    void gitStatusListsWhatGitLists(State state) {
        Path ws = state.build().apply(tmp);
        ToolResult fathom = GitTruthTest.call(ws, "git_status", "{}");
        assertThat(fathom.error()).as(fathom.output()).isFalse();
        assertThat(GitTruthTest.fathomStatus(fathom.output())).as(fathom.output()).isEqualTo(GitTruthTest.gitStatus(ws, Map.of()));
    }

    static Path racilyClean(Path root) {
        Path repo = RepoStates.base(root.resolve("repo"));
        // An entry time at or after the index's own time means git cannot trust the stat: it must read the file.
        FileTime future = FileTime.from(Instant.now().plusSeconds(3600));
        setTime(repo.resolve("a.txt"), future);
        setTime(repo.resolve("c.txt"), future); // racy too, but unchanged: clean once read
        RepoStates.git(repo, "add", "a.txt", "c.txt");
        RepoStates.write(repo.resolve("a.txt"), "ONE\n");
        setTime(repo.resolve("a.txt"), future);
        return repo;
    }

    /**
     * Decided by stat alone: the files are older than the index, so none is racily clean (a file whose content must be
     * read goes through JGit, which reads the index again and does refuse a wrong checksum).
     */
    static Path wrongChecksum(Path root) {
        Path repo = RepoStates.base(root.resolve("repo"));
        for (String file : List.of("a.txt", "sub/b.txt", "c.txt", "other/d.txt")) {
            setTime(repo.resolve(file), FileTime.from(Instant.now().minusSeconds(7200)));
        }
        RepoStates.git(repo, "update-index", "--refresh");
        RepoStates.write(repo.resolve("a.txt"), "changed to a longer text\n");
        RepoStates.write(repo.resolve("new.txt"), "untracked\n");
        Path index = repo.resolve(".git/index");
        try {
            byte[] b = Files.readAllBytes(index);
            b[b.length - 1] ^= 0x5a;
            Files.write(index, b);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return repo;
    }

    static Path touched(Path root) {
        Path repo = RepoStates.base(root.resolve("repo"));
        setTime(repo.resolve("a.txt"), FileTime.from(Instant.now().minusSeconds(7200)));
        setTime(repo.resolve("sub/b.txt"), FileTime.from(Instant.now().minusSeconds(7200)));
        RepoStates.write(repo.resolve("c.txt"), "THREE\n"); // same size, other content, newer time
        return repo;
    }

    static Path notCompared(Path root) {
        Path repo = RepoStates.base(root.resolve("repo"));
        RepoStates.git(repo, "update-index", "--assume-unchanged", "a.txt", "c.txt");
        RepoStates.git(repo, "update-index", "--skip-worktree", "sub/b.txt");
        RepoStates.write(repo.resolve("a.txt"), "changed, but assumed unchanged\n");
        RepoStates.write(repo.resolve("sub/b.txt"), "changed, but skipped\n");
        delete(repo.resolve("c.txt"));
        RepoStates.write(repo.resolve("other/d.txt"), "changed\n");
        return repo;
    }

    static Path ignoreRules(Path root) {
        Path repo = RepoStates.base(root.resolve("repo"));
        RepoStates.write(repo.resolve(".gitignore"), "build/\n!build/keep.txt\n*.log\n!important.log\nlogs/*\n!logs/keep/\nout/\n");
        RepoStates.write(repo.resolve("build/kept.txt"), "tracked in an ignored folder\n");
        RepoStates.git(repo, "add", ".gitignore");
        RepoStates.git(repo, "add", "-f", "build/kept.txt");
        RepoStates.git(repo, "commit", "-q", "-m", "rules");
        RepoStates.write(repo.resolve("build/keep.txt"), "cannot be re-included: its folder is excluded\n");
        RepoStates.write(repo.resolve("build/.gitignore"), "!new.txt\n");
        RepoStates.write(repo.resolve("build/new.txt"), "still ignored\n");
        RepoStates.write(repo.resolve("x.log"), "ignored\n");
        RepoStates.write(repo.resolve("important.log"), "re-included\n");
        RepoStates.write(repo.resolve("logs/a.txt"), "ignored\n");
        RepoStates.write(repo.resolve("logs/keep/b.txt"), "its folder is re-included\n");
        RepoStates.write(repo.resolve("sub/.gitignore"), "!*.log\n");
        RepoStates.write(repo.resolve("sub/y.log"), "re-included by the deeper file\n");
        RepoStates.write(repo.resolve("out"), "a file, and out/ only matches folders\n");
        RepoStates.write(repo.resolve("secret.txt"), "excluded by info/exclude\n");
        RepoStates.write(repo.resolve(".git/info/exclude"), "secret.txt\n");
        RepoStates.write(repo.resolve("only-ignored/z.log"), "a folder of ignored files shows nothing\n");
        mkdirs(repo.resolve("empty/deeper"));
        return repo;
    }

    static Path nestedRepository(Path root) {
        Path repo = RepoStates.base(root.resolve("repo"));
        Path nested = repo.resolve("vendor/lib");
        RepoStates.write(nested.resolve("x.txt"), "inside a repository of its own\n");
        RepoStates.git(nested, "init", "-q");
        RepoStates.write(repo.resolve("vendor/plain.txt"), "beside it\n");
        return repo;
    }

    static Path symlinks(Path root) {
        Path repo = RepoStates.base(root.resolve("repo"));
        RepoStates.write(repo.resolve("elsewhere/b.txt"), "two\n"); // the same content sub/b.txt has
        RepoStates.write(repo.resolve("link.txt"), "a tracked symlink's target\n");
        try {
            Files.createSymbolicLink(repo.resolve("tracked-link"), Path.of("link.txt"));
            RepoStates.git(repo, "add", "tracked-link");
            RepoStates.git(repo, "commit", "-q", "-m", "link");
            delete(repo.resolve("a.txt"));
            Files.createSymbolicLink(repo.resolve("a.txt"), Path.of("c.txt"));
            deleteTree(repo.resolve("sub"));
            Files.createSymbolicLink(repo.resolve("sub"), Path.of("elsewhere")); // git never looks through it
            delete(repo.resolve("tracked-link"));
            Files.createSymbolicLink(repo.resolve("tracked-link"), Path.of("lonk.txt")); // same length, other target
            Files.createSymbolicLink(repo.resolve("to-folder"), Path.of("other"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return repo;
    }

    static Path filesAndFolders(Path root) {
        Path repo = RepoStates.base(root.resolve("repo"));
        delete(repo.resolve("c.txt"));
        RepoStates.write(repo.resolve("c.txt/inner.txt"), "a file became a folder\n");
        deleteTree(repo.resolve("other"));
        RepoStates.write(repo.resolve("other"), "a folder became a file\n");
        return repo;
    }

    static Path caseSensitive(Path root) {
        Path repo = RepoStates.base(root.resolve("repo"));
        RepoStates.git(repo, "config", "core.ignoreCase", "false");
        RepoStates.write(repo.resolve(".gitignore"), "*.LOG\n");
        RepoStates.write(repo.resolve("A.TXT"), "not a.txt\n");
        RepoStates.write(repo.resolve("x.log"), "not matched by *.LOG\n");
        RepoStates.write(repo.resolve("y.LOG"), "matched\n");
        return repo;
    }

    static Path execBit(Path root, boolean fileMode) {
        Path repo = RepoStates.base(root.resolve("repo"));
        RepoStates.git(repo, "config", "core.fileMode", String.valueOf(fileMode));
        try {
            Files.setPosixFilePermissions(repo.resolve("a.txt"), PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return repo;
    }

    static Path fifo(Path root) {
        Path repo = RepoStates.base(root.resolve("repo"));
        delete(repo.resolve("c.txt"));
        run(repo, "mkfifo", "c.txt", "pipe");
        return repo;
    }

    static Path sparseStaged(Path root) {
        Path repo = RepoStates.base(root.resolve("repo"));
        RepoStates.git(repo, "sparse-checkout", "set", "--cone", "sub");
        // a change staged for a path outside the cone: the entry keeps skip-worktree, and git reports the staged change
        Path staged = root.resolve("staged-d.txt");
        RepoStates.write(staged, "four, staged\n");
        String blob = CliRun.gitOutput(repo, "hash-object", "-w", staged.toString());
        RepoStates.git(repo, "update-index", "--cacheinfo", "100644," + blob + ",other/d.txt");
        RepoStates.git(repo, "update-index", "--skip-worktree", "other/d.txt");
        RepoStates.write(repo.resolve("sub/b.txt"), "changed in the cone\n");
        return repo;
    }

    static Path softReset(Path root) {
        Path repo = RepoStates.base(root.resolve("repo"));
        RepoStates.write(repo.resolve("a.txt"), "one, second commit\n");
        RepoStates.git(repo, "commit", "-q", "-am", "second");
        RepoStates.git(repo, "reset", "-q", "--soft", "HEAD~1"); // the index (and its TREE extension) stays as committed
        return repo;
    }

    private static void run(Path dir, String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (p.waitFor() != 0) {
                throw new IllegalStateException(List.of(cmd) + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void setTime(Path file, FileTime time) {
        try {
            Files.setLastModifiedTime(file, time);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path dir) {
        run(dir.getParent(), "rm", "-rf", dir.getFileName().toString());
    }
}
