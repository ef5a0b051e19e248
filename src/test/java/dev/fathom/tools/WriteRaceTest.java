package dev.fathom.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.safety.ConfinedWriter;
import dev.fathom.safety.WorkspaceGuard;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The write race of a sandboxed background job, made deterministic: at a chosen point of a file tool's write the
 * folder it writes into is moved aside and a symlink to a folder outside the workspace put in its place. No write,
 * edit, patch or deletion may then land outside.
 */
class WriteRaceTest {
    @TempDir
    Path tmp;
    Path ws;
    Path outside;

    @BeforeEach
    void setUp() throws IOException {
        ws = Files.createDirectories(tmp.resolve("ws"));
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.createDirectories(ws.resolve("sub"));
        Files.writeString(ws.resolve("sub/a.txt"), "one\n");
        Files.writeString(outside.resolve("a.txt"), "one\n");
    }

    /** Calls a tool with the folder {@code sub} flipped to a symlink to {@code outside} when the write reaches {@code at}. */
    ToolResult raced(ConfinedWriter.Step at, String tool, String arguments) {
        ConfinedWriter.Seam flip = (step, file) -> {
            if (step == at && !Files.isSymbolicLink(ws.resolve("sub"))) {
                Files.move(ws.resolve("sub"), ws.resolve("sub.moved"));
                Files.createSymbolicLink(ws.resolve("sub"), outside);
            }
        };
        ToolContext ctx = ToolContext.create(new WorkspaceGuard(ws, List.of(), flip), Map.of("PATH", System.getenv("PATH")), tmp.resolve("out"));
        try {
            return ToolHarness.REGISTRY.execute(ToolExecutionRequest.builder().id("call_1").name(tool).arguments(arguments).build(), ctx);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    List<String> outsideNow() throws IOException {
        try (Stream<Path> s = Files.list(outside)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @ParameterizedTest
    @EnumSource(ConfinedWriter.Step.class)
    void writeFileNeverLandsOutside(ConfinedWriter.Step at) throws IOException {
        ToolResult r = raced(at, "write_file", "{\"file_path\":\"sub/new.txt\",\"content\":\"planted\\n\"}");
        assertThat(outsideNow()).containsExactly("a.txt");
        assertThat(Files.readString(outside.resolve("a.txt"))).isEqualTo("one\n");
        if (r.error()) {
            assertThat(r.output()).contains("sub").contains("nothing was written");
        } else {
            assertThat(Files.readString(ws.resolve("sub.moved/new.txt"))).as("written where it was checked, inside").isEqualTo("planted\n");
        }
    }

    @ParameterizedTest
    @EnumSource(ConfinedWriter.Step.class)
    void editFileNeverChangesTheFileOutside(ConfinedWriter.Step at) throws IOException {
        raced(at, "edit_file", "{\"file_path\":\"sub/a.txt\",\"old_string\":\"one\",\"new_string\":\"two\"}");
        assertThat(outsideNow()).containsExactly("a.txt");
        assertThat(Files.readString(outside.resolve("a.txt"))).isEqualTo("one\n");
    }

    @ParameterizedTest
    @EnumSource(ConfinedWriter.Step.class)
    void applyPatchNeitherWritesNorDeletesOutside(ConfinedWriter.Step at) throws IOException {
        raced(at, "apply_patch", "{\"patch\":\"*** Begin Patch\\n*** Delete File: sub/a.txt\\n*** Add File: sub/b.txt\\n+b\\n*** End Patch\"}");
        assertThat(outsideNow()).containsExactly("a.txt");
        assertThat(Files.readString(outside.resolve("a.txt"))).isEqualTo("one\n");
    }
}
