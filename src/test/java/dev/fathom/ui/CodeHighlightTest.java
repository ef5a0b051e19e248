package dev.fathom.ui;

import static dev.fathom.ui.CodeHighlight.ANNOTATION;
import static dev.fathom.ui.CodeHighlight.COMMENT;
import static dev.fathom.ui.CodeHighlight.HEADER;
import static dev.fathom.ui.CodeHighlight.KEYWORD;
import static dev.fathom.ui.CodeHighlight.NUMBER;
import static dev.fathom.ui.CodeHighlight.REMOVED;
import static dev.fathom.ui.CodeHighlight.RESET;
import static dev.fathom.ui.CodeHighlight.STRING;
import static dev.fathom.ui.CodeHighlight.TYPE;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The lexer of each language family: what is coloured how, and that nothing is lost or left coloured. */
class CodeHighlightTest {

    @Test
    void java() {
        String out = lines("java", "@Override public int size() { // how many", "  return count + 0x1F; /* not \"a string\" */",
                "String s = \"say \\\"hi\\\" \" + 'c';", "int index = 1; Foo.class;");
        assertThat(out).contains(ANNOTATION + "@Override" + RESET, KEYWORD + "public" + RESET, KEYWORD + "int" + RESET,
                COMMENT + "// how many" + RESET, NUMBER + "0x1F" + RESET, COMMENT + "/* not \"a string\" */" + RESET,
                STRING + "\"say \\\"hi\\\" \"" + RESET, STRING + "'c'" + RESET, TYPE + "String" + RESET);
        assertThat(out).as("a keyword inside a longer name is not one").doesNotContain(KEYWORD + "in" + RESET + "dex")
                .contains(" index ").as("a member named like a keyword").contains(".class;");
    }

    @Test
    void commentsAndTextBlocksThatSpanLinesCarryTheirColourToTheNextLine() {
        CodeHighlight h = CodeHighlight.forFence("java");
        assertThat(h.line("int a; /* start")).endsWith(COMMENT + "/* start" + RESET);
        assertThat(h.line("still comment */ int b;")).startsWith(COMMENT + "still comment */" + RESET).contains(KEYWORD + "int" + RESET);
        assertThat(h.line("String t = \"\"\"")).endsWith(STRING + "\"\"\"" + RESET);
        assertThat(h.line("    if text")).isEqualTo(STRING + "    if text" + RESET);
        assertThat(h.line("    \"\"\"; if")).isEqualTo(STRING + "    \"\"\"" + RESET + "; " + KEYWORD + "if" + RESET);
    }

    @Test
    void python() {
        CodeHighlight h = CodeHighlight.forFence("py");
        assertThat(h.line("@dataclass")).isEqualTo(ANNOTATION + "@dataclass" + RESET);
        assertThat(h.line("def f(x): return x or None  # done")).contains(KEYWORD + "def" + RESET, KEYWORD + "return" + RESET,
                KEYWORD + "or" + RESET, KEYWORD + "None" + RESET, COMMENT + "# done" + RESET);
        assertThat(h.line("s = '''doc")).endsWith(STRING + "'''doc" + RESET);
        assertThat(h.line("def not code'''")).isEqualTo(STRING + "def not code'''" + RESET);
        assertThat(h.line("x = \"\"")).endsWith(STRING + "\"\"" + RESET).as("an empty string is not a triple quote");
        assertThat(h.line("y = 1")).contains(NUMBER + "1" + RESET);
    }

    @Test
    void shellKeepsHashInsideWordsAndColoursVariables() {
        String out = lines("bash", "for f in *.txt; do echo \"$f\" ${#arr} $HOME; done # loop", "git for-each-ref 'no $x here'");
        assertThat(out).contains(KEYWORD + "for" + RESET, KEYWORD + "done" + RESET, COMMENT + "# loop" + RESET, TYPE + "$HOME" + RESET,
                TYPE + "${#arr}" + RESET, STRING + "'no $x here'" + RESET, "git for-each-ref");
        assertThat(out).as("${#arr} is not a comment").doesNotContain(COMMENT + "#arr");
    }

