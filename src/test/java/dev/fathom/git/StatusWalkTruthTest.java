package dev.fathom.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.tools.ToolResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Differential test of the work-tree shapes {@link UntrackedWalk} and {@link IgnoreRules} decide by themselves: where a
 * tracked folder sits among its siblings, folders and files swapped below the top level, an ignore file that ignores
 * itself or is a symlink. git_status must list what {@code git status --porcelain=v2 -uall} lists, and git's own
 * answer is pinned too, so that a state which stopped meaning anything would show.
 */
class StatusWalkTruthTest {
    @TempDir
    Path tmp;

    record State(String name, Function<Path, Path> build, Set<String> gitSays, boolean gitWarns) {
        State(String name, Function<Path, Path> build, Set<String> gitSays) {
            this(name, build, gitSays, false);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<State> states() {
        return Stream.of(
                new State("a tracked folder that sorts first among its siblings", StatusWalkTruthTest::folderSortsFirst,
                        Set.of("unstaged M sub/a/x.txt")),
                new State("a tracked folder replaced by a file, beside a tracked file that sorts before it",
                        StatusWalkTruthTest::folderBecameFileBesideFile, Set.of("unstaged D pair/z/y.txt", "untracked pair/z")),
                new State("a file two folders deep became a folder, under a .gitignore of the folder above",
                        StatusWalkTruthTest::deepFileBecameFolder,
                        Set.of("unstaged D deep/er/f.txt", "untracked deep/er/f.txt/inner.txt")),
                new State("an untracked folder whose only file is a .gitignore that ignores itself", StatusWalkTruthTest::selfIgnoring,
                        Set.of("untracked plain/x.txt")),
                new State("a nested .gitignore that is a symlink (git does not follow it)", StatusWalkTruthTest::linkedGitignore,
                        Set.of("untracked sub/.gitignore", "untracked rules.txt", "untracked sub/x.log"), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("states")
    void gitStatusListsWhatGitLists(State state) {
        Path ws = state.build().apply(tmp);
        ToolResult fathom = GitTruthTest.call(ws, "git_status", "{}");
        assertThat(fathom.error()).as(fathom.output()).isFalse();
        Set<String> git = state.gitWarns() ? untrackedOnly(ws) : GitTruthTest.gitStatus(ws, Map.of());
        assertThat(git).as("git's own status").isEqualTo(state.gitSays());
        assertThat(GitTruthTest.fathomStatus(fathom.output())).as(fathom.output()).isEqualTo(git);
    }

    /** sub/ holds a (tracked, listed first) and b.txt: the walk must find a/ and look inside, not call it gone. */
    static Path folderSortsFirst(Path root) {
        Path repo = RepoStates.base(root.resolve("repo"));
        RepoStates.write(repo.resolve("sub/a/x.txt"), "x\n");
        commitAll(repo);
        RepoStates.write(repo.resolve("sub/a/x.txt"), "x, longer now\n");
        return repo;
    }

    /** pair/a.txt and pair/z/y.txt tracked; z is now a plain file, untracked, while the index has a file a.txt. */
    static Path folderBecameFileBesideFile(Path root) {
        Path repo = RepoStates.base(root.resolve("repo"));
        RepoStates.write(repo.resolve("pair/a.txt"), "a\n");
        RepoStates.write(repo.resolve("pair/z/y.txt"), "y\n");
        commitAll(repo);
        try {
            Files.delete(repo.resolve("pair/z/y.txt"));
            Files.delete(repo.resolve("pair/z"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        RepoStates.write(repo.resolve("pair/z"), "now a file\n");
        return repo;
    }

    /** deep/er/f.txt tracked, now a folder with a file and an ignored file: deep/.gitignore's rule applies inside. */
    static Path deepFileBecameFolder(Path root) {
        Path repo = RepoStates.base(root.resolve("repo"));
        RepoStates.write(repo.resolve("deep/.gitignore"), "*.tmp\n");
        RepoStates.write(repo.resolve("deep/er/f.txt"), "f\n");
        commitAll(repo);
        try {
            Files.delete(repo.resolve("deep/er/f.txt"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        RepoStates.write(repo.resolve("deep/er/f.txt/inner.txt"), "a file became a folder\n");
        RepoStates.write(repo.resolve("deep/er/f.txt/scratch.tmp"), "ignored by deep/.gitignore\n");
        return repo;
    }

    /** cfg/ holds only a .gitignore naming itself: git lists nothing there; plain/ is an ordinary untracked folder. */
    static Path selfIgnoring(Path root) {
        Path repo = RepoStates.base(root.resolve("repo"));
        RepoStates.write(repo.resolve("cfg/.gitignore"), ".gitignore\n");
        RepoStates.write(repo.resolve("plain/x.txt"), "x\n");
        return repo;
    }

    /** sub/.gitignore links to rules.txt, which would ignore *.log: git reads no rules through the link. */
    static Path linkedGitignore(Path root) {
        Path repo = RepoStates.base(root.resolve("repo"));
        RepoStates.write(repo.resolve("rules.txt"), "*.log\n");
        RepoStates.write(repo.resolve("sub/x.log"), "not ignored\n");
        try {
            Files.createSymbolicLink(repo.resolve("sub/.gitignore"), Path.of("../rules.txt"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return repo;
    }

    /**
     * git's status where it lists only untracked files, with its stderr left out: git warns on stderr about the
     * symlinked .gitignore, which {@link GitTruthTest#gitStatus} would take for a record.
     */
    private static Set<String> untrackedOnly(Path ws) {
        try {
            Process p = new ProcessBuilder("git", "-c", "core.quotePath=false", "status", "--porcelain=v2", "-uall", "-z")
                    .directory(ws.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).isZero();
            Set<String> records = new TreeSet<>();
            for (String rec : out.split("\0")) {
                if (!rec.isEmpty()) {
                    assertThat(rec).as("only untracked files in this state").startsWith("? ");
                    records.add("untracked " + rec.substring(2));
                }
            }
            return records;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void commitAll(Path repo) {
        RepoStates.git(repo, "add", "-A");
        RepoStates.git(repo, "commit", "-q", "-m", "more");
    }
}
