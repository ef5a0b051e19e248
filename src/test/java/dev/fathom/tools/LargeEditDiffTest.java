package dev.fathom.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The answer to an edit of any size is bounded: a huge change is summarized instead of diffed line by line. */
class LargeEditDiffTest extends ToolTestSupport {

    private Path bigFile(int lines) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            sb.append("line number ").append(i).append('\n');
        }
        return Files.writeString(ws.resolve("big.txt"), sb);
    }

    @Test
    void replaceAllOnFiftyThousandLinesIsSummarized() throws IOException {
        bigFile(50_000);
        tools.call("read_file", "{\"file_path\":\"big.txt\",\"limit\":1}");
        ToolResult r = tools.call("edit_file", "{\"file_path\":\"big.txt\",\"old_string\":\"line\",\"new_string\":\"LINE\",\"replace_all\":true}");
        assertThat(r.error()).as(r.output()).isFalse();
        assertThat(r.output()).isEqualTo("Edited big.txt (50000 replacements): lines 1\u201350000 changed (50000 lines replaced by 50000);"
                + " the diff is too large to show. Use read_file to check parts of it.\n");
        assertThat(r.summary()).isEqualTo("+50000 \u221250000");
        assertThat(Files.readString(ws.resolve("big.txt"))).startsWith("LINE number 0\n").endsWith("LINE number 49999\n");
    }

    @Test
    void aSmallChangeDeepInABigFileHasGitsHunkHeader() throws IOException {
        Path big = bigFile(100_000);
        Files.copy(big, tmp.resolve("before.txt"));
        tools.call("read_file", "{\"file_path\":\"big.txt\",\"limit\":1}");
        ToolResult r = tools.call("edit_file", "{\"file_path\":\"big.txt\",\"old_string\":\"line number 77777\\n\",\"new_string\":\"changed\\n\"}");
        assertThat(r.error()).as(r.output()).isFalse();
        String git = CliRun.gitOutput(tmp, "diff", "--no-index", "-U2", "before.txt", big.toString());
        String gitHunk = git.lines().filter(l -> l.startsWith("@@")).findFirst().orElseThrow();
        String ours = r.output().lines().filter(l -> l.startsWith("@@")).findFirst().orElseThrow();
        assertThat(ours.substring(0, ours.indexOf(" @@") + 3)).isEqualTo(gitHunk.substring(0, gitHunk.indexOf(" @@") + 3));
        assertThat(r.output()).contains("-line number 77777\n+changed\n");
    }
}
