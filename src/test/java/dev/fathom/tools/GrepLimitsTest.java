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
    void contextAndMaxResultsAreAcceptedUpToTheirBoundsAndRefusedPastThem() throws IOException {
        Files.writeString(ws.resolve("f.txt"), "a\nneedle\nb\n");
        assertThat(tools.call("grep", "{\"pattern\":\"needle\",\"context\":0}").output()).isEqualTo("f.txt:2:needle\n");
        assertThat(tools.call("grep", "{\"pattern\":\"needle\",\"context\":10}").output()).isEqualTo("f.txt-1-a\nf.txt:2:needle\nf.txt-3-b\n");
        assertThat(tools.call("grep", "{\"pattern\":\"needle\",\"max_results\":1}").output()).isEqualTo("f.txt:2:needle\n");
        assertThat(tools.call("grep", "{\"pattern\":\"needle\",\"max_results\":1000}").output()).isEqualTo("f.txt:2:needle\n");
        assertThat(assertRefused("grep", "{\"pattern\":\"needle\",\"context\":-1}", "").output())
                .isEqualTo("context must be between 0 and 10, got -1.");
        assertThat(assertRefused("grep", "{\"pattern\":\"needle\",\"context\":11}", "").output())
                .isEqualTo("context must be between 0 and 10, got 11.");
        assertThat(assertRefused("grep", "{\"pattern\":\"needle\",\"max_results\":1001}", "").output())
                .isEqualTo("max_results must be between 1 and 1000, got 1001.");
    }

    @Test
    void aFileOfExactlyTenMegabytesIsSearchedAndOneByteMoreIsSkippedByBothEngines() throws Exception {
        fill(ws.resolve("limit.txt"), GrepTool.MAX_FILE_BYTES);
        fill(ws.resolve("over.txt"), GrepTool.MAX_FILE_BYTES + 1);
        String expected = "limit.txt:1:needle\n";
        assertThat(grep(new GrepTool(false))).isEqualTo(expected);
        if (Ripgrep.find() != null) {
            assertThat(grep(new GrepTool(true))).as("ripgrep").isEqualTo(expected);
        }
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

    private String grep(GrepTool engine) throws InterruptedException {
        ToolRegistry registry = new ToolRegistry(List.of(engine), ToolHarness.JSON);
        return registry.execute(ToolExecutionRequest.builder().id("c").name("grep").arguments("{\"pattern\":\"needle\"}").build(),
                tools.context).output();
    }
}
