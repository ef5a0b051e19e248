package dev.fathom.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.testing.DemoRepo;
import dev.fathom.testing.FakeV4Server;
import dev.fathom.testing.Reply;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The interactive assistant with no terminal at all (input and output are pipes): plain text, no JLine warnings. */
class InteractivePipeTest {
    @TempDir
    Path tmp;

    @Test
    void promptsFromAPipeAreAnsweredInPlainText() throws Exception {
        Path repo = DemoRepo.create(tmp.resolve("repo"));
        String text = answer(repo);
        assertThat(text).as("a git repository has checkpoints").doesNotContain("no checkpoints");
    }

    @Test
    void outsideAGitRepositoryTheAssistantSaysOnceThatThereIsNoUndo() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("plain"));
        Files.writeString(folder.resolve("notes.txt"), "not in git\n");
        String text = answer(folder);
        assertThat(text).containsOnlyOnce("not a git repository: no checkpoints, so /undo cannot restore what this session changes");
    }

    private String answer(Path repo) throws Exception {
        try (FakeV4Server server = FakeV4Server.start()) {
            server.enqueue(Reply.text("## Result\nThe answer is **42**.\n| a | b |\n|---|---|\n| 1 | 2 |"));
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), "dev.fathom.cli.Main", "--interactive").directory(repo.toFile());
            pb.environment().put("DEEPSEEK_API_KEY", server.apiKey());
            pb.environment().put("DEEPSEEK_BASE_URL", server.baseUrl());
            pb.environment().put("FATHOM_HOME", Files.createDirectories(tmp.resolve("home")).toString());
            pb.environment().put("TERM", "xterm-256color");
            Process p = pb.start();
            try (OutputStream in = p.getOutputStream()) {
                in.write("What is the answer?\n/cost\n".getBytes(StandardCharsets.UTF_8));
            }
            byte[] out = p.getInputStream().readAllBytes();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String text = new String(out, StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(text + err).isZero();
            assertThat(text).contains("The answer is **42**.", "a \u2502 b", "prompt tokens");
            assertThat(text + err).as("no escape sequences and no JLine warnings").doesNotContain("\u001b[").doesNotContainIgnoringCase("warning");
            return text;
        }
    }
}
