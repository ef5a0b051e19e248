package dev.fathom.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A {@code .git} file or {@code commondir} of the user's, there before the sandbox started, is read as git reads it
 * ({@link GitPointerFiles}), with the real git CLI as the oracle: the folder git actually uses is the one the sandbox
 * mounts read-only ({@link SandboxMounts}) and the guard watches ({@link GitWatchList}), not the one a first-line,
 * whitespace-stripping reading would name.
 */
class GitPointerFilesTest {
    @TempDir
    Path tmp;

    /** A {@code .git} file's bytes, and the folder (in the work tree) git takes it to name. */
    static Stream<Arguments> gitFiles() {
        return Stream.of(
                Arguments.of("a trailing space", "gitdir: .repo \n".getBytes(StandardCharsets.UTF_8), ".repo "),
                Arguments.of("CRLF", "gitdir: .repo\r\n".getBytes(StandardCharsets.UTF_8), ".repo"),
                Arguments.of("a second line", "gitdir: .repo\nx\n".getBytes(StandardCharsets.UTF_8), ".repo\nx"),
                Arguments.of("a NUL byte", "gitdir: .repo\0x\n".getBytes(StandardCharsets.UTF_8), ".repo"),
                Arguments.of("200,000 line ends", padded("gitdir: .repo", 200_000), ".repo"));
    }

    static byte[] padded(String text, int newlines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        out.writeBytes("\n".repeat(newlines).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /**
     * The user's repository at {@code ws}, its folder moved to {@code folder} and named by a {@code .git} file of
     * {@code bytes}; the folder git itself then uses, which must be {@code folder}.
     */
    static Path userRepository(Path ws, byte[] bytes, String folder) throws Exception {
        SandboxedWorkspace.gitOut(ws.getParent(), "init", "-q", ws.getFileName().toString());
        Files.move(ws.resolve(".git"), ws.resolve(folder));
        Files.write(ws.resolve(".git"), bytes);
        Path used = Path.of(SandboxedWorkspace.gitOut(ws, "rev-parse", "--absolute-git-dir").replaceAll("\n$", ""));
        assertThat(used).as("the folder git uses").isEqualTo(ws.resolve(folder));
        return used;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("gitFiles")
    void theFolderGitUsesIsMountedReadOnlyAndWatched(String what, byte[] bytes, String folder) throws Exception {
        Path ws = tmp.resolve("ws");
        Path repo = userRepository(ws, bytes, folder);

        List<Path> gitEntries = SandboxMounts.gitEntries(ws);
        assertThat(SandboxMounts.protectedInWorkspace(ws, List.of(), gitEntries, List.of())).as("mounted read-only").contains(repo);
        GitWatchList watched = GitWatchList.of(ws, gitEntries, List.of(), null);
        assertThat(watched.hooks()).as("hooks folders watched").contains(repo.resolve("hooks"));
        assertThat(watched.files()).as("settings watched").contains(repo.resolve("config"));
    }

    @Test
    void aFileGitRefusesAsTooLargeNamesNoFolder() throws Exception {
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        SandboxedWorkspace.gitOut(tmp, "init", "-q", "--bare", ws.resolve("r").toString());
        Files.write(ws.resolve(".git"), padded("gitdir: r", GitPointerFiles.MAX_GITFILE_BYTES));
        assertThat(SandboxedWorkspace.userGit(ws, "rev-parse", "--absolute-git-dir")).contains("too large to be a .git file");
        assertThat(GitPointerFiles.gitdir(ws.resolve(".git"))).isEmpty();

        Files.write(ws.resolve(".git"), padded("gitdir: r", GitPointerFiles.MAX_GITFILE_BYTES - "gitdir: r".length()));
        assertThat(SandboxedWorkspace.gitOut(ws, "rev-parse", "--absolute-git-dir")).isEqualTo(ws.resolve("r") + "\n");
        assertThat(GitPointerFiles.gitdir(ws.resolve(".git"))).contains(ws.resolve("r"));
    }

    @Test
    void aFileThatIsNotAGitdirLineNamesNoFolder() throws Exception {
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        SandboxedWorkspace.gitOut(tmp, "init", "-q", "--bare", ws.resolve("r").toString());
        for (String text : List.of("gitdir:r\n", "gitdir:  \n", " gitdir: r\n", "gitdir: \r\n\n", "")) {
            Files.writeString(ws.resolve(".git"), text);
            assertThat(SandboxedWorkspace.userGit(ws, "rev-parse", "--absolute-git-dir")).as(text).contains("fatal");
            assertThat(GitPointerFiles.gitdir(ws.resolve(".git"))).as(text).isNotEqualTo(java.util.Optional.of(ws.resolve("r")));
        }
    }

    /**
     * A linked worktree's {@code commondir} of {@code "../.. "}: git takes the common folder {@code worktrees/".. "},
     * where a command could put hooks and settings; stripped, it would read as the main repository.
     */
    @Test
    void aCommondirIsReadAsGitReadsItTrailingSpaceAndAll() throws Exception {
        Path main = tmp.resolve("main");
        SandboxedWorkspace.gitOut(tmp, "init", "-q", "main");
        SandboxedWorkspace.gitOut(main, "commit", "-q", "--allow-empty", "-m", "x");
        SandboxedWorkspace.gitOut(main, "worktree", "add", "-q", tmp.resolve("wt").toString());
        Path worktree = main.resolve(".git/worktrees/wt");
        assertThat(GitPointerFiles.commondir(worktree).map(p -> p.normalize())).contains(main.resolve(".git"));

        Path odd = main.resolve(".git/worktrees/.. ");
        SandboxedWorkspace.gitOut(tmp, "init", "-q", "--bare", odd.toString());
        Files.writeString(worktree.resolve("commondir"), "../.. ");
        assertThat(Path.of(SandboxedWorkspace.gitOut(tmp.resolve("wt"), "rev-parse", "--git-common-dir").replaceAll("\n$", "")))
                .as("git's common folder").isEqualTo(odd);
        assertThat(GitPointerFiles.commondir(worktree).map(p -> p.normalize())).contains(odd);
        assertThat(InertRepository.linkedWorktree(worktree, main.resolve(".git")).get(worktree.resolve("commondir")).why())
                .as("a commondir that leads elsewhere is taken out").contains("another repository");
        List<Path> files = new ArrayList<>();
        List<Path> hooks = new ArrayList<>();
        GitDirLinks.watched(worktree, tmp.resolve("wt"), List.of(), files, hooks);
        assertThat(hooks.stream().map(Path::normalize)).contains(odd.resolve("hooks"));
    }
}
