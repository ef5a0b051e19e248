package dev.fathom.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The edit diff against the real thing: {@code git diff --no-index} on the same two texts. */
class LineDiffTest {
    @TempDir
    Path tmp;

    @Test
    void aTwoLineFileHasTwoLinesNotAPhantomThird() {
        String diff = LineDiff.unified("a/f", "b/f", "one\ntwo\n", "one\n2\n", 2);
        assertThat(diff).isEqualTo("--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n one\n-two\n+2\n");
    }

    @Test
    void hunkHeadersMatchGit() throws Exception {
        String longFile = String.join("\n", java.util.stream.IntStream.rangeClosed(1, 30).mapToObj(i -> "line " + i).toList()) + "\n";
        List<String[]> cases = List.of(
                new String[] {"one\ntwo\n", "one\n2\n"},
                new String[] {"only\n", "changed\n"},
                new String[] {"a\nb\nc\n", "a\nc\n"},
                new String[] {"a\nb\n", "a\nb\nc\n"},
                new String[] {"a\nb", "a\nb\n"},
                new String[] {"a\nb\n", "a\nc"},
                new String[] {"", "new\nfile\n"},
                new String[] {"x\ny\n", ""},
                new String[] {longFile, longFile.replace("line 3\n", "line three\n").replace("line 27\n", "line 27\nextra\n")},
                new String[] {longFile, longFile.replace("line 10\n", "").replace("line 14\n", "LINE 14\n")},
                // changes 4 and 6 unchanged lines apart: one hunk when the gap is at most twice the context, as git joins them
                new String[] {longFile, longFile.replace("line 5\n", "five\n").replace("line 10\n", "ten\n")},
                new String[] {longFile, longFile.replace("line 5\n", "five\n").replace("line 12\n", "twelve\n")});
        for (String[] c : cases) {
            for (int context : new int[] {0, 2, 3}) {
                assertThat(LineDiff.unified("a/f", "b/f", c[0], c[1], context)).as("%s -> %s with %d context lines", c[0], c[1], context)
                        .isEqualTo(git(c[0], c[1], context));
            }
        }
    }

    /** What git prints for the two texts, from the first "---" line (the name lines made "a/f" and "b/f"). */
    private String git(String before, String after, int context) throws Exception {
        Path a = Files.writeString(tmp.resolve("a"), before);
        Path b = Files.writeString(tmp.resolve("b"), after);
        Process p = new ProcessBuilder("git", "diff", "--no-index", "--no-color", "-U" + context, "a", "b").directory(tmp.toFile())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        int start = out.indexOf("\n---");
        if (start < 0) {
            return "";
        }
        // git adds the nearest line above a hunk after its header (a "function" heading); only the ranges are compared
        return out.substring(start + 1).replaceAll("(?m)^(@@ [^@]+ @@).*$", "$1").replaceFirst("--- (a/a|/dev/null)\n", "--- a/f\n").replaceFirst("\\+\\+\\+ (b/b|/dev/null)\n", "+++ b/f\n");
    }
}
