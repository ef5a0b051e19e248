package dev.fathom.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** grep's limits at their edges: context and max_results at their bounds, and files at exactly the size limit. */
class GrepLimitsTest extends ToolTestSupport {

    @Test
    void contextAndMaxResultsAreAcceptedUpToTheirBoundsAndRefusedPastThem() throws Exception {
        Files.writeString(ws.resolve("f.txt"), "a\nneedle\nb\n");
        assertThat(grep("{\"pattern\":\"needle\",\"context\":0}")).isEqualTo("f.txt:2:needle\n");
        assertThat(grep("{\"pattern\":\"needle\",\"context\":10}")).isEqualTo("f.txt-1-a\nf.txt:2:needle\nf.txt-3-b\n");
        assertThat(grep("{\"pattern\":\"needle\",\"max_results\":1}")).isEqualTo("f.txt:2:needle\n");
        assertThat(grep("{\"pattern\":\"needle\",\"max_results\":1000}")).isEqualTo("f.txt:2:needle\n");
        assertThat(assertRefused("grep", "{\"pattern\":\"needle\",\"context\":-1}", "").output())
                .isEqualTo("context must be between 0 and 10, got -1.");
        assertThat(assertRefused("grep", "{\"pattern\":\"needle\",\"context\":11}", "").output())
                .isEqualTo("context must be between 0 and 10, got 11.");
        assertThat(assertRefused("grep", "{\"pattern\":\"needle\",\"max_results\":1001}", "").output())
                .isEqualTo("max_results must be between 1 and 1000, got 1001.");
    }

    @Test
    void contextAtTheStartAndEndOfAFileStopsAtItsFirstAndLastLine() throws Exception {
        Files.writeString(ws.resolve("f.txt"), "first\nsecond\nthird\n");
        assertThat(grep("{\"pattern\":\"first|third\",\"context\":3}"))
                .isEqualTo("f.txt:1:first\nf.txt-2-second\nf.txt:3:third\n");
    }

    @Test
    void aPatternRipgrepCannotReadIsSearchedByTheJavaEngine() throws Exception {
        Files.writeString(ws.resolve("f.txt"), "foobar\nfoobaz\n");
        assertThat(grep("{\"pattern\":\"foo(?=bar)\"}")).isEqualTo("f.txt:1:foobar\n");
        assertThat(grep("{\"pattern\":\"(o)\\\\1b\"}")).isEqualTo("f.txt:1:foobar\nf.txt:2:foobaz\n");
    }

    @Test
    void aFileOfExactlyTenMegabytesIsSearchedAndOneByteMoreIsSkippedByBothEngines() throws Exception {
        fill(ws.resolve("limit.txt"), GrepTool.MAX_FILE_BYTES);
        fill(ws.resolve("over.txt"), GrepTool.MAX_FILE_BYTES + 1);
        assertThat(grep("{\"pattern\":\"needle\"}")).isEqualTo("limit.txt:1:needle\n");
    }

    /** A file of exactly {@code size} bytes: "needle" on its first line, then lines of dots. */
    private static void fill(Path file, long size) throws IOException {
        byte[] line = (".".repeat(1023) + "\n").getBytes(StandardCharsets.US_ASCII);
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] first = "needle\n".getBytes(StandardCharsets.US_ASCII);
            out.write(first);
            long left = size - first.length;
            while (left > 0) {
                int n = (int) Math.min(line.length, left);
                out.write(line, 0, n);
                left -= n;
            }
        }
        assertThat(Files.size(file)).isEqualTo(size);
    }

    /** The answer of the Java engine, which must be ripgrep's too when ripgrep is installed. */
    private String grep(String arguments) throws InterruptedException {
        String java = grep(new GrepTool(false), arguments);
        if (Ripgrep.find() != null) {
            assertThat(grep(new GrepTool(true), arguments)).as("ripgrep's answer to %s", arguments).isEqualTo(java);
        }
        return java;
    }

    private String grep(GrepTool engine, String arguments) throws InterruptedException {
        ToolRegistry registry = new ToolRegistry(List.of(engine), ToolHarness.JSON);
        return registry.execute(ToolExecutionRequest.builder().id("c").name("grep").arguments(arguments).build(), tools.context).output();
    }
}
