package dev.fathom.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.tools.ToolResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * git_status against {@code git status --porcelain=v2 -uall} where StatusScan decides by something other than the
 * stat of a plain file: a submodule (dirty, moved to another commit, clean, not checked out), a file git is told not
 * to look at inside a folder that is gone, and an index entry recorded with a mode older git wrote (100664). git's
 * answer is pinned too, so that a state which stopped meaning anything would show.
 */
class StatusScanEdgesTest {
    @TempDir
    Path tmp;

    private static void listsWhatGitLists(Path ws, Set<String> gitSays) {
        Set<String> git = HostileIndexBytesTest.gitStatus(ws); // stdout only: git may warn on stderr (an old mode)
        assertThat(git).as("git's own status").isEqualTo(gitSays);
        ToolResult fathom = GitTruthTest.call(ws, "git_status", "{}");
        assertThat(fathom.error()).as(fathom.output()).isFalse();
        assertThat(GitTruthTest.fathomStatus(fathom.output())).as(fathom.output()).isEqualTo(git);
    }

    /** The superproject with a clean submodule at lib and one change of its own (an untracked file). */
    private static Path superproject(Path root) {
        Path sup = RepoStates.superproject(root);
        RepoStates.git(sup.resolve("lib"), "checkout", "-q", "--", ".");
        RepoStates.git(sup, "add", "-A");
        RepoStates.git(sup, "commit", "-q", "-m", "settle");
        RepoStates.write(sup.resolve("fresh.txt"), "fresh\n");
        return sup;
    }

    static Stream<Arguments> submoduleStates() {
        return Stream.of(
                Arguments.of("a clean submodule", (UnaryOperator<Path>) sup -> sup, Set.of("untracked fresh.txt")),
                Arguments.of("a submodule with a changed file", (UnaryOperator<Path>) sup -> {
                    RepoStates.write(sup.resolve("lib/a.txt"), "changed inside the submodule\n");
                    return sup;
                }, Set.of("untracked fresh.txt", "unstaged M lib")),
                Arguments.of("a submodule moved to a new commit", (UnaryOperator<Path>) sup -> {
                    RepoStates.write(sup.resolve("lib/a.txt"), "committed inside the submodule\n");
                    RepoStates.git(sup.resolve("lib"), "commit", "-q", "-am", "inside");
                    return sup;
                }, Set.of("untracked fresh.txt", "unstaged M lib")),
                Arguments.of("a submodule not checked out (deinit): its empty folder is no deletion", (UnaryOperator<Path>) sup -> {
                    RepoStates.git(sup, "submodule", "deinit", "-q", "-f", "lib");
                    return sup;
                }, Set.of("untracked fresh.txt")),
                Arguments.of("a submodule whose folder is gone", (UnaryOperator<Path>) sup -> {
                    RepoStates.git(sup, "submodule", "deinit", "-q", "-f", "lib");
                    IntentToAddMoreStatesTest.del(sup.resolve("lib"));
                    return sup;
                }, Set.of("untracked fresh.txt", "unstaged D lib")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("submoduleStates")
    void aSubmoduleIsListedAsGitListsIt(String name, UnaryOperator<Path> change, Set<String> gitSays) {
        listsWhatGitLists(change.apply(superproject(tmp)), gitSays);
    }

    @Test
    void aFileGitIsToldNotToLookAtStaysUnlistedWhenItsFolderIsGoneOrAFile() throws IOException {
        Path repo = RepoStates.base(tmp.resolve("repo"));
        RepoStates.write(repo.resolve("dir/kept.txt"), "assumed unchanged\n");
        RepoStates.write(repo.resolve("dir/plain.txt"), "plain\n");
        RepoStates.git(repo, "add", "-A");
        RepoStates.git(repo, "commit", "-q", "-m", "dir");
        RepoStates.git(repo, "update-index", "--assume-unchanged", "dir/kept.txt");
        try (Stream<Path> files = Files.walk(repo.resolve("dir"))) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        listsWhatGitLists(repo, Set.of("unstaged D dir/plain.txt"));
        RepoStates.write(repo.resolve("dir"), "the folder is a file now\n");
        listsWhatGitLists(repo, Set.of("unstaged D dir/plain.txt", "untracked dir"));
    }

    @Test
    void anEntryRecordedWithAnOldStyleModeIsTheFileGitSees() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        RepoStates.git(repo, "init", "-q");
        RepoStates.write(repo.resolve("a.txt"), "same bytes\n");
        RepoStates.write(repo.resolve("b.txt"), "b\n");
        Files.setLastModifiedTime(repo.resolve("a.txt"), FileTime.fromMillis(System.currentTimeMillis() - 7_200_000));
        Files.setLastModifiedTime(repo.resolve("b.txt"), FileTime.fromMillis(System.currentTimeMillis() - 7_200_000));
        RepoStates.git(repo, "add", "-A");
        RepoStates.git(repo, "commit", "-q", "-m", "start");
        Path index = repo.resolve(".git/index");
        byte[] b = Files.readAllBytes(index);
        assertThat(ByteBuffer.wrap(b).getInt(12 + 24)).as("a.txt is the first entry, 100644").isEqualTo(0100644);
        ByteBuffer.wrap(b).putInt(12 + 24, 0100664); // group-writable, as git before 2005 recorded it
        byte[] sum = MessageDigest.getInstance("SHA-1").digest(Arrays.copyOf(b, b.length - 20));
        System.arraycopy(sum, 0, b, b.length - 20, 20);
        Files.write(index, b);
        // same size, another time: the stat cannot decide, the content (and mode) are compared
        Files.setLastModifiedTime(repo.resolve("a.txt"), FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));

        // (git 2.39's own --no-renames run aborts on this index: "BUG: unhandled diff-index status 'X'"; the default run does not)
        assertThat(GitTruthTest.git(repo, Map.of("GIT_OPTIONAL_LOCKS", "0"), "status", "--porcelain=v2", "-uall")).as("git: clean").isEmpty();
        ToolResult fathom = GitTruthTest.call(repo, "git_status", "{}");
        assertThat(fathom.error()).as(fathom.output()).isFalse();
        assertThat(GitTruthTest.fathomStatus(fathom.output())).as(fathom.output()).isEmpty();
    }
}
