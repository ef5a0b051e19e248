package dev.fathom.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fathom.testing.DemoRepo;
import dev.fathom.testing.FakeV4Server;
import dev.fathom.testing.Reply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The interactive assistant in a real terminal (tmux): a turn, slash commands, an approval, Esc. */
class InteractiveTmuxTest {
    @TempDir
    Path tmp;
    Path repo;
    FakeV4Server server;
    String session;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(run("tmux", "-V").startsWith("tmux"), "tmux is not installed");
        repo = DemoRepo.create(tmp.resolve("repo"));
        server = FakeV4Server.start();
        session = "fathom-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        Path home = Files.createDirectories(tmp.resolve("home"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path script = tmp.resolve("start.sh");
        Files.writeString(script, "#!/bin/sh\nexport DEEPSEEK_API_KEY=" + server.apiKey() + " DEEPSEEK_BASE_URL=" + server.baseUrl()
                + " FATHOM_HOME=" + home.resolve(".fathom") + " HOME=" + home + " TERM=xterm-256color\ncd " + repo + "\nexec " + java
                + " -cp '" + System.getProperty("java.class.path") + "' dev.fathom.cli.Main\n");
        script.toFile().setExecutable(true);
        run("tmux", "new-session", "-d", "-s", session, "-x", "120", "-y", "40", script.toString());
        waitFor("/help lists commands", 20_000);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (session != null) {
            run("tmux", "kill-session", "-t", session);
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aTurnSlashCommandsAnApprovalAndEsc() throws Exception {
        server.enqueue(Reply.text("## Hello\nThe answer is **42**."));
        type("What is the answer?", "Enter");
        waitFor("The answer is 42", 10_000);

        type("/help", "Enter");
        waitFor("/compact", 5_000);

        server.enqueue(Reply.toolCall("edit_file", "{\"file_path\":\"src/App.java\",\"old_string\":\"Hello\",\"new_string\":\"Howdy\"}"))
                .enqueue(Reply.text("Edited."));
        type("Change the greeting", "Enter");
        waitFor("[y]es", 10_000);
        type("y");
        waitFor("Edited.", 10_000);
        assertThat(Files.readString(repo.resolve("src/App.java"))).contains("Howdy");
        waitFor("+        return \"Howdy\";", 5_000);

        type("/approval full-auto", "Enter");
        waitFor("approval full-auto", 10_000);
        server.enqueue(Reply.toolCall("bash", "{\"command\":\"sleep 30\"}"));
        type("Wait a while", "Enter");
        waitFor("\u2026 bash sleep 30", 10_000);
        long t0 = System.nanoTime();
        type("Escape");
        waitFor("(stopped; the conversation is kept)", 8_000);
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(8_000);

        type("/cost", "Enter");
        waitFor("prompt tokens", 5_000);
        type("/exit", "Enter");
        long end = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < end && run("tmux", "has-session", "-t", session).isEmpty()) {
            Thread.sleep(200);
        }
    }

    private void type(String... keys) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tmux", "send-keys", "-t", session));
        for (String k : keys) {
            cmd.add(k);
        }
        if (keys.length == 1 && !keys[0].equals("Escape") && !keys[0].equals("Enter")) {
            cmd.add(2, "-l");
        }
        run(cmd.toArray(String[]::new));
    }

    private String screen() throws Exception {
        return run("tmux", "capture-pane", "-p", "-J", "-S", "-200", "-t", session);
    }

    private void waitFor(String text, long millis) throws Exception {
        long end = System.currentTimeMillis() + millis;
        String last = "";
        while (System.currentTimeMillis() < end) {
            last = screen();
            if (last.contains(text)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("did not see '" + text + "' on the screen:\n" + last);
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }
}
