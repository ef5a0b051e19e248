package dev.fathom.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which files glob lists, as git would see them: .gitignore syntax at its edges (escapes, comments, negation, folder
 * rules), rules of folders above the starting path, deeper rules overriding shallower ones, .git and symlinks skipped.
 */
class GitignoreWalkTest extends ToolTestSupport {

    /** Writes files with one modification time, so that glob lists them in path order. */
    private void files(String... paths) throws IOException {
        for (String rel : paths) {
            write(rel, "x\n");
        }
    }

    private void write(String rel, String content) throws IOException {
        Path p = ws.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        Files.setLastModifiedTime(p, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
    }

    /** The files git lists as untracked and not ignored, in path order. */
    private List<String> gitSees() throws Exception {
        Process init = new ProcessBuilder("git", "init", "-q").directory(ws.toFile()).redirectErrorStream(true).start();
        assertThat(init.waitFor()).isZero();
        Process ls = new ProcessBuilder("git", "-c", "core.excludesFile=/dev/null", "ls-files", "--others", "--exclude-standard", "-z")
                .directory(ws.toFile()).start();
        String out = new String(ls.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(ls.waitFor()).isZero();
        return java.util.Arrays.stream(out.split("\0")).filter(f -> !f.isEmpty()).sorted().toList();
    }

    private List<String> glob(String arguments) {
        return tools.call("glob", arguments).output().lines().toList();
    }

    @Test
    void escapesCommentsNegationAndFolderRulesReadAsGitReadsThem() throws Exception {
        files("#notes", "#comment", "!bang", "space ", "keep.log", "a.log", "build/out.txt", "docs/build", "x/y/deep.txt");
        write(".gitignore", "\\#notes\n#comment\n\\!bang\nspace\\ \n*.log\n!keep.log\nbuild/\n/\n\n");
        List<String> listed = glob("{\"pattern\":\"**\"}");
        assertThat(listed).containsExactly("#comment", ".gitignore", "docs/build", "keep.log", "x/y/deep.txt");
        assertThat(listed).as("what git sees").isEqualTo(gitSees());
    }

    @Test
    void aPatternGitCannotReadIsSkippedAndTheOthersStillApply() throws IOException {
        files("a.log", "b.txt");
        write(".gitignore", "[\n*.log\n");
        assertThat(glob("{\"pattern\":\"**\"}")).containsExactly(".gitignore", "b.txt");
    }

    @Test
    void rulesOfFoldersAboveTheStartingPathApplyAndDeeperRulesWin() throws IOException {
        files("src/a.tmp", "src/b.txt", "src/main/c.tmp", "src/main/keep.tmp", "src/main/d.md", "src/other/e.md", "src/other/keep.tmp");
        write(".gitignore", "*.tmp\n");
        write("src/main/.gitignore", "!keep.tmp\n*.md\n");
        assertThat(glob("{\"pattern\":\"*\",\"path\":\"src\"}")).containsExactly("src/b.txt", "src/main/.gitignore", "src/main/keep.tmp",
                "src/other/e.md");
        assertThat(glob("{\"pattern\":\"*\",\"path\":\"src/main\"}")).containsExactly("src/main/.gitignore", "src/main/keep.tmp");
    }

    @Test
    void gitFoldersAndSymlinksAreNotListed() throws IOException {
        files("a.txt", "sub/.git/config", "sub/b.txt");
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "s\n");
        Files.createSymbolicLink(ws.resolve("link-dir"), outside);
        Files.createSymbolicLink(ws.resolve("link.txt"), ws.resolve("a.txt"));
        assertThat(glob("{\"pattern\":\"**\"}")).containsExactly("a.txt", "sub/b.txt");
    }

    @Test
    void theFileListForCompletionStopsAtItsLimit() throws IOException {
        files("a.txt", "b.txt", "c.txt");
        List<String> two = WorkspaceFiles.list(ws, 2);
        assertThat(two).hasSize(2);
        assertThat(WorkspaceFiles.list(ws, 10)).containsExactlyInAnyOrder("a.txt", "b.txt", "c.txt");
    }
}
