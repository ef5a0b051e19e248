package dev.fathom.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.testing.DemoRepo;
import dev.fathom.testing.FakeV4Server;
import dev.fathom.testing.Reply;
import dev.fathom.testing.Tmux;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The daily assistant in a real terminal: an edit's diff before its approval, Shift+Tab and the approval mode on the
 * status line, the pickers, /status, /init, the resume hint, and word wrapping at 80 and 120 columns. Each test saves
 * its screen under target/screens (copied to docs/screens for the documentation).
 */
class AssistantTmuxTest {
    /** What a picker asks once its items are listed: the sign that the whole list is on the screen. */
    private static final String PICKER_PROMPT = "number (Enter keeps";
    @TempDir
    Path tmp;
    FakeV4Server server;
    AssistantScreen screen;
    Path repo;

    private void open(int width) throws Exception {
        dev.fathom.testing.Bubblewrap.requireTool(Tmux.available(), "tmux");
        repo = DemoRepo.create(tmp.resolve("repo"));
        server = FakeV4Server.start();
        screen = AssistantScreen.start(tmp, repo, server, width, 40);
        screen.waitFor("Ctrl-D leaves");
        screen.waitFor("\u203a");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (screen != null) {
            screen.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void anEditsDiffComesBeforeTheQuestionAndShiftTabCyclesTheMode() throws Exception {
        open(120);
        screen.waitFor("ask (\u21e7Tab)");
        server.enqueue(Reply.toolCall("edit_file", "{\"file_path\":\"src/App.java\",\"old_string\":\"Hello\",\"new_string\":\"Howdy\"}"))
                .enqueue(Reply.text("Changed."));
        screen.type("Change the greeting");
        screen.type("Enter");
        screen.waitFor("[y]es");
        String asking = screen.rows();
        assertThat(asking.indexOf("+        return \"Howdy\";")).as("the diff is shown before the question:\n" + asking)
                .isPositive().isLessThan(asking.indexOf("? Allow edit_file"));
        assertThat(asking.indexOf("-        return \"Hello\";")).isPositive().isLessThan(asking.indexOf("? Allow edit_file"));
        assertThat(asking).contains("@@ -1,5 +1,5 @@");
        assertThat(Files.readString(repo.resolve("src/App.java"))).as("nothing written before the answer").isEqualTo(DemoRepo.APP);
        screen.save(Path.of("target/screens/diff-before-approval.txt"));
        screen.type("y");
        screen.waitFor("Changed.");
        assertThat(Files.readString(repo.resolve("src/App.java"))).contains("Howdy");

        screen.type("BTab");
        screen.waitFor("auto-edit (\u21e7Tab)");
        server.enqueue(Reply.toolCall("edit_file", "{\"file_path\":\"src/App.java\",\"old_string\":\"Howdy\",\"new_string\":\"Hi\"}"))
                .enqueue(Reply.text("Changed again."));
        int questions = screen.count("[y]es");
        screen.type("Once more");
        screen.type("Enter");
        screen.waitFor("Changed again.");
        assertThat(screen.count("[y]es")).as("auto-edit: the edit was not asked about").isEqualTo(questions);
        assertThat(Files.readString(repo.resolve("src/App.java"))).contains("\"Hi\"");
        screen.type("BTab");
        screen.waitFor("read-only (\u21e7Tab)");
        screen.save(Path.of("target/screens/shift-tab-mode.txt"));
        screen.type("BTab");
        screen.waitFor("ask (\u21e7Tab)");

        screen.type("/approval");
        screen.type("Enter");
        screen.waitFor("approval mode: ask");
        screen.waitFor(PICKER_PROMPT); // the items are printed after the title and before this prompt
        assertThat(screen.rows()).contains(" 2. ask  (current)", " 3. auto-edit");
        screen.type("3");
        screen.type("Enter");
        screen.waitFor("approval auto-edit");
        screen.waitFor("auto-edit (\u21e7Tab)");
        screen.type("/effort");
        screen.type("Enter");
        screen.waitFor("reasoning effort: ");
        screen.type("Enter");
        screen.waitFor("kept ");
        screen.save(Path.of("target/screens/pickers.txt"));
    }

    @Test
    void statusInitResumePickerAndTheResumeHint() throws Exception {
        open(120);
        screen.type("/status");
        screen.type("Enter");
        screen.waitFor("session    ");
        assertThat(screen.rows()).contains("model      deepseek-v4-pro", "endpoint   " + server.baseUrl(), "approval   ask", "sandbox    ",
                "trust      no project settings", "mcp        no servers");
        screen.save(Path.of("target/screens/status.txt"));

        server.enqueue(Reply.toolCall("write_file", "{\"file_path\":\"AGENTS.md\",\"content\":\"# Demo\\n\\nBuild with `javac src/App.java`.\\n\"}"))
                .enqueue(Reply.text("AGENTS.md covers the build."));
        screen.type("/init");
        screen.type("Enter");
        screen.waitFor("[y]es");
        assertThat(server.requests().get(0).body()).contains("Write an AGENTS.md file for this project");
        assertThat(screen.rows()).contains("+Build with `javac src/App.java`.").contains("? Allow write_file AGENTS.md");
        assertThat(repo.resolve("AGENTS.md")).as("written only once approved").doesNotExist();
        screen.type("y");
        screen.waitFor("AGENTS.md covers the build.");
        assertThat(Files.readString(repo.resolve("AGENTS.md"))).startsWith("# Demo\n");
        screen.save(Path.of("target/screens/init.txt"));
        String answered = sessionIds().get(0);

        screen.type("/clear");
        screen.type("Enter");
        screen.waitFor("new session ");
        server.enqueue(Reply.text("unused")).enqueue(Reply.text("unused"));
        screen.type("/clear");
        screen.type("Enter");
        screen.waitFor("new session ", 2);
        screen.type("/resume");
        screen.type("Enter");
        screen.waitFor("resume which session?");
        screen.waitFor(PICKER_PROMPT);
        String picker = screen.rows().substring(screen.rows().lastIndexOf("resume which session?"));
        assertThat(picker).contains(" 1. ").contains(answered).contains("$0.").doesNotContain(" 2. ").doesNotContain("(no prompt)");
        screen.type("1");
        screen.type("Enter");
        screen.waitFor("resumed " + answered);
        screen.save(Path.of("target/screens/resume-picker.txt"));
        screen.type("/exit");
        screen.type("Enter");
        screen.waitFor("FATHOM-EXITED");
        assertThat(screen.rows()).contains("to continue this session: fathom resume " + answered);
    }

    @ParameterizedTest
    @ValueSource(ints = {80, 120})
    void answersAndTheBannerWrapAtWordBoundaries(int width) throws Exception {
        open(width);
        List<String> words = new ArrayList<>();
        for (int i = 1; i <= 120; i++) {
            words.add("w" + i + "x".repeat(i % 7));
        }
        server.enqueue(Reply.text(String.join(" ", words) + "\n\n- a bullet " + String.join(" ", words.subList(0, 30))).fragments(3));
        screen.type("Say the words");
        screen.type("Enter");
        screen.waitFor("w30xx", 2);
        Set<String> whole = new HashSet<>(words);
        String[] rows = screen.rows().split("\n");
        for (String row : rows) {
            assertThat(row.length()).isLessThanOrEqualTo(width);
            for (String token : row.strip().split("\\s+")) {
                if (token.matches("w[0-9]+x*")) {
                    assertThat(whole).as("a word cut at %d columns, in the row: %s", width, row).contains(token);
                }
            }
        }
        for (int i = 0; i + 1 < rows.length; i++) {
            String next = rows[i + 1].strip().split("\\s+")[0];
            if (rows[i].matches("w[0-9]+x*( w[0-9]+x*)*") && next.matches("w[0-9]+x*")) {
                assertThat(rows[i].length() + 1 + next.length()).as("'%s' would have fitted on the row above at %d columns", next, width)
                        .isGreaterThan(width - 1);
            }
        }
        List<String> bannerWords = Arrays.asList(("/help lists commands \u00b7 Esc stops a turn \u00b7 Shift+Tab changes the approval mode"
                + " \u00b7 end a line with \\ to continue it \u00b7 Ctrl-D leaves").split(" "));
        List<String> shownTokens = new ArrayList<>();
        for (String row : rows) {
            shownTokens.addAll(Arrays.asList(row.strip().split("\\s+")));
        }
        assertThat(shownTokens).as("the banner's words are whole at %d columns", width).containsAll(bannerWords);
        screen.save(Path.of("target/screens/wrap-" + width + ".txt"));
    }

    private List<String> sessionIds() throws Exception {
        try (var files = Files.walk(tmp.resolve("home/.fathom/sessions"))) {
            return files.filter(p -> p.toString().endsWith(".jsonl")).sorted()
                    .map(p -> p.getFileName().toString().replace(".jsonl", "")).toList();
        }
    }
}
