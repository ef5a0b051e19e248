package dev.fathom.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessOutputTest {
    @TempDir
    Path tmp;

    @Test
    void aShortLogIsReadWholeAndABadByteCostsOneCharacter() throws IOException {
        Path log = tmp.resolve("short.log");
        Files.write(log, new byte[] {'o', 'k', ' ', (byte) 0xFF, ' ', 'd', 'o', 'n', 'e'});
        assertThat(ProcessOutput.read(log, 0, 100, 100, "[%d]")).isEqualTo("ok \uFFFD done");
    }

    @Test
    void headAndTailAreCutBetweenCharactersNeverInsideOne() throws IOException {
        Path log = tmp.resolve("emoji.log");
        String emoji = "\uD83D\uDE00"; // four bytes in UTF-8
        Files.writeString(log, emoji.repeat(1000), StandardCharsets.UTF_8);
        for (int head = 97; head <= 100; head++) {
            for (int tail = 97; tail <= 100; tail++) {
                String text = ProcessOutput.read(log, 0, head, tail, "[%d omitted]");
                assertThat(text).doesNotContain("\uFFFD").contains("omitted]");
                assertThat(text.replaceAll("\\[\\d+ omitted]", "").replace(emoji, "")).isEmpty();
            }
        }
        assertThat(ProcessOutput.tail(log, 10)).isEqualTo(emoji.repeat(2));
    }

    @Test
    void readsFromAnOffset() throws IOException {
        Path log = tmp.resolve("job.log");
        Files.writeString(log, "first\nsecond\n");
        assertThat(ProcessOutput.read(log, 6, 100, 100, "")).isEqualTo("second\n");
        assertThat(ProcessOutput.read(log, 13, 100, 100, "")).isEmpty();
    }
}