    @Test
    void jsonKeysAndValues() {
        String out = lines("json", "{\"name\": \"fathom\", \"n\": 12.5, \"ok\": true, \"none\": null}");
        assertThat(out).contains(TYPE + "\"name\"" + RESET, STRING + "\"fathom\"" + RESET, NUMBER + "12.5" + RESET, KEYWORD + "true" + RESET,
                KEYWORD + "null" + RESET);
    }

    @Test
    void yamlKeysCommentsAndApostrophes() {
        String out = lines("yaml", "jobs:", "  - name: it's plain # note", "    run: \"mvn -B verify\"", "    retries: 3", "    on: true");
        assertThat(out).contains(TYPE + "jobs" + RESET, TYPE + "name" + RESET, COMMENT + "# note" + RESET, STRING + "\"mvn -B verify\"" + RESET,
                NUMBER + "3" + RESET, KEYWORD + "true" + RESET, "it's plain ");
    }

    @Test
    void diffLines() {
        String out = lines("diff", "--- a/x", "+++ b/x", "@@ -1,2 +1,2 @@", "-old", "+new", " same");
        assertThat(out).isEqualTo(HEADER + "--- a/x" + RESET + "\n" + HEADER + "+++ b/x" + RESET + "\n" + TYPE + "@@ -1,2 +1,2 @@" + RESET
                + "\n" + REMOVED + "-old" + RESET + "\n" + STRING + "+new" + RESET + "\n same");
    }

    @Test
    void rustLifetimesAreNotStringsAndCharsAre() {
        String out = lines("rust", "fn f<'a>(x: &'a str) -> char { let c = '\\n'; 'x' }");
        assertThat(out).contains(KEYWORD + "fn" + RESET, KEYWORD + "let" + RESET, STRING + "'\\n'" + RESET, STRING + "'x'" + RESET,
                "<'a>(x: &'a str)");
    }

    @Test
    void theOtherFamiliesAreKnown() {
        assertThat(lines("go", "func main() { s := `raw` }")).contains(KEYWORD + "func" + RESET, STRING + "`raw`" + RESET);
        assertThat(lines("ts", "const x: number = await f(`t ${y}`);")).contains(KEYWORD + "const" + RESET, KEYWORD + "await" + RESET,
                STRING + "`t ${y}`" + RESET);
        assertThat(lines("kotlin", "data class P(val x: Int)")).contains(KEYWORD + "data" + RESET, KEYWORD + "val" + RESET, TYPE + "Int" + RESET);
        assertThat(lines("c++", "#include <stdio.h>", "int main() { return 0; }")).contains(KEYWORD + "#include" + RESET,
                KEYWORD + "return" + RESET, NUMBER + "0" + RESET);
        assertThat(CodeHighlight.forFence("brainfuck")).as("unknown: shown plain").isNull();
        assertThat(CodeHighlight.forFence("")).isNull();
        assertThat(CodeHighlight.forFence("Python title=\"x.py\"")).as("the first word names the language").isNotNull();
    }

    @Test
    void theTextIsKeptExactlyAndEveryColourIsReset() {
        String[] samples = {"if (a < b && c > \"d\") { x /= 2; } // ok", "'unterminated \\", "/* open", "@", "$", "${", "#", "\"", "1.2.3e"};
        for (String lang : new String[] {"java", "py", "sh", "json", "yaml", "diff", "rust", "c", "go", "js", "kotlin"}) {
            for (String sample : samples) {
                String out = CodeHighlight.forFence(lang).line(sample);
                assertThat(plain(out)).as(lang + ": " + sample).isEqualTo(sample);
                assertThat(out.lastIndexOf("\u001b[")).as(lang + ": the last sequence is a reset").isEqualTo(Math.max(-1, out.lastIndexOf(RESET)));
            }
        }
    }

    private static String lines(String lang, String... lines) {
        CodeHighlight h = CodeHighlight.forFence(lang);
        StringBuilder out = new StringBuilder();
        for (String l : lines) {
            out.append(out.length() > 0 ? "\n" : "").append(h.line(l));
        }
        return out.toString();
    }

    static String plain(String s) {
        return s.replaceAll("\u001b\\[[0-9;]*m", "");
    }
}
