package dev.fathom.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.testing.DemoRepo;
import dev.fathom.testing.FakeV4Server;
import dev.fathom.testing.Reply;
import dev.fathom.testing.Tmux;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A streamed answer with a Java and a Python block and a nested list, in a real terminal at 80 and 120 columns: the
 * fences are rules, the code is coloured, and wrapped list items hang under their text. The screens are written to
 * docs/screens (plain text, and with colours as escape sequences at 80 columns), so the documentation shows what runs.
 */
class CodeBlockTmuxTest {
    static final String ANSWER = """
            Here is the greeting in both languages.

            ```java
            public final class Greeter {
                // says hello; the name is never null
                public String greet(String name) {
                    return "Hello, " + name + "!";
                }
            }
            ```

            ```python
            def greet(name: str) -> str:
                \"\"\"Says hello.\"\"\"
                return f"Hello, {name}!"  # 1 f-string
            ```

            What changed:

            - The greeting takes a name now, so every caller passes one; the two callers in the web layer had it at hand and each needed a one-word change.
              - Nested: the Python version keeps the same behaviour, including the exclamation mark that the tests check for, word for word, in both suites.
            - 2 files changed.

            1. Numbered items hang too: this one is long enough to wrap at eighty columns and at one hundred and twenty columns as well.

            That is all.
            """;
    @TempDir
    Path tmp;
    FakeV4Server server;
    AssistantScreen screen;

    @AfterEach
    void tearDown() throws Exception {
        if (screen != null) {
            screen.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {80, 120})
    void codeIsHighlightedBetweenRulesAndListItemsHang(int width) throws Exception {
        dev.fathom.testing.Bubblewrap.requireTool(Tmux.available(), "tmux");
        server = FakeV4Server.start();
        Path repo = DemoRepo.create(tmp.resolve("repo"));
        screen = AssistantScreen.start(tmp, repo, server, width, 60);
        screen.waitFor("Ctrl-D leaves");
        screen.waitFor("\u203a");
        server.enqueue(Reply.text(ANSWER).fragments(3));
        screen.type("Show the greeting in Java and Python");
        screen.type("Enter");
        screen.waitFor("That is all.");
        screen.waitFor("\u203a", 2); // the turn is over: the next prompt is drawn
        String rows = screen.rows();
        String answer = rows.substring(rows.indexOf("Here is the greeting"), rows.indexOf("That is all."));
        assertThat(answer).doesNotContain("```").contains("\u2500\u2500\u2500 java\npublic final class Greeter {\n",
                "\n}\n\u2500\u2500\u2500\n", "\u2500\u2500\u2500 python\ndef greet(name: str) -> str:\n", "  # 1 f-string\n\u2500\u2500\u2500\n");
        List<String> lines = answer.lines().toList();
        String hang = null;
        int continued = 0;
        for (String line : lines) {
            assertThat(line.length()).as("%d columns: %s", width, line).isLessThanOrEqualTo(width);
            if (line.startsWith("\u2022 ") || line.startsWith("  \u2022 ") || line.startsWith("1. ")) {
                hang = " ".repeat(line.indexOf(' ', line.indexOf(line.strip())) + 1);
            } else if (hang != null && !line.isBlank()) {
                assertThat(line).as("%d columns: a wrapped item hangs under its text, by %d", width, hang.length()).startsWith(hang)
                        .doesNotStartWith(hang + " ");
                continued++;
            } else {
                hang = null;
            }
        }
        assertThat(continued).as("some items wrapped at %d columns", width).isGreaterThanOrEqualTo(3);

        String styled = screen.styledRows().replace("\u001b[49m", ""); // tmux adds a default background where a line starts
        assertThat(styled).as("keywords, comments and strings are coloured").contains("\u001b[35mpublic", "\u001b[35mdef", "\u001b[35mreturn",
                "\u001b[32m\"Hello, \"", "\u001b[2m# 1 f-string", "\u001b[36mString");
        Path docs = Path.of("docs/screens");
        Path shown = docs.resolve("code-blocks-" + width + ".txt");
        screen.save(shown);
        // The same file on every run: no temporary path, and no status line (its spinner and counts vary with timing).
        Files.writeString(shown, Files.readString(shown).replace(repo.toString(), "~/demo").replaceAll("\n+[^\n]*deepseek-v4-pro \u00b7 [^\n]*\n$", "\n"));
        if (width == 80) {
            String answerStyled = styled.substring(styled.indexOf("Here is the greeting"), styled.indexOf("That is all.") + 12);
            Files.writeString(docs.resolve("code-blocks-80.ansi.txt"), answerStyled.replaceAll("(?m)[ \\t]+$", "") + "\u001b[0m\n");
        }
    }
}
