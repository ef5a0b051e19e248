package dev.fathom.git;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fathom.testing.CliRun;
import dev.fathom.testing.DemoRepo;
import dev.fathom.testing.FakeV4Server;
import dev.fathom.testing.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A hostile repository plants code for git to run: hooks in {@code .git/hooks} or a {@code core.hooksPath} folder, a
 * {@code core.fsmonitor} command and a clean/smudge filter driver in {@code .git/config} bound by
 * {@code .gitattributes}. Fathom's own git (git_status, git_diff, git_commit, checkpoints, undo, fix --commit) runs none
 * of it: every planted program would create a marker file, and none is ever created, while the commits still happen.
 */
class RepositoryCodeNeverRunsTest {
    static final List<String> HOOKS = List.of("pre-commit", "prepare-commit-msg", "commit-msg", "post-commit", "post-checkout",
            "post-merge", "pre-push", "reference-transaction", "post-index-change", "pre-auto-gc");

    @TempDir
    Path tmp;
    Path repo;
    Path markers;
    FakeV4Server server;
    CliRun cli;

    @BeforeEach
    void setUp() throws IOException {
        markers = Files.createDirectories(tmp.resolve("markers"));
        server = FakeV4Server.start();
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    /** The demo repository with every kind of planted code; {@code hooksPath} puts the hooks in a core.hooksPath folder. */
    Path hostileRepo(boolean hooksPath) throws IOException {
        repo = DemoRepo.create(tmp.resolve("repo"));
        Files.writeString(repo.resolve(".gitattributes"), "*.md filter=evil\n*.txt filter=evil\n");
        Files.writeString(repo.resolve("notes.txt"), "notes\n");
        CliRun.git(repo, "add", ".");
        CliRun.git(repo, "commit", "-q", "-m", "attributes");
        Path hookDir = hooksPath ? Files.createDirectories(tmp.resolve("planted-hooks")) : repo.resolve(".git/hooks");
        for (String hook : HOOKS) {
            script(hookDir.resolve(hook), "touch '" + markers + "/hook-" + hook + "'");
        }
        if (hooksPath) {
            CliRun.git(repo, "config", "core.hooksPath", hookDir.toString());
        }
        Path fsmonitor = script(tmp.resolve("fsmonitor.sh"), "touch '" + markers + "/fsmonitor'");
        CliRun.git(repo, "config", "core.fsmonitor", fsmonitor.toString());
        for (String kind : List.of("clean", "smudge", "process")) {
            CliRun.git(repo, "config", "filter.evil." + kind, "touch '" + markers + "/filter-" + kind + "'; cat");
        }
        cli = new CliRun(Files.createDirectories(tmp.resolve("home")), repo).against(server);
        return repo;
    }

    static Path script(Path file, String body) throws IOException {
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    List<String> markersCreated() throws IOException {
        try (Stream<Path> s = Files.list(markers)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static String git(Path dir, String... args) {
        return CliRun.gitOutput(dir, args);
    }

    static String lastToolResult(JsonNode request) {
        JsonNode messages = request.path("messages");
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).path("role").asText().equals("tool")) {
                return messages.get(i).path("content").asText();
            }
        }
        throw new AssertionError("no tool message in request");
    }

    @ParameterizedTest(name = "hooks in core.hooksPath: {0}")
    @ValueSource(booleans = {false, true})
    void statusDiffCommitCheckpointAndUndoRunNothingAndTheCommitHappens(boolean hooksPath) throws Exception {
        hostileRepo(hooksPath);
        List<String> results = new ArrayList<>();
        server.enqueue(Reply.toolCall("write_file", "{\"file_path\":\"README.md\",\"content\":\"# Demo\\nchanged\\n\"}"))
                .enqueue(r -> {
                    results.add(lastToolResult(r));
                    return Reply.toolCall("git_status", "{}");
                })
                .enqueue(r -> {
                    results.add(lastToolResult(r));
                    return Reply.toolCall("git_diff", "{}");
                })
                .enqueue(r -> {
                    results.add(lastToolResult(r));
                    return Reply.toolCall("git_commit", "{\"message\":\"Change the readme\"}");
                })
                .enqueue(r -> {
                    results.add(lastToolResult(r));
                    return Reply.text("Committed.");
                });
        CliRun.Result run = cli.run("exec", "Change the readme and commit");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(markersCreated()).as("programs the repository planted").isEmpty();
        assertThat(results.get(1)).contains("M README.md");
        assertThat(results.get(2)).contains("+changed");
        assertThat(results.get(3)).startsWith("Committed ");
        assertThat(git(repo, "log", "-1", "--format=%s")).isEqualTo("Change the readme");
        assertThat(git(repo, "show", "HEAD:README.md")).isEqualTo("# Demo\nchanged");

        CliRun.Result undo = cli.run("undo", "--yes");
        assertThat(undo.exitCode()).as(undo.err()).isZero();
        assertThat(Files.readString(repo.resolve("README.md"))).isEqualTo("# Demo\n");
        assertThat(markersCreated()).as("programs the repository planted").isEmpty();
    }

    @Test
    void readOnlyStatusAndDiffOfAChangedFilteredFileRunNothing() throws Exception {
        hostileRepo(false);
        Files.writeString(repo.resolve("notes.txt"), "changed by the user\n");
        List<String> results = new ArrayList<>();
        server.enqueue(Reply.toolCall("git_status", "{}"))
                .enqueue(r -> {
                    results.add(lastToolResult(r));
                    return Reply.toolCall("git_diff", "{\"path\":\"notes.txt\"}");
                })
                .enqueue(r -> {
                    results.add(lastToolResult(r));
                    return Reply.text("Looked.");
                });
        CliRun.Result run = cli.run("--approval", "read-only", "exec", "What changed?");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(markersCreated()).as("programs the repository planted").isEmpty();
        assertThat(results.get(0)).contains("M notes.txt");
        assertThat(results.get(1)).contains("+changed by the user").contains("git filter `touch").contains("was not run");
    }

    @Test
    void fixCommitOnABranchRunsNothingAndCommits() throws Exception {
        hostileRepo(false);
        server.enqueue(Reply.toolCall("write_file", "{\"file_path\":\"notes.txt\",\"content\":\"good\\n\"}"))
                .enqueue(Reply.text("Wrote good into notes.txt."));
        CliRun.Result run = cli.run("fix", "--check", "grep -qx good notes.txt", "--branch", "fathom/fix", "--commit");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(markersCreated()).as("programs the repository planted").isEmpty();
        assertThat(git(repo, "log", "-1", "--format=%s")).startsWith("fix: wrote good into notes");
        assertThat(git(repo, "show", "HEAD:notes.txt")).isEqualTo("good");
    }

    @Test
    void aRequiredFilterIsNotRunAndTheCommitIsRefusedWithAReason() throws Exception {
        hostileRepo(false);
        CliRun.git(repo, "config", "filter.evil.required", "true");
        List<String> results = new ArrayList<>();
        server.enqueue(Reply.toolCall("write_file", "{\"file_path\":\"notes.txt\",\"content\":\"big\\n\"}"))
                .enqueue(r -> Reply.toolCall("git_commit", "{\"message\":\"Add big\"}"))
                .enqueue(r -> {
                    results.add(lastToolResult(r));
                    return Reply.text("Could not commit.");
                });
        CliRun.Result run = cli.run("exec", "Commit");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(markersCreated()).as("programs the repository planted").isEmpty();
        assertThat(results.get(0)).startsWith("Refused to commit").contains("git filter `touch").contains("required");
        assertThat(git(repo, "log", "-1", "--format=%s")).isEqualTo("attributes");
        assertThat(git(repo, "-c", "core.fsmonitor=false", "diff", "--cached", "--name-only")).as("nothing left staged").isEmpty();
    }
}
