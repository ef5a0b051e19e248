package dev.fathom.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.testing.DemoRepo;
import dev.fathom.testing.FakeV4Server;
import dev.fathom.testing.Poll;
import dev.fathom.testing.Reply;
import dev.fathom.testing.Tmux;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interactive assistant in a real terminal (tmux): a turn, /cost and /context against the fake's usage, an
 * approval answered y and one answered n, an approval-mode change, and /exit leaving the terminal sane. (Esc during a
 * stream works in tmux by hand and from a plain JVM, but not from Surefire's forked JVM; see the closing note.)
 */
class InteractiveTmuxTest {
    /** How long a wait for the screen may take on a loaded machine; it returns as soon as the condition holds. */
    private static final java.time.Duration PATIENCE = java.time.Duration.ofSeconds(60);
    @TempDir
    Path tmp;
    Path repo;
    FakeV4Server server;
    Tmux tmux;

    @BeforeEach
    void setUp(org.junit.jupiter.api.TestInfo test) throws Exception {
        // Tests named ...NoColor... run with NO_COLOR set, ...DumbTerminal... with TERM=dumb.
        String name = test.getTestMethod().orElseThrow().getName();
        String term = name.contains("DumbTerminal") ? "dumb" : "xterm-256color";
        String noColor = name.contains("NoColor") ? " NO_COLOR=1" : "";
        dev.fathom.testing.Bubblewrap.requireTool(Tmux.available(), "tmux");
        repo = DemoRepo.create(tmp.resolve("repo"));
        server = FakeV4Server.start();
        Path home = Files.createDirectories(tmp.resolve("home"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path script = tmp.resolve("start.sh");
        // The shell traps Ctrl-C (a handler, not an ignore, so Fathom gets the default) to live on and record stty.
        Files.writeString(script, "#!/bin/sh\ntrap 'true' INT\nexport DEEPSEEK_API_KEY=" + server.apiKey() + " DEEPSEEK_BASE_URL=" + server.baseUrl()
                + " FATHOM_HOME=" + home.resolve(".fathom") + " HOME=" + home + " TERM=" + term + noColor + "\ncd " + repo + "\n" + java
                + " -cp '" + System.getProperty("java.class.path") + "' dev.fathom.cli.Main 2>" + tmp.resolve("stderr.txt") + "\nstty -a > " + tmp.resolve("stty.txt")
                + "\nsleep 60\n");
        script.toFile().setExecutable(true);
        tmux = Tmux.start(script.toString(), 120, 40).onFailure(this::diagnostics);
        // The prompt itself, not just the banner: the line reader is ready (bracketed paste on) once it is drawn.
        waitFor("Ctrl-D leaves\n\u203a", 60_000);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (tmux != null && !Boolean.getBoolean("fathom.keepTmux")) {
            tmux.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aTurnSlashCommandsApprovalsAndASaneExit() throws Exception {
        server.enqueue(Reply.text("## Hello\n| key | value |\n|---|---|\n| answer | 42 |\nThe answer is **42**."));
        long enter = System.nanoTime();
        type("What is the answer?", "Enter");
        waitFor("The answer is 42", 60_000);
        waitFor("answer \u2502 42", 60_000);
        System.out.printf("interactive: Enter to request received: %.1f ms%n", (server.requests().get(0).receivedNanos() - enter) / 1e6);

        type("/cost", "Enter");
        int prompt = FakeV4Server.promptTokens(server.requests().get(0).json());
        waitFor(String.format(java.util.Locale.ROOT, "%,d prompt tokens", prompt), 60_000);
        type("/context", "Enter");
        waitFor("of 1,048,576 tokens", 60_000);
        java.util.regex.Matcher context = java.util.regex.Pattern.compile("([0-9,]+) of 1,048,576 tokens").matcher(screen());
        assertThat(context.find()).isTrue();
        int shownTotal = Integer.parseInt(context.group(1).replace(",", ""));
        assertThat(shownTotal).as("the fake's prompt count for the last request plus the short answer since")
                .isBetween(prompt, prompt + 40);

        type("/help", "Enter");
        waitFor("/compact", 60_000);

        server.enqueue(Reply.toolCall("edit_file", "{\"file_path\":\"src/App.java\",\"old_string\":\"Hello\",\"new_string\":\"Howdy\"}"))
                .enqueue(Reply.text("Edited."));
        type("Change the greeting", "Enter");
        waitFor("[y]es", 60_000);
        type("y");
        waitFor("Edited.", 60_000);
        assertThat(Files.readString(repo.resolve("src/App.java"))).contains("Howdy");
        waitFor("+        return \"Howdy\";", 60_000);

        server.enqueue(Reply.toolCall("edit_file", "{\"file_path\":\"src/App.java\",\"old_string\":\"Howdy\",\"new_string\":\"Bye\"}"))
                .enqueue(Reply.text("Left it alone."));
        int prompts = count("[t]ell the model");
        int before = server.requests().size();
        long again = System.nanoTime();
        type("Change it again", "Enter");
        waitFor("[t]ell the model", 60_000, 100, prompts + 1);
        System.out.printf("interactive: Enter to request received, a later turn: %.1f ms%n",
                (server.requests().get(before).receivedNanos() - again) / 1e6);
        type("n");
        waitFor("Left it alone.", 60_000);
        assertThat(Files.readString(repo.resolve("src/App.java"))).contains("Howdy").doesNotContain("Bye");
        assertThat(dev.fathom.cli.ExecFailuresTestAccess.toolResults(server.requests().get(server.requests().size() - 1).json()))
                .last().asString().contains("the user declined");

        type("/approval full-auto", "Enter");
        waitFor("approval full-auto", 60_000);

        type("/cost", "Enter");
        waitFor("prompt tokens", 60_000, 100, 2);
        type("/exit", "Enter");
        assertThat(sttyAfterExit()).as("/exit leaves the terminal sane").contains(" icanon").contains(" echo ").doesNotContain("-icanon");
    }

    @Test
    void escStopsASlowStreamAndTheNextPromptContinuesTheConversation() throws Exception {
        StringBuilder longAnswer = new StringBuilder();
        for (int i = 1; i <= 400; i++) {
            longAnswer.append("Line ").append(i).append(" of a long and slow answer.\n");
        }
        // The stream waits for the test twice: after line 39 (the screen is full) while the window is resized, and after
        // line 63 until Esc. Left to the clock, it could end before Esc on a slow machine, and text written for the old
        // size could reach tmux after it resized its screen, an order no program can control.
        CountDownLatch resized = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        server.enqueue(Reply.text(longAnswer.toString()).fragments(12).chunkDelay(20)
                .holdBefore(eventAfterLine(longAnswer, 39, 12), resized).holdBefore(eventAfterLine(longAnswer, 63, 12), stopped));
        try {
            type("Tell me a long story", "Enter");
            waitFor("Line 3 of", 60_000, 10);

            // Keys typed while the answer streams are shown at once above the status line, and become the next input.
            List<Double> latencies = new ArrayList<>();
            String typed = "";
            for (String key : List.of("G", "o", " ", "o", "n")) {
                typed += key;
                long pressed = System.nanoTime();
                type(key);
                waitFor("\u203a " + typed + StatusLine.CURSOR, 60_000, 2);
                latencies.add((System.nanoTime() - pressed) / 1e6);
            }
            System.out.printf("interactive: keystroke to screen while streaming: %s ms%n", latencies);
            saveScreen("streaming.txt", tmux.visible(false)); // rows as shown, not joined
            waitFor("Line 39 of a long and slow answer.", 60_000); // all the text before the hold is shown
            // A resize while the turn runs: the status line is laid out again for the new size, at the bottom, and the
            // answer goes on above it. The text resumes once the program's terminal has the new size (tmux's own screen
            // changes first).
            tmux.resize(70, 30);
            assertThat(Poll.until(PATIENCE, () -> paneSize().equals("30 70"))).as("the program's terminal was resized").isTrue();
            resized.countDown();
            waitFor("Line 63 of a long and slow answer.", 60_000);
            // Held again: nothing changes now but the spinner and the clock, once the status line is laid out for the size.
            List<String> answerRows = new ArrayList<>();
            for (int i = 37; i <= 63; i++) {
                answerRows.add("Line " + i + " of a long and slow answer.");
            }
            answerRows.add("");
            List<List<String>> seen = new ArrayList<>(List.of(List.of()));
            Poll.until(PATIENCE, () -> {
                seen.set(0, visible().lines().map(String::stripTrailing).toList());
                List<String> r = seen.get(0);
                return r.size() == 30 && r.get(29).contains("Esc stops") && r.get(28).startsWith("\u203a Go on")
                        && r.subList(0, 28).equals(answerRows);
            });
            List<String> rows = seen.get(0);
            assertThat(rows).as("status line at the bottom of the resized window").hasSize(30);
            assertThat(rows.get(29)).contains("Esc stops");
            assertThat(rows.get(28)).startsWith("\u203a Go on");
            assertThat(rows.subList(0, 28)).as("the answer above it, every line once, in order").isEqualTo(answerRows);
            assertThat(rows).allSatisfy(r -> assertThat(MarkdownTable.width(r)).isLessThanOrEqualTo(70));

            long esc = System.nanoTime();
            type("Escape");
            waitFor("(stopped", 60_000, 5);
            double millis = (System.nanoTime() - esc) / 1e6;
            System.out.printf("interactive: Esc to stopped on screen: %.1f ms%n", millis);
            assertThat(screen()).as("the stream was held after line 63; nothing after it is shown").doesNotContain("Line 64 of");
            String joined = screen();
            StringBuilder all = new StringBuilder();
            for (int i = 1; i <= 63; i++) {
                all.append("Line ").append(i).append(" of a long and slow answer.\n");
            }
            assertThat(joined).as("the whole answer, every line once, in order").contains(all);

            server.enqueue(Reply.text("Continuing."));
            waitFor("\u203a Go on", 60_000, 5);
            type("Enter");
            waitFor("Continuing.", 60_000);
            String second = server.requests().get(1).body();
            assertThat(second).contains("Tell me a long story").contains("Line 3 of a long").contains("[interrupted by the user]")
                    .contains("\"Go on\"");
            saveScreen("interrupted.txt", screen());
        } finally {
            resized.countDown();
            stopped.countDown();
        }
    }

    /** The data event after which {@code text}'s line {@code line} has been sent whole, in fragments of {@code chars}. */
    private static int eventAfterLine(CharSequence text, int line, int chars) {
        int end = 0;
        for (int i = 0; i < line; i++) {
            end = text.toString().indexOf('\n', end) + 1;
        }
        if (end % chars != 0) {
            throw new IllegalArgumentException("line " + line + " ends inside a fragment, at " + end);
        }
        return 1 + end / chars; // event 0 is the role
    }

    @Test
    void slashCommandsShellCommandsMultiLineInputAndCompletion() throws Exception {
        server.enqueue(Reply.toolCall("edit_file", "{\"file_path\":\"src/App.java\",\"old_string\":\"Hello\",\"new_string\":\"Howdy\"}"))
                .enqueue(Reply.text("Edited."));
        type("first line\\", "Enter");
        type("second line", "Enter");
        waitFor("[y]es", 60_000);
        type("a");
        waitFor("Edited.", 60_000);
        assertThat(server.requests().get(0).json().path("messages").get(1).path("content").asText()).isEqualTo("first line\nsecond line");

        type("/diff", "Enter");
        waitFor("+        return \"Howdy\";", 60_000, 100, 2);
        type("!git status --short", "Enter");
        waitFor(" M src/App.java", 60_000);
        assertThat(screen()).contains(" M src/App.java");
        type("/undo", "Enter");
        waitFor("1 file(s) restored", 60_000);
        assertThat(Files.readString(repo.resolve("src/App.java"))).isEqualTo(DemoRepo.APP);

        type("/comp");
        type("Tab");
        waitFor("\u203a /compact", 60_000);
        type("C-u");
        type("/model flash", "Enter");
        waitFor("ok: deepseek-flash", 60_000);
        server.enqueue(Reply.text("Flash here."));
        type("Who are you?", "Enter");
        waitFor("Flash here.", 60_000);
        assertThat(server.requests().get(server.requests().size() - 1).json().path("model").asText()).isEqualTo("deepseek-flash");
        assertThat(server.requests().get(server.requests().size() - 1).body()).as("the same session goes on").contains("second line");

        server.enqueue(Reply.text("Summary: the user asked for a greeting change, which was made and undone."));
        type("/compact greeting", "Enter");
        waitFor("compacted", 60_000);
        assertThat(server.requests().get(server.requests().size() - 1).body()).contains("greeting");

        String first = sessionIds().get(0);
        type("/clear", "Enter");
        waitFor("new session ", 60_000);
        type("/sessions", "Enter");
        waitFor(first, 60_000, 100, 1);
        type("/resume " + first, "Enter");
        waitFor("resumed " + first, 60_000);
        type("/reasoning", "Enter");
        waitFor("reasoning hidden", 60_000);
        server.enqueue(Reply.text("Hidden thoughts done.").reasoning("A secret chain of thought."));
        type("Think quietly", "Enter");
        waitFor("Hidden thoughts done.", 60_000);
        assertThat(screen()).contains("thought for").contains("26 characters").doesNotContain("A secret chain");
        type("/exit", "Enter");
        sttyAfterExit();
        Path history = Files.list(tmp.resolve("home/.fathom/history")).findFirst().orElseThrow();
        assertThat(Files.readString(history)).contains("/model flash", "Who are you?");
    }

    private List<String> sessionIds() throws IOException {
        try (var files = Files.walk(tmp.resolve("home/.fathom/sessions"))) {
            return files.filter(p -> p.toString().endsWith(".jsonl")).sorted()
                    .map(p -> p.getFileName().toString().replace(".jsonl", "")).toList();
        }
    }

    @Test
    void aLargePastedBlockBecomesOnePrompt() throws Exception {
        StringBuilder block = new StringBuilder("Explain this log:");
        for (int i = 1; i <= 500; i++) {
            block.append("\n").append(i).append(": ERROR something failed at App.java:").append(i);
        }
        server.enqueue(Reply.text("It fails 500 times."));
        tmux.paste(Files.writeString(tmp.resolve("paste.txt"), block));
        // The whole paste is in the input first (its last line on the screen), then nothing may have been sent.
        waitFor("500: ERROR something failed at App.java:500", 60_000);
        assertThat(server.requests()).as("a pasted newline does not send").isEmpty();
        type("Enter");
        waitFor("It fails 500 times.", 60_000);
        assertThat(server.requests().get(0).json().path("messages").get(1).path("content").asText()).isEqualTo(block.toString());
    }

    @Test
    void withNoColorTheOutputIsPlain() throws Exception {
        assertPlainTurn();
    }

    @Test
    void inADumbTerminalTheOutputIsPlain() throws Exception {
        assertPlainTurn();
    }

    private void assertPlainTurn() throws Exception {
        server.enqueue(Reply.toolCall("read_file", "{\"file_path\":\"src/App.java\"}"))
                .enqueue(Reply.text("## Title\nThe answer is **42** in `App`.\n| a | b |\n|---|---|\n| \u7f16\u8f91 | 2 |"));
        type("What is in App?", "Enter");
        waitFor("\u7f16\u8f91 \u2502 2", 60_000);
        String styled = tmux.visible(true);
        assertThat(styled).as("no colours or styles").doesNotContain("\u001b[");
        assertThat(styled).contains("## Title", "The answer is **42** in `App`.", "\u2713 read_file src/App.java", "a    \u2502 b");
        type("/exit", "Enter");
        assertThat(sttyAfterExit()).contains(" icanon");
    }

    @Test
    void resumeWithoutAPromptOpensTheAssistantOnTheSession() throws Exception {
        server.enqueue(Reply.text("The first answer."));
        type("Remember the word pelican", "Enter");
        waitFor("The first answer.", 60_000);
        type("/resume nosuchsession", "Enter");
        waitFor("no session 'nosuchsession'", 60_000);
        type("/exit", "Enter");
        sttyAfterExit();
        tmux.close();

        Path script = tmp.resolve("start.sh");
        Files.writeString(script, Files.readString(script).replace("dev.fathom.cli.Main", "dev.fathom.cli.Main resume --last"));
        Files.deleteIfExists(tmp.resolve("stty.txt"));
        tmux = Tmux.start(script.toString(), 120, 40).onFailure(this::diagnostics);
        waitFor("last prompt: Remember the word pelican", 60_000);
        waitFor("last answer: The first answer.", 60_000);
        server.enqueue(Reply.text("Pelican."));
        type("Which word?", "Enter");
        waitFor("Pelican.", 60_000);
        String body = server.requests().get(server.requests().size() - 1).body();
        assertThat(body).contains("Remember the word pelican", "The first answer.", "Which word?");
        var before = server.requests().get(0).json().path("messages");
        var after = server.requests().get(1).json().path("messages");
        assertThat(after.get(0)).isEqualTo(before.get(0));
        assertThat(after.get(1)).as("the resumed conversation starts as the first one did").isEqualTo(before.get(1));
    }

    @Test
    void pathMentionsCompleteFoldedOutputExpandsAndTellSendsInstructions() throws Exception {
        Files.writeString(repo.resolve(".gitignore"), "build/\n");
        Files.createDirectories(repo.resolve("build"));
        Files.writeString(repo.resolve("build/Generated.java"), "class Generated {}\n");
        type("Look at @src/Ap");
        type("Tab");
        waitFor("@src/App.java", 60_000);
        type("C-u");
        type("@bui");
        type("Tab");
        // A key typed after Tab shows once the completion is done (keys are read in order); then the line is checked.
        type("Z");
        assertThat(Poll.until(PATIENCE, () -> visible().matches("(?s).*@bui\\S*Z.*"))).as(visible()).isTrue();
        assertThat(visible()).as("ignored files are not offered").contains("@buiZ").doesNotContain("build/Generated.java");
        type("C-u");

        StringBuilder listing = new StringBuilder();
        for (int i = 1; i <= 30; i++) {
            listing.append("echo line").append(i).append("; ");
        }
        listing.append("true > /dev/null"); // a redirection: not a plain read, so it is asked
        server.enqueue(Reply.toolCall("bash", "{\"command\":\"" + listing + "\"}"))
                .enqueue(Reply.toolCall("edit_file", "{\"file_path\":\"src/App.java\",\"old_string\":\"Hello\",\"new_string\":\"Yo\"}"))
                .enqueue(Reply.text("Understood."));
        type("Print thirty lines, then edit", "Enter");
        waitFor("[y]es", 60_000);
        type("y");
        waitFor("more lines (/expand shows them)", 60_000);
        waitFor("[y]es", 60_000, 100, 2);
        type("t");
        type("use Hi instead");
        type("Enter");
        waitFor("Understood.", 60_000);
        assertThat(Files.readString(repo.resolve("src/App.java"))).contains("Hello");
        assertThat(dev.fathom.cli.ExecFailuresTestAccess.toolResults(server.requests().get(server.requests().size() - 1).json()))
                .last().asString().contains("use Hi instead");
        type("/expand", "Enter");
        waitFor("line30", 60_000);
    }

    @Test
    void escKillsARunningCommand() throws Exception {
        server.enqueue(Reply.toolCall("bash", "{\"command\":\"sleep 600 && touch finished.txt\"}"))
                .enqueue(Reply.text("Next."));
        type("Run the slow thing", "Enter");
        waitFor("[y]es", 60_000);
        type("y");
        waitFor("running bash", 60_000, 20);
        // Esc once the command's sleep runs, so it stops a running command, not one still being started.
        List<ProcessHandle> command = new ArrayList<>();
        assertThat(Poll.until(PATIENCE, () -> {
            command.clear();
            command.addAll(commandProcesses("sleep 600"));
            return command.stream().anyMatch(InteractiveTmuxTest::isSleep);
        })).as("the command started").isTrue();
        long esc = System.nanoTime();
        type("Escape");
        waitFor("(stopped", 60_000, 5);
        System.out.printf("interactive: Esc to stopped with a running command: %.1f ms%n", (System.nanoTime() - esc) / 1e6);
        Poll.until(PATIENCE, () -> running(command).isEmpty());
        assertThat(running(command)).as("the command's processes are gone").isEmpty();
        assertThat(repo.resolve("finished.txt")).doesNotExist();
        type("And now?", "Enter");
        waitFor("Next.", 60_000);
        assertThat(server.requests().get(1).body()).contains("Run the slow thing");
    }

    @Test
    void ctrlCStopsATurnAndTwiceOnAnEmptyPromptLeaves() throws Exception {
        // The stream stops after 100 words until the server closes: on a slow machine it must not end before Ctrl-C.
        server.enqueue(Reply.text("word ".repeat(2_000)).fragments(10).chunkDelay(20).holdBefore(1 + 500 / 10, new CountDownLatch(1)));
        type("Say many words", "Enter");
        waitFor("word word", 60_000, 10);
        // Ctrl-C must not make the terminal driver drop output the program wrote but tmux had not yet read: a lost
        // cursor-restore left the prompt drawn over the notice ("› topped; the conversation is kept)").
        assertThat(tmux.paneSettings()).as("the terminal keeps output on Ctrl-C").containsPattern("(^|\\s)noflsh(\\s|$)")
                .as("during a turn Ctrl-C is the terminal's interrupt, not a key").containsPattern("(^|\\s)intr = \\^C;");
        type("C-c");
        waitFor("(stopped", 60_000, 10);
        type("half a line");
        waitFor("\u203a half a line", 60_000, 10);
        type("C-c");
        // Handled once a fresh, empty prompt follows the abandoned line (keys typed at once after Ctrl-C: the next test).
        assertThat(Poll.until(PATIENCE, () -> visible().matches("(?s).*\u203a half a line *\n\u203a *\n.*")))
                .as(visible()).isTrue();
        assertThat(screen()).as("Ctrl-C with text clears the line and stays").doesNotContain("Ctrl-C again");
        type("C-c");
        waitFor("(Ctrl-C again to leave)", 60_000, 10);
        type("C-c");
        assertThat(sttyAfterExit()).as("Ctrl-C twice leaves, the terminal sane and as it was").contains(" icanon").contains(" echo ")
                .doesNotContain("-icanon").contains("-noflsh").containsPattern("(^|\\s)intr = \\^C;").containsPattern("(^|\\s)isig(\\s|$)");
    }

    /**
     * Ctrl-C at the prompt is a key among keys: what is typed right after it (in the same burst, as a fast typist or a
     * paste does) starts the fresh prompt, and none of it lands in the abandoned line. When Ctrl-C was a signal, handled
     * apart from the key reading, screens like "› half a linek" / "› ept" showed up. Three rounds, each checked on the
     * request the endpoint received and on the screen.
     */
    @Test
    void keysTypedRightAfterCtrlCAtThePromptStartTheFreshLine() throws Exception {
        for (int round = 1; round <= 3; round++) {
            server.enqueue(Reply.text("Answer " + round + "."));
            type("half a line " + round);
            waitFor("\u203a half a line " + round, 60_000, 10);
            // One send-keys: Ctrl-C, the next words and Enter reach the terminal together.
            type("C-c", "kept words " + round, "Enter");
            int sent = round;
            assertThat(Poll.until(PATIENCE, () -> server.requests().size() >= sent)).as("a request was sent; the screen:\n" + screen())
                    .isTrue();
            assertThat(lastUserText(server.requests().get(round - 1).json())).as("the prompt sent; the screen:\n" + screen())
                    .isEqualTo("kept words " + round);
            waitFor("Answer " + round + ".", 60_000, 10);
            List<String> promptLines = screen().lines().filter(l -> l.startsWith("\u203a ")).map(String::stripTrailing).toList();
            assertThat(promptLines).as("the abandoned line stays as typed, the next one holds what followed Ctrl-C")
                    .contains("\u203a half a line " + round, "\u203a kept words " + round)
                    .allMatch(l -> !l.contains("half a line") || l.matches("\u203a half a line \\d"));
        }
        assertThat(screen()).as("Ctrl-C on a line with text does not count towards leaving").doesNotContain("Ctrl-C again");
        assertThat(tmux.paneSettings()).as("Ctrl-C is a key only while the prompt reads").containsPattern("(^|\\s)intr = <undef>;");
        type("C-d");
        assertThat(sttyAfterExit()).as("the terminal's own Ctrl-C and flags come back").containsPattern("(^|\\s)intr = \\^C;")
                .containsPattern("(^|\\s)isig(\\s|$)").contains("-noflsh").contains(" icanon");
    }

    /** The text of the last user message of a request. */
    private static String lastUserText(com.fasterxml.jackson.databind.JsonNode request) {
        String text = null;
        for (com.fasterxml.jackson.databind.JsonNode m : request.path("messages")) {
            if (m.path("role").asText().equals("user")) {
                text = m.path("content").asText();
            }
        }
        return text;
    }

    /** /undo over the user's own later edit asks first, and the answer typed at the assistant's prompt is the one read. */
    @Test
    void undoAsksBeforeOverwritingTheUsersLaterEdit() throws Exception {
        server.enqueue(Reply.toolCall("edit_file", "{\"file_path\":\"src/App.java\",\"old_string\":\"Hello\",\"new_string\":\"Howdy\"}"))
                .enqueue(Reply.text("Edited."));
        type("Change the greeting", "Enter");
        waitFor("[y]es", 60_000);
        type("a");
        waitFor("Edited.", 60_000);
        String users = Files.readString(repo.resolve("src/App.java")).replace("Howdy", "Good day");
        Files.writeString(repo.resolve("src/App.java"), users);

        type("/undo", "Enter");
        waitFor("Restore anyway? [y/N]", 60_000);
        type("n", "Enter");
        waitFor("not undone", 60_000);
        assertThat(Files.readString(repo.resolve("src/App.java"))).as("the user's edit is kept").isEqualTo(users);

        type("/undo", "Enter");
        waitFor("Restore anyway? [y/N]", 60_000, 100, 2);
        type("y", "Enter");
        waitFor("1 file(s) restored", 60_000);
        assertThat(Files.readString(repo.resolve("src/App.java"))).isEqualTo(DemoRepo.APP);
        type("/exit", "Enter");
        assertThat(sttyAfterExit()).contains(" icanon");
    }

    @Test
    void ctrlDLeaves() throws Exception {
        type("C-d");
        assertThat(sttyAfterExit()).contains(" icanon").contains(" echo ");
        try (var files = Files.walk(tmp.resolve("home/.fathom/native"))) {
            assertThat(files.map(p -> p.getFileName().toString())).as("JLine's library is kept under FATHOM_HOME, not copied to /tmp")
                    .contains(System.mapLibraryName("jlinenative"));
        }
    }

    /**
     * A typical session: reasoning, a plan, tool calls with their outcomes, an approved edit shown as a diff, a table,
     * then /cost and /context. The screen is written to target/screens/typical-session.txt (docs/ keeps a copy).
     */
    @Test
    void aTypicalSession() throws Exception {
        server.enqueue(Reply.toolCall("update_plan", "{\"items\":[{\"step\":\"Find the greeting\",\"status\":\"in_progress\"},"
                        + "{\"step\":\"Change it to Howdy\",\"status\":\"pending\"}]}")
                        .andToolCall("grep", "{\"pattern\":\"Hello\"}")
                        .reasoning("The user wants the greeting changed. I should find where it is defined first.")
                        .content("I'll find the greeting first."))
                .enqueue(Reply.toolCall("read_file", "{\"file_path\":\"src/App.java\"}"))
                .enqueue(Reply.toolCall("edit_file", "{\"file_path\":\"src/App.java\",\"old_string\":\"Hello\",\"new_string\":\"Howdy\"}"))
                .enqueue(Reply.toolCall("bash", "{\"command\":\"sleep 600; git diff --stat\"}"))
                .enqueue(Reply.text("Done. The greeting now says **Howdy**.\n\n| file | change |\n|---|---|\n| `src/App.java` | "
                        + "`Hello` \u2192 `Howdy` |\n\nRun your tests to confirm."));
        type("Change the greeting in App.java to Howdy", "Enter");
        waitFor("[y]es", 60_000);
        type("y");
        waitFor("[y]es", 60_000, 100, 2);
        type("y");
        // While the command runs its line has a spinner that turns, and the status line says what is running.
        waitFor("running bash", 60_000, 20);
        // Two different spinner frames on that line while the command runs (its outcome mark replaces the spinner). The
        // command's sleep lasts until the test ends it: a fixed 1.5 s could pass before a slow machine showed two frames.
        java.util.Set<String> frames = new java.util.LinkedHashSet<>();
        Poll.until(PATIENCE, () -> {
            String frame = spinnerOf("bash sleep 600");
            if (frame != null && frame.codePointAt(0) >= 0x2800 && frame.codePointAt(0) <= 0x28FF) {
                frames.add(frame);
            }
            return frames.size() >= 2 || (frame != null && !frames.isEmpty() && !frames.contains(frame));
        });
        assertThat(frames).as("spinner frames seen while the command ran").hasSizeGreaterThanOrEqualTo(2);
        List<ProcessHandle> sleep = commandProcesses("sleep 600").stream().filter(InteractiveTmuxTest::isSleep).toList();
        assertThat(sleep).as("the command's sleep runs").isNotEmpty();
        sleep.forEach(ProcessHandle::destroy); // the command goes on to git diff
        waitFor("Run your tests to confirm.", 60_000);
        assertThat(Files.readString(repo.resolve("src/App.java"))).contains("Howdy");
        type("/cost", "Enter");
        waitFor("prompt tokens", 60_000);
        type("/context", "Enter");
        waitFor("tool outputs", 60_000);
        String shown = screen();
        assertThat(shown).contains("\u2713 grep Hello", "\u2713 read_file src/App.java", "\u2713 bash sleep 600; git diff --stat",
                "+        return \"Howdy\";", "Find the greeting", "thinking:");
        saveScreen("typical-session.txt", shown);
    }

    /** Keeps a screen as text under target/screens (docs/ has copies). */
    private void saveScreen(String name, String shown) throws IOException {
        Path screens = Files.createDirectories(Path.of("target", "screens"));
        Files.writeString(screens.resolve(name), shown.replace(repo.toString(), "~/demo").replaceAll("(?m)[ \t]+$", "")
                .replaceAll("\n{3,}", "\n\n").strip() + "\n");
    }

    /**
     * This session's processes whose command line holds {@code text}: those under the tmux pane, not any on the machine
     * (other runs of the suite side by side, or AgentTest's "sleep 600; : marker", have theirs).
     */
    private List<ProcessHandle> commandProcesses(String text) {
        long pane;
        try {
            pane = tmux.panePid();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return ProcessHandle.of(pane).stream().flatMap(ProcessHandle::descendants)
                .filter(p -> p.info().commandLine().orElse("").contains(text)).toList();
    }

    private static boolean isSleep(ProcessHandle p) {
        return p.info().command().orElse("").endsWith("/sleep");
    }

    /**
     * Those of {@code processes} still alive, by process id, wherever they are now (one that outlived its parent is still
     * found). Zombies do not count: this container's init may not reap them.
     */
    private static List<String> running(List<ProcessHandle> processes) {
        return processes.stream().filter(p -> dev.fathom.cli.ExecFailuresTestAccess.running(p.pid()))
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("")).toList();
    }

    /** The terminal modes the start script records once Fathom has exited. */
    private String sttyAfterExit() throws Exception {
        Path stty = tmp.resolve("stty.txt");
        Poll.until(PATIENCE, () -> stty.toFile().length() > 0);
        assertThat(stty).as("Fathom exited; the screen:\n" + screen()).exists();
        return Files.readString(stty);
    }

    /** The character before {@code text} on the screen's line that holds it (a spinner frame), or null. */
    private String spinnerOf(String text) {
        for (String line : screen().split("\n")) {
            int at = line.indexOf(" " + text);
            if (at > 0) {
                return line.substring(at - 1, at);
            }
        }
        return null;
    }

    private void type(String... keys) throws Exception {
        tmux.type(keys);
    }

    private String screen() {
        try {
            return tmux.screen();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The pane's size as the program reads it ("rows columns"). */
    private String paneSize() {
        try {
            return tmux.paneSize();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The visible rows, without styles. */
    private String visible() {
        try {
            return tmux.visible(false);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void waitFor(String text, long millis) throws Exception {
        tmux.waitFor(text, millis, 100, 1);
    }

    private void waitFor(String text, long millis, long pollMillis) throws Exception {
        tmux.waitFor(text, millis, pollMillis, 1);
    }

    private void waitFor(String text, long millis, long pollMillis, int times) throws Exception {
        tmux.waitFor(text, millis, pollMillis, times);
    }

    private int count(String text) throws Exception {
        return tmux.count(text);
    }

    /** Fathom's stderr and the tail of its session logs, for a failed wait. */
    private String diagnostics() {
        try {
            Path err = tmp.resolve("stderr.txt");
            StringBuilder logs = new StringBuilder();
            try (var files = Files.walk(tmp.resolve("home"))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
                    List<String> lines = Files.readAllLines(f);
                    lines.subList(Math.max(0, lines.size() - 6), lines.size()).forEach(l -> logs.append(l, 0, Math.min(300, l.length())).append('\n'));
                }
            }
            return (Files.exists(err) ? "\nstderr:\n" + Files.readString(err) : "") + "\nsession log tail:\n" + logs;
        } catch (IOException e) {
            return "\n(no diagnostics: " + e + ")";
        }
    }
}
