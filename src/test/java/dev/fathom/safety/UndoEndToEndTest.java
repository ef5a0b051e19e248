package dev.fathom.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.testing.CliRun;
import dev.fathom.testing.DemoRepo;
import dev.fathom.testing.FakeV4Server;
import dev.fathom.testing.Reply;
import dev.fathom.testing.TreeHash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints before each changing turn, and undo: edits, a bash rm and a new file all come back out. */
class UndoEndToEndTest {
    @TempDir
    Path tmp;

    static String git(Path dir, String... args) {
        return CliRun.gitOutput(dir, args);
    }

    @Test
    void undoRestoresTheTreeWithoutTouchingTheUsersGitState() throws Exception {
        Path repo = DemoRepo.create(tmp.resolve("repo"));
        Files.writeString(repo.resolve(".gitignore"), "build/\n");
        Files.writeString(repo.resolve("untracked-notes.txt"), "mine\n");
        Files.createDirectories(repo.resolve("build"));
        Files.writeString(repo.resolve("build/out.bin"), "ignored\n");
        Files.writeString(repo.resolve("README.md"), "# Demo\nstaged change\n");
        CliRun.git(repo, "add", "README.md");
        String statusBefore = git(repo, "status", "--porcelain");
        String headBefore = git(repo, "rev-parse", "HEAD");
        String branchesBefore = git(repo, "for-each-ref", "refs/heads");
        String treeBefore = TreeHash.of(repo);

        try (FakeV4Server server = FakeV4Server.start()) {
            server.enqueue(Reply.toolCall("edit_file", "{\"file_path\":\"src/App.java\",\"old_string\":\"Hello\",\"new_string\":\"Bye\"}")
                            .andToolCall("bash", "{\"command\":\"rm README.md untracked-notes.txt\"}")
                            .andToolCall("write_file", "{\"file_path\":\"src/New.java\",\"content\":\"class New {}\\n\"}"))
                    .enqueue(Reply.text("Changed things."));
            CliRun cli = new CliRun(Files.createDirectories(tmp.resolve("home")), repo).against(server);
            CliRun.Result r = cli.run("exec", "Change things");
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(Files.exists(repo.resolve("src/New.java"))).isTrue();
            assertThat(Files.exists(repo.resolve("README.md"))).isFalse();

            assertThat(cli.run("checkpoints").out()).contains("undo 1").contains("checkpoint 1");
            CliRun.Result undo = cli.run("undo");
            assertThat(undo.exitCode()).as(undo.err()).isZero();
            assertThat(undo.out()).contains("restored src/App.java").contains("restored README.md").contains("removed  src/New.java");
            assertThat(TreeHash.of(repo)).as("the working tree is back").isEqualTo(treeBefore);
            assertThat(git(repo, "status", "--porcelain")).as("index untouched").isEqualTo(statusBefore);
            assertThat(git(repo, "rev-parse", "HEAD")).isEqualTo(headBefore);
            assertThat(git(repo, "for-each-ref", "refs/heads")).isEqualTo(branchesBefore);
            assertThat(git(repo, "stash", "list")).isEmpty();
            assertThat(Files.readString(repo.resolve("build/out.bin"))).isEqualTo("ignored\n");
        }
    }

    @Test
    void undoAsksFirstWhenTheUserChangedFilesAfterwards() throws Exception {
        Path repo = DemoRepo.create(tmp.resolve("repo"));
        try (FakeV4Server server = FakeV4Server.start()) {
            server.enqueue(Reply.toolCall("edit_file", "{\"file_path\":\"src/App.java\",\"old_string\":\"Hello\",\"new_string\":\"Bye\"}"))
                    .enqueue(Reply.text("Done."));
            CliRun cli = new CliRun(Files.createDirectories(tmp.resolve("home")), repo).against(server);
            assertThat(cli.run("exec", "Edit").exitCode()).isZero();
            Files.writeString(repo.resolve("src/App.java"), Files.readString(repo.resolve("src/App.java")) + "// my own edit\n");
            CliRun.Result refused = cli.run("undo");
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.err()).contains("changed after Fathom's last change").contains("src/App.java").contains("--yes");
            assertThat(Files.readString(repo.resolve("src/App.java"))).contains("// my own edit");
            assertThat(cli.run("undo", "--yes").exitCode()).isZero();
            assertThat(Files.readString(repo.resolve("src/App.java"))).isEqualTo(DemoRepo.APP);
            assertThat(cli.run("undo", "5").err()).contains("N must be between 1 and 1");
        }
    }
}
