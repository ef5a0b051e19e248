package dev.fathom.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.tools.ToolResult;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code .git/info/exclude} and {@code core.excludesFile} reached through symlinks, as GNU stow and other dotfile
 * managers leave them. git 2.39 follows such a link (a chain of them too) and reads the regular file at its end; a link
 * to nothing or into a loop gives no rules; a folder at the end stops git with "cannot use ... as an exclude file"; a
 * FIFO at the end makes git block until something writes to it. Fathom follows the link as git does, fails as git does
 * on a folder, and never opens a FIFO or a device. The states git can answer are in {@link StatusShortcutTruthTest}.
 */
class ExcludesFileLinkTest {
    @TempDir
    Path tmp;

    /** Both excludes files are symlinks into a stow-style dotfiles folder; one of them through a chain of two links. */
    static Path linkedExcludes(Path root) {
        Path repo = RepoStates.base(root.resolve("repo"));
        Path dotfiles = root.resolve("dotfiles");
        RepoStates.write(dotfiles.resolve("git/ignore"), "*.bak\n");
        RepoStates.write(dotfiles.resolve("git/exclude"), "secret.txt\nnotes/\n");
        link(dotfiles.resolve("ignore-link"), Path.of("git/ignore"));
        link(root.resolve("ignore-via-two-links"), dotfiles.resolve("ignore-link"));
        RepoStates.git(repo, "config", "core.excludesFile", root.resolve("ignore-via-two-links").toString());
        delete(repo.resolve(".git/info/exclude"));
        link(repo.resolve(".git/info/exclude"), Path.of("../../../dotfiles/git/exclude")); // relative to the link's folder
        RepoStates.write(repo.resolve("secret.txt"), "ignored by the linked info/exclude\n");
        RepoStates.write(repo.resolve("notes/a.txt"), "ignored folder\n");
        RepoStates.write(repo.resolve("old.bak"), "ignored by the linked global file\n");
        RepoStates.write(repo.resolve("sub/older.bak"), "ignored too\n");
        RepoStates.write(repo.resolve("new.txt"), "untracked\n");
        return repo;
    }

    /** Links that lead to no rules: info/exclude to nothing, the global file through a link to a link to nothing. */
    static Path excludesLeadingNowhere(Path root) {
        Path repo = RepoStates.base(root.resolve("repo"));
        delete(repo.resolve(".git/info/exclude"));
        link(repo.resolve(".git/info/exclude"), root.resolve("not-there"));
        link(root.resolve("dangling"), root.resolve("gone"));
        link(root.resolve("to-dangling"), root.resolve("dangling"));
        RepoStates.git(repo, "config", "core.excludesFile", root.resolve("to-dangling").toString());
        RepoStates.write(repo.resolve("new.txt"), "untracked\n");
        RepoStates.write(repo.resolve("x.bak"), "untracked too\n");
        return repo;
    }

    /** The global excludes file is a link to the null device: git reads it, and it is empty. */
    static Path excludesLinkedToDevNull(Path root) {
        Path repo = RepoStates.base(root.resolve("repo"));
        link(root.resolve("null-link"), Path.of("/dev/null"));
        RepoStates.git(repo, "config", "core.excludesFile", root.resolve("null-link").toString());
        RepoStates.write(repo.resolve("new.txt"), "untracked\n");
        return repo;
    }

    @Test
    void anExcludesFileLinkedToAFolderStopsStatusAsGitDoes() {
        Path repo = RepoStates.base(tmp.resolve("repo"));
        Path folder = tmp.resolve("dotfiles/exclude");
        mkdirs(folder);
        delete(repo.resolve(".git/info/exclude"));
        link(repo.resolve(".git/info/exclude"), folder);
        RepoStates.write(repo.resolve("new.txt"), "untracked\n");

        ToolResult fathom = GitTruthTest.call(repo, "git_status", "{}");
        String git = GitTruthTest.git(repo, "status", "--porcelain=v2", "-uall");

        assertThat(git).isEqualTo("fatal: cannot use .git/info/exclude as an exclude file");
        assertThat(fathom.error()).as(fathom.output()).isTrue();
        assertThat(fathom.output()).contains("cannot use").contains("info/exclude").contains("as an exclude file").doesNotContain("\n");
    }

    @Test
    void anExcludesFileLinkInALoopGivesNoRules() {
        Path repo = RepoStates.base(tmp.resolve("repo"));
        link(tmp.resolve("loop"), tmp.resolve("loop"));
        RepoStates.git(repo, "config", "core.excludesFile", tmp.resolve("loop").toString());
        RepoStates.write(repo.resolve("new.txt"), "untracked\n");

        ToolResult fathom = GitTruthTest.call(repo, "git_status", "{}");

        // git warns "Too many levels of symbolic links" and goes on without the file's rules
        assertThat(GitTruthTest.git(repo, "status", "--porcelain=v2", "-uall")).startsWith("warning: unable to access").endsWith("? new.txt");
        assertThat(fathom.error()).as(fathom.output()).isFalse();
        RepoStates.git(repo, "config", "--unset", "core.excludesFile");
        assertThat(GitTruthTest.fathomStatus(fathom.output())).isEqualTo(GitTruthTest.gitStatus(repo, Map.of())).contains("untracked new.txt");
    }

