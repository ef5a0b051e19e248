package dev.fathom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.git.Checkpoints;
import dev.fathom.testing.CliRun;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When undo asks first (the user changed files since Fathom's last change), the answer can take a while. The undo that
 * follows plans again on the tree as it is then, and overwrites nothing the user was not shown in the question.
 */
class UndoQuestionRaceTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final List<String> told = new ArrayList<>();

    /** a.txt and b.txt changed by the model; then the user's own edit of a.txt, which makes undo ask. */
    private Path repoWithAQuestion() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        Files.writeString(repo.resolve("a.txt"), "a\n");
        Files.writeString(repo.resolve("b.txt"), "b\n");
        CliRun.git(repo, "init", "-q");
        CliRun.git(repo, "add", ".");
        CliRun.git(repo, "-c", "user.name=T", "-c", "user.email=t@t", "commit", "-q", "-m", "init");
        Checkpoints checkpoints = Checkpoints.forWorkspace(repo, Map.of());
        int n = checkpoints.take("the model's turn");
        Files.writeString(repo.resolve("a.txt"), "the model's a\n");
        Files.writeString(repo.resolve("b.txt"), "the model's b\n");
        checkpoints.markAfter(n);
        Files.writeString(repo.resolve("a.txt"), "the user's a, listed in the question\n");
        return repo;
    }

    /** {@code fathom undo} answered "y", with {@code whileAsked} run while the question is open. */
    private int undo(Path repo, Runnable whileAsked) throws IOException {
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        UndoCommand undo = new UndoCommand();
        undo.root = new FathomCommand(new Launch(Map.of("PATH", System.getenv("PATH")), repo, o, o));
        undo.asker = new UndoCommand.Asker() {
            @Override
            public void tell(String line) {
                told.add(line);
            }

            @Override
            public boolean canAsk() {
                return true;
            }

            @Override
            public String ask(String question) {
                whileAsked.run();
                return "y";
            }
        };
        return undo.call();
    }

    @Test
    void aFileChangedWhileTheUserAnswersIsNotOverwritten() throws Exception {
        Path repo = repoWithAQuestion();

        int code = undo(repo, () -> write(repo.resolve("b.txt"), "the user's b, saved while the question was open\n"));

        assertThat(told).contains("  a.txt").doesNotContain("  b.txt");
        assertThat(code).isEqualTo(ExitCodes.FAILED);
        assertThat(told).contains("fathom: not undone: changed while you were answering: b.txt. Run undo again.");
        assertThat(Files.readString(repo.resolve("b.txt"))).isEqualTo("the user's b, saved while the question was open\n");
        assertThat(Files.readString(repo.resolve("a.txt"))).isEqualTo("the user's a, listed in the question\n");
    }

    @Test
    void withNothingChangedMeanwhileTheAnsweredUndoRestoresWhatWasListed() throws Exception {
        Path repo = repoWithAQuestion();

        int code = undo(repo, () -> { });

        assertThat(code).as(out.toString(StandardCharsets.UTF_8)).isEqualTo(ExitCodes.OK);
        assertThat(Files.readString(repo.resolve("a.txt"))).isEqualTo("a\n");
        assertThat(Files.readString(repo.resolve("b.txt"))).isEqualTo("b\n");
    }

    private static void write(Path file, String content) {
        try {
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
