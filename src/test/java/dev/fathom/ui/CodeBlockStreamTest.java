package dev.fathom.ui;

import static dev.fathom.ui.CodeHighlight.COMMENT;
import static dev.fathom.ui.CodeHighlight.KEYWORD;
import static dev.fathom.ui.CodeHighlight.RESET;
import static dev.fathom.ui.CodeHighlight.STRING;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import dev.fathom.loop.AgentEvent;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;

/** Fenced code blocks in a streamed answer: rules instead of fences, highlighted code, whatever the fragments. */
class CodeBlockStreamTest {
    private static final String RULE = MarkdownStream.FENCE_RULE;
    private static final String ANSWER = "Two fixes:\n\n```java\npublic int n() { // count\n    return \"x\".length();\n}\n```\n"
            + "and\n\n  ````python\n  def f():\n      s = \"\"\"``` inside\n  ```\n      \"\"\"\n  ````\n"
            + "~~~\nno language: plain\n~~~\nDone.\n";

    @Test
    void fencesBecomeRulesAndTheCodeIsHighlighted() {
        String out = feedAll(new MarkdownStream(true), ANSWER, ANSWER.length());
        assertThat(plain(out)).isEqualTo("Two fixes:\n\n" + RULE + " java\npublic int n() { // count\n    return \"x\".length();\n}\n" + RULE
                + "\nand\n\n  " + RULE + " python\n  def f():\n      s = \"\"\"``` inside\n  ```\n      \"\"\"\n  " + RULE + "\n"
                + RULE + "\nno language: plain\n" + RULE + "\nDone.\n");
        assertThat(out).contains(KEYWORD + "public" + RESET, COMMENT + "// count" + RESET, STRING + "\"x\"" + RESET, KEYWORD + "def" + RESET)
                .as("a shorter fence inside a four-backtick block is code, here inside a string").contains(STRING + "  ```" + RESET)
                .as("no colour in an unknown language").contains("\nno language: plain\n")
                .doesNotContain("```java", "````python", "~~~");
    }

    @Test
    void anyFragmentsGiveTheSameScreen() {
        String whole = feedAll(new MarkdownStream(true), ANSWER, ANSWER.length());
        for (int size : new int[] {1, 2, 3, 4, 5, 7, 11}) {
            assertThat(feedAll(new MarkdownStream(true), ANSWER, size)).as("fragments of " + size).isEqualTo(whole);
        }
    }

    @Test
    void withoutColourTheCodeIsPlainAndComesAsItStreams() {
        MarkdownStream md = new MarkdownStream(false);
        assertThat(md.feed("```java\npublic cl")).isEqualTo(RULE + " java\npublic cl");
        assertThat(md.feed("ass A {}\n```\nok")).isEqualTo("ass A {}\n" + RULE + "\nok");
        assertThat(feedAll(new MarkdownStream(false), ANSWER, 3)).doesNotContain("\u001b");
    }

    @Test
    void aHighlightedLineIsShownWhenItEnds() {
        MarkdownStream md = new MarkdownStream(true);
        md.feed("```py\n");
        assertThat(md.feed("import o")).isEmpty();
        assertThat(md.feed("s\n")).isEqualTo(KEYWORD + "import" + RESET + " os\n");
        String longLine = "x".repeat(CodeBlock.MAX_HELD_CHARS + 1);
        assertThat(md.feed(longLine)).as("a very long line is let through").isEqualTo(longLine);
        assertThat(md.feed("yz")).isEqualTo("yz");
    }

    @Test
    void stoppedInsideABlockTheColoursAreResetAndTheNextAnswerIsNotCode() {
        MarkdownStream md = new MarkdownStream(true);
        String out = md.feed("```java\n/* a comment that goes on\nand on, String s = \"open");
        out += md.finish();
        assertThat(out).endsWith(RESET);
        assertThat(lastStyle(out)).as("the last style is a reset").isEqualTo(RESET);
        assertThat(md.feed("Next answer with `code` and if.\n")).doesNotContain(KEYWORD).contains("\u001b[36mcode");
    }

    @Test
    void terminalSequencesInsideCodeNeverReachTheTerminalRaw() {
        String attack = "```bash\necho \"\u001b]52;c;cm0gLXJmIH4=\u0007\" # \u001b[2J\u001b[H\u009b2J\n"
                + "printf '\u001b]0;owned\u0007' \u001b[31mred\u001b[0m\n```\n```\n\u001b]8;;http://x\u0007link\u001b]8;;\u0007\n```\n";
        for (boolean color : new boolean[] {true, false}) {
            for (int size : new int[] {1, 2, attack.length()}) {
                String out = feedAll(new MarkdownStream(color), attack, size);
                assertThat(plain(out)).as("shown as visible text").contains("\\e]52;c;cm0gLXJmIH4=\\x07", "\\e[2J\\e[H\\x9b2J", "\\e]0;owned\\x07", "\\e[31mred\\e[0m",
                        "\\e]8;;http://x\\x07link");
                assertOnlyOwnStyles(out);
            }
        }
    }

    @Test
    void theTerminalFrontEndKeepsTheGuaranteeInsideCode() throws Exception {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        var terminal = new DumbTerminal("test", "xterm-256color", new ByteArrayInputStream(new byte[0]), screen, StandardCharsets.UTF_8);
        TerminalUi ui = new TerminalUi(terminal, true);
        for (String piece : new String[] {"```py\nprint(\"\u001b]52;c;eA==", "\u0007\u001b[2J\")  # \u009b", "31m\n```\nEnd.\n"}) {
            ui.on(new AgentEvent.TextDelta(piece));
        }
        ui.on(new AgentEvent.Finished(null));
        String s = screen.toString(StandardCharsets.UTF_8);
        assertThat(s).contains("\\e]52;c;eA==\\x07\\e[2J", "\\x9b31m").doesNotContain("\u001b]", "\u0007", "\u009b", "\u001b[2J");
        assertThat(s).contains(KEYWORD.substring(0, 2)); // it was coloured
    }

    @Test
    void aTurnStoppedInsideAHighlightedLineLeavesTheTerminalWithColoursReset() throws Exception {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        var terminal = new DumbTerminal("test", "xterm-256color", new ByteArrayInputStream(new byte[0]), screen, StandardCharsets.UTF_8);
        TerminalUi ui = new TerminalUi(terminal, true);
        ui.on(new AgentEvent.TextDelta("```java\nint x = 1; /* a comment that"));
        ui.on(new AgentEvent.Finished(null)); // what Esc leads to
        String s = screen.toString(StandardCharsets.UTF_8);
        assertThat(s).contains(COMMENT + "/* a comment that" + RESET);
        assertThat(lastStyle(s)).isEqualTo(RESET);
    }

    /** Every escape sequence in the output is a colour or reset of the highlighter's or the Markdown styling's own. */
    private static void assertOnlyOwnStyles(String out) {
        String rest = out.replaceAll("\u001b\\[(0|1|2|3[1-6])m", "");
        assertThat(rest).as("no other terminal sequence").doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("\u009b");
    }

    private static String lastStyle(String s) {
        Matcher m = Pattern.compile("\u001b\\[[0-9;]*m").matcher(s);
        String last = null;
        while (m.find()) {
            last = m.group();
        }
        return last;
    }

    private static String feedAll(MarkdownStream md, String text, int chunk) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i += chunk) {
            out.append(md.feed(text.substring(i, Math.min(text.length(), i + chunk))));
        }
        return out.append(md.finish()).toString();
    }

    private static String plain(String s) {
        return s.replaceAll("\u001b\\[[0-9;]*m", "");
    }
}
