package dev.fathom.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.testing.TreeHash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApplyPatchToolTest extends ToolTestSupport {

    @BeforeEach
    void setUp() throws IOException {
        Files.writeString(ws.resolve("app.py"), "def greet():\n    return 'hi'   \n\n\ndef main():\n    print(greet())\n");
        Files.writeString(ws.resolve("old.txt"), "bye\n");
        Files.writeString(ws.resolve("win.txt"), "a\r\nb\r\nc\r\n");
        Files.writeString(tmp.resolve("outside.txt"), "x\n");
    }

    ToolResult patch(String body) {
        return tools.call("apply_patch", "{\"patch\": " + ToolHarness.JSON.valueToTree(body) + "}");
    }

    @Test
    void addsUpdatesMovesAndDeletesInOnePatch() throws IOException {
        ToolResult r = patch("""
                *** Begin Patch
                *** Add File: docs/new.md
                +# New
                +text
                *** Update File: app.py
                *** Move to: src/app.py
                @@ def greet():
                -    return 'hi'
                +    return 'hello'
                @@
                 def main():
                -    print(greet())
                +    print(greet(), flush=True)
                *** Update File: win.txt
                @@
                 a
                -b
                +B
                *** Delete File: old.txt
                *** End Patch
                """);
        assertThat(r.error()).as(r.output()).isFalse();
        assertThat(r.output()).contains("A docs/new.md (+2)").contains("R app.py -> src/app.py (+2 \u22122)").contains("D old.txt");
        assertThat(Files.readString(ws.resolve("docs/new.md"))).isEqualTo("# New\ntext\n");
        assertThat(Files.readString(ws.resolve("src/app.py")))
                .isEqualTo("def greet():\n    return 'hello'\n\n\ndef main():\n    print(greet(), flush=True)\n");
        assertThat(Files.exists(ws.resolve("app.py"))).isFalse();
        assertThat(Files.exists(ws.resolve("old.txt"))).isFalse();
        assertThat(Files.readString(ws.resolve("win.txt"))).isEqualTo("a\r\nB\r\nc\r\n");
    }

    @Test
    void toleratesTrailingWhitespaceDriftInContextAndKeepsTheFileLines() throws IOException {
        ToolResult r = patch("*** Begin Patch\n*** Update File: app.py\n@@\n def greet():\n     return 'hi'\n+    # greeted\n*** End Patch");
        assertThat(r.error()).as(r.output()).isFalse();
        assertThat(Files.readString(ws.resolve("app.py"))).startsWith("def greet():\n    return 'hi'   \n    # greeted\n");
    }

    @Test
    void isAllOrNothingAcrossFiles() {
        String before = TreeHash.of(tmp);
        ToolResult r = patch("""
                *** Begin Patch
                *** Add File: created.txt
                +should not appear
                *** Update File: app.py
                @@
                -    return 'HI'
                +    return 'x'
                *** End Patch
                """);
        assertThat(r.error()).isTrue();
        assertThat(r.output()).contains("Hunk 1 of app.py does not match the file").contains("return 'HI'");
        assertThat(TreeHash.of(tmp)).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "no envelope|*** Update File: app.py",
        "The patch must end with a line '*** End Patch'|*** Begin Patch\n*** Delete File: old.txt",
        "The patch changes no file|*** Begin Patch\n*** End Patch",
        "expected '*** Add File:'|*** Begin Patch\nrandom text\n*** End Patch",
        "every line must start with '+'|*** Begin Patch\n*** Add File: n.txt\nno plus\n*** End Patch",
        "has no hunks|*** Begin Patch\n*** Update File: app.py\n*** End Patch",
        "has no '+' or '-' lines|*** Begin Patch\n*** Update File: app.py\n@@\n def greet():\n*** End Patch",
        "File not found: missing.txt|*** Begin Patch\n*** Update File: missing.txt\n@@\n-a\n+b\n*** End Patch",
        "File not found: gone.txt|*** Begin Patch\n*** Delete File: gone.txt\n*** End Patch",
        "old.txt already exists|*** Begin Patch\n*** Add File: old.txt\n+x\n*** End Patch",
        "appears more than once|*** Begin Patch\n*** Delete File: old.txt\n*** Delete File: old.txt\n*** End Patch",
        "it already exists|*** Begin Patch\n*** Update File: app.py\n*** Move to: old.txt\n*** End Patch",
        "outside the workspace|*** Begin Patch\n*** Delete File: ../outside.txt\n*** End Patch",
        "inside .git/|*** Begin Patch\n*** Add File: .git/config\n+x\n*** End Patch",
        "the @@ line 'def nothing():' was not found|*** Begin Patch\n*** Update File: app.py\n@@ def nothing():\n-x\n+y\n*** End Patch",
        "hunk lines must start with|*** Begin Patch\n*** Update File: app.py\n@@\n-def greet():\n*oops\n*** End Patch",
    })
    void refusesPatchesThatDoNotApplyAndChangesNothing(String row) {
        String[] parts = row.split("\\|", 2);
        String before = TreeHash.of(tmp);
        ToolResult r = patch(parts[1]);
        assertThat(r.error()).isTrue();
        assertThat(r.output()).contains(parts[0].equals("no envelope") ? "must start with a line '*** Begin Patch'" : parts[0]);
        assertThat(TreeHash.of(tmp)).isEqualTo(before);
    }

    @Test
    void refusesContentDriftAndStaleFiles() throws IOException {
        assertThat(patch("*** Begin Patch\n*** Update File: app.py\n@@\n-    return 'hi!'\n+x\n*** End Patch").error()).isTrue();
        tools.call("read_file", "{\"file_path\":\"old.txt\"}");
        Files.writeString(ws.resolve("old.txt"), "changed by the user\n");
        ToolResult stale = patch("*** Begin Patch\n*** Delete File: old.txt\n*** End Patch");
        assertThat(stale.output()).contains("changed on disk since you last read it");
        assertThat(Files.exists(ws.resolve("old.txt"))).isTrue();
    }

    @Test
    void missingAndWrongTypedParameters() {
        assertThat(tools.call("apply_patch", "{}").output()).contains("Missing required parameter 'patch'");
        assertThat(tools.call("apply_patch", "{\"patch\": 5}").output()).contains("'patch' of apply_patch must be a string");
        assertThat(tools.call("apply_patch", "{\"patch\": \"\"}").output()).contains("must start with a line '*** Begin Patch'");
    }
}