    @Test
    void anExcludesFileLinkedToAFifoIsNeverOpened() throws Exception {
        Path repo = RepoStates.base(tmp.resolve("repo"));
        Path fifo = tmp.resolve("dotfiles/ignore-fifo");
        mkdirs(fifo.getParent());
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor()).isZero();
        link(tmp.resolve("ignore-link"), fifo);
        RepoStates.git(repo, "config", "core.excludesFile", tmp.resolve("ignore-link").toString());
        RepoStates.write(repo.resolve("new.txt"), "untracked\n");
        // A writer waits at the FIFO with a rule that would hide new.txt: had Fathom opened the FIFO, it would have read
        // that rule and new.txt would be missing below (and without the writer, the open would block for ever, as git's does).
        AtomicBoolean written = new AtomicBoolean();
        Thread writer = writeWhenOpened(fifo, "new.txt\n", written);

        ToolResult fathom = GitTruthTest.call(repo, "git_status", "{}");

        assertThat(written).as("Fathom opened the FIFO and read from it").isFalse();
        Files.newInputStream(fifo).close(); // lets the writer's open return
        writer.join();
        assertThat(fathom.error()).as(fathom.output()).isFalse();
        RepoStates.git(repo, "config", "--unset", "core.excludesFile");
        assertThat(GitTruthTest.fathomStatus(fathom.output())).as(fathom.output()).isEqualTo(GitTruthTest.gitStatus(repo, Map.of()))
                .contains("untracked new.txt");
    }

    /**
     * The tools that go through JGit's own walk (git_commit stages with it, git_diff lists with it) never open a FIFO
     * either, at {@code core.excludesFile} or at {@code .git/info/exclude}: JGit would open it and block for ever when
     * nothing writes to it. Here a writer waits with a rule that would hide new.txt, so an open shows as a read rule.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0} with a FIFO as {1}")
    @org.junit.jupiter.params.provider.CsvSource({"git_commit, core.excludesFile", "git_commit, info/exclude",
            "git_diff, core.excludesFile", "git_diff, info/exclude"})
    void theJGitWalksNeverOpenAFifoExcludesFile(String tool, String where) throws Exception {
        Path repo = RepoStates.base(tmp.resolve("repo"));
        Path fifo = tmp.resolve("dotfiles/fifo");
        mkdirs(fifo.getParent());
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor()).isZero();
        if (where.equals("info/exclude")) {
            delete(repo.resolve(".git/info/exclude"));
            link(repo.resolve(".git/info/exclude"), fifo);
        } else {
            RepoStates.git(repo, "config", "core.excludesFile", fifo.toString());
        }
        RepoStates.write(repo.resolve("new.txt"), "untracked\n");
        RepoStates.write(repo.resolve("a.txt"), "changed\n");
        AtomicBoolean written = new AtomicBoolean();
        Thread writer = writeWhenOpened(fifo, "new.txt\n", written);

        ToolResult fathom = GitTruthTest.call(repo, tool, tool.equals("git_commit") ? "{\"message\":\"all\"}" : "{}");

        assertThat(written).as("Fathom opened the FIFO and read from it: " + fathom.output()).isFalse();
        Files.newInputStream(fifo).close(); // lets the writer's open return
        writer.join();
        assertThat(fathom.error()).as(fathom.output()).isFalse();
        if (tool.equals("git_commit")) {
            assertThat(GitTruthTest.git(repo, "ls-tree", "-r", "--name-only", "HEAD")).as("new.txt was not ignored").contains("new.txt");
        } else {
            assertThat(fathom.output()).contains("diff --git a/a.txt b/a.txt");
        }
    }

    /** A daemon thread that waits to write {@code text} into the FIFO, and says so once a reader opened it. */
    private static Thread writeWhenOpened(Path fifo, String text, AtomicBoolean written) {
        Thread writer = new Thread(() -> {
            try (OutputStream out = Files.newOutputStream(fifo)) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
                written.set(true);
            } catch (IOException readerWentAway) {
                // the unblocking open at the end of the test closes at once
            }
        });
        writer.setDaemon(true);
        writer.start();
        return writer;
    }

    private static void link(Path link, Path target) {
        try {
            Files.createDirectories(link.getParent());
            Files.createSymbolicLink(link, target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
