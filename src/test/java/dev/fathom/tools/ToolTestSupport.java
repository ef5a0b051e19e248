package dev.fathom.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.testing.TreeHash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A temporary workspace ({@code ws} inside {@code tmp}) with the standard tools, and the bad-input assertion. */
abstract class ToolTestSupport {
    @TempDir
    Path tmp;
    Path ws;
    ToolHarness tools;

    @BeforeEach
    void createWorkspace() throws IOException {
        ws = Files.createDirectories(tmp.resolve("ws"));
        tools = new ToolHarness(ws, tmp.resolve("out"));
    }

    /** Calls a tool that must refuse: an error result containing {@code expected}, and no file changed under tmp. */
    ToolResult assertRefused(String tool, String arguments, String expected) {
        String before = TreeHash.of(tmp);
        ToolResult r = tools.call(tool, arguments);
        assertThat(r.error()).as(r.output()).isTrue();
        assertThat(r.output()).contains(expected);
        assertThat(TreeHash.of(tmp)).as("no file changed").isEqualTo(before);
        return r;
    }
}
