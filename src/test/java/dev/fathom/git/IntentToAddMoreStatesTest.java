package dev.fathom.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.tools.ToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Files marked with {@code git add -N} in more states than {@link IntentToAddTest} (deleted, replaced by a symlink or a
 * folder, CRLF, staged after all, outside a sparse checkout, during a merge), and commits of path sets holding them:
 * git_status, git_diff and git_commit against the git CLI. Written by an outside review.
 */
class IntentToAddMoreStatesTest {
    @TempDir
    Path tmp;

    static Stream<Arguments> states() {
        return Stream.of(
                Arguments.of("marked file deleted", (UnaryOperator<Path>) ws -> {
                    del(ws.resolve("notes.txt"));
                    return ws;
                }),
                Arguments.of("marked file replaced by a symlink", (UnaryOperator<Path>) ws -> {
                    del(ws.resolve("notes.txt"));
                    link(ws.resolve("notes.txt"), "a.txt");
                    return ws;
                }),
                Arguments.of("marked file replaced by a folder", (UnaryOperator<Path>) ws -> {
                    del(ws.resolve("notes.txt"));
                    RepoStates.write(ws.resolve("notes.txt/inner.txt"), "inner\n");
                    return ws;
                }),
                Arguments.of("marked empty file deleted", (UnaryOperator<Path>) ws -> {
                    del(ws.resolve("sub/empty.txt"));
                    return ws;
                }),
                Arguments.of("marked file with CRLF and text=auto", (UnaryOperator<Path>) ws -> {
                    RepoStates.write(ws.resolve("crlf.txt"), "one\r\ntwo\r\n");
                    RepoStates.write(ws.resolve(".git/info/attributes"), "*.txt text=auto\n");
                    RepoStates.git(ws, "add", "-N", "crlf.txt");
                    return ws;
                }),
                Arguments.of("marked file then staged with git add", (UnaryOperator<Path>) ws -> {
                    RepoStates.git(ws, "add", "notes.txt");
                    return ws;
                }),
                Arguments.of("marked file outside a sparse checkout", (UnaryOperator<Path>) ws -> {
                    RepoStates.git(ws, "commit", "-q", "-am", "settle");
                    RepoStates.write(ws.resolve("other/marked.txt"), "marked\n");
                    RepoStates.git(ws, "add", "-N", "other/marked.txt");
                    RepoStates.git(ws, "sparse-checkout", "set", "--no-cone", "/*.txt", "/sub/");
                    return ws;
                }),
                Arguments.of("marked file during a merge with a conflict", (UnaryOperator<Path>) ws -> {
                    RepoStates.git(ws, "commit", "-q", "-am", "settle");
                    RepoStates.git(ws, "checkout", "-q", "-b", "side", "HEAD~1");
                    RepoStates.write(ws.resolve("a.txt"), "side\n");
                    RepoStates.git(ws, "commit", "-q", "-am", "side");
                    RepoStates.git(ws, "checkout", "-q", "main");
                    GitTruthTest.git(ws, "merge", "side");
                    RepoStates.write(ws.resolve("late.txt"), "late\n");
                    RepoStates.git(ws, "add", "-N", "late.txt");
                    return ws;
                }));
    }

    static void del(Path p) {
        try {
            Files.delete(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void link(Path p, String target) {
        try {
            Files.createSymbolicLink(p, Path.of(target));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("states")
    void statusAndDiffsMatchGit(String name, UnaryOperator<Path> change) {
        Path ws = change.apply(RepoStates.intentToAdd(tmp.resolve("s")));
        ToolResult status = GitTruthTest.call(ws, "git_status", "{}");
        ToolResult diff = GitTruthTest.call(ws, "git_diff", "{}");
        ToolResult staged = GitTruthTest.call(ws, "git_diff", "{\"staged\":true}");
        String context = GitTruthTest.git(ws, "status", "--porcelain=v2", "-uall") + "\n---\n" + status.output() + "\n---\n" + diff.output()
                + "\n---\n" + staged.output();
        assertThat(GitTruthTest.fathomStatus(status.output())).as("status\n" + context).isEqualTo(GitTruthTest.gitStatus(ws, Map.of()));
        assertThat(GitTruthTest.fathomDiff(diff.output())).as("diff\n" + context).isEqualTo(GitTruthTest.gitDiff(ws, Map.of()));
        assertThat(GitTruthTest.fathomDiff(staged.output())).as("staged\n" + context)
                .isEqualTo(GitTruthTest.gitDiff(ws, Map.of(), "--cached"));
    }

    @ParameterizedTest(name = "commit {0}")
    @MethodSource("commits")
    void commitMatchesGit(String paths, String[] gitArgs) {
        Path ws = RepoStates.intentToAdd(tmp.resolve("fathom"));
        Path oracle = RepoStates.intentToAdd(tmp.resolve("git"));
        ToolResult fathom = GitTruthTest.call(ws, "git_commit", "{\"message\":\"m\",\"paths\":" + paths + "}");
        String[] args = new String[gitArgs.length + 4];
        args[0] = "commit";
        args[1] = "-q";
        args[2] = "-m";
        args[3] = "m";
        System.arraycopy(gitArgs, 0, args, 4, gitArgs.length);
        String gitOut = GitTruthTest.git(oracle, args);
        String context = fathom.output() + "\n--- git: " + gitOut;
        assertThat(GitTruthTest.git(ws, "ls-tree", "-r", "HEAD")).as(context).isEqualTo(GitTruthTest.git(oracle, "ls-tree", "-r", "HEAD"));
        assertThat(GitTruthTest.git(ws, "status", "--porcelain=v2", "-uall")).as(context)
                .isEqualTo(GitTruthTest.git(oracle, "status", "--porcelain=v2", "-uall"));
    }

    static Stream<Arguments> commits() {
        return Stream.of(
                Arguments.of("[\"sub\"]", new String[] {"--", "sub"}),
                Arguments.of("[\"a.txt\"]", new String[] {"--", "a.txt"}),
                Arguments.of("[\"notes.txt\", \"a.txt\"]", new String[] {"--", "notes.txt", "a.txt"}));
    }
}
