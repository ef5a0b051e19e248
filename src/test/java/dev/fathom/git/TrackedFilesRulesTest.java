package dev.fathom.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.tools.ToolResult;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stat rules git_status shares with git ({@code core.fileMode}, {@code core.trustctime}, entries git recorded
 * without stat data, an old-style mode) against {@code git status --porcelain=v2 -uall} on the same repository. Every
 * file is two hours old, so no answer depends on the stat being racy.
 */
class TrackedFilesRulesTest {
    @TempDir
    Path tmp;

    private Path repo(String... config) throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        RepoStates.git(repo, "init", "-q");
        for (int i = 0; i < config.length; i += 2) {
            RepoStates.git(repo, "config", config[i], config[i + 1]);
        }
        for (String f : new String[] {"a.txt", "data.txt", "z.txt"}) {
            RepoStates.write(repo.resolve(f), "content of " + f + "\n");
            old(repo.resolve(f));
        }
        RepoStates.git(repo, "add", "-A");
        RepoStates.git(repo, "commit", "-q", "-m", "start");
        return repo;
    }

    private static void old(Path file) throws Exception {
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() - 7_200_000));
    }

    private static void listsWhatGitLists(Path ws, Set<String> gitSays) {
        // stdout only, no index refresh by git (which would rewrite the index these states are made of)
        Set<String> git = HostileIndexBytesTest.gitStatus(ws);
        assertThat(git).as("git's own status").isEqualTo(gitSays);
        ToolResult fathom = GitTruthTest.call(ws, "git_status", "{}");
        assertThat(fathom.error()).as(fathom.output()).isFalse();
        assertThat(GitTruthTest.fathomStatus(fathom.output())).as(fathom.output()).isEqualTo(git);
    }

    @Test
    void withFileModeOffAnExecutableBitAddedIsNoChange() throws Exception {
        Path repo = repo("core.fileMode", "false");
        Files.setPosixFilePermissions(repo.resolve("a.txt"), PosixFilePermissions.fromString("rwxr-xr-x"));
        listsWhatGitLists(repo, Set.of());
    }

    @Test
    void withCtimeNotTrustedAnExecutableBitAddedIsStillAChange() throws Exception {
        Path repo = repo("core.trustctime", "false");
        Files.setPosixFilePermissions(repo.resolve("a.txt"), PosixFilePermissions.fromString("rwxr-xr-x"));
        listsWhatGitLists(repo, Set.of("unstaged M a.txt"));
    }

    @Test
    void aFileGitRecordedWithoutStatDataAndNowEmptiedIsModified() throws Exception {
        Path repo = repo();
        RepoStates.git(repo, "read-tree", "HEAD"); // entries without stat data: size 0, time 0
        Files.write(repo.resolve("data.txt"), new byte[0]);
        old(repo.resolve("data.txt"));
        listsWhatGitLists(repo, Set.of("unstaged M data.txt"));
    }

    /** Records a.txt (the first entry) with mode 100664, group-writable, as git before 2005 wrote it. */
    private static void oldStyleMode(Path repo) throws Exception {
        Path index = repo.resolve(".git/index");
        byte[] b = Files.readAllBytes(index);
        assertThat(ByteBuffer.wrap(b).getInt(12 + 24)).as("a.txt is the first entry, 100644").isEqualTo(0100644);
        ByteBuffer.wrap(b).putInt(12 + 24, 0100664);
        System.arraycopy(MessageDigest.getInstance("SHA-1").digest(Arrays.copyOf(b, b.length - 20)), 0, b, b.length - 20, 20);
        Files.write(index, b);
    }

    @Test
    void anExecutableBitAddedToAFileRecordedWithAnOldStyleModeIsAChange() throws Exception {
        Path repo = repo();
        oldStyleMode(repo);
        Files.setPosixFilePermissions(repo.resolve("a.txt"), PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(GitTruthTest.git(repo, Map.of("GIT_OPTIONAL_LOCKS", "0"), "status", "--porcelain=v2", "-uall"))
                .as("git").startsWith("1 .M N... ").endsWith(" a.txt");
        ToolResult fathom = GitTruthTest.call(repo, "git_status", "{}");
        assertThat(GitTruthTest.fathomStatus(fathom.output())).as(fathom.output()).isEqualTo(Set.of("unstaged M a.txt"));
    }

    @Test
    void aChangedFileRecordedWithAnOldStyleModeIsModified() throws Exception {
        Path repo = repo();
        oldStyleMode(repo);
        RepoStates.write(repo.resolve("a.txt"), "CONTENT OF a.txt\n"); // same size, other bytes
        // an hour later than recorded: the stat cannot vouch for it, neither git's nor Fathom's
        Files.setLastModifiedTime(repo.resolve("a.txt"), FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));

        // git 2.39's --no-renames run aborts on this index ("BUG: unhandled diff-index status 'X'"); its default run
        // lists the change
        assertThat(GitTruthTest.git(repo, Map.of("GIT_OPTIONAL_LOCKS", "0"), "status", "--porcelain=v2", "-uall"))
                .as("git").startsWith("1 .M N... ").endsWith(" a.txt");
        ToolResult fathom = GitTruthTest.call(repo, "git_status", "{}");
        assertThat(GitTruthTest.fathomStatus(fathom.output())).as(fathom.output()).isEqualTo(Set.of("unstaged M a.txt"));
    }
}
