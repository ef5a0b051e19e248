package dev.fathom.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The diff edit_file answers with has git's hunk headers: a two-line file has no phantom third line. */
class EditDiffHeaderTest extends ToolTestSupport {
    @Test
    void aTwoLineFileEditShowsTwoLines() throws Exception {
        Files.writeString(ws.resolve("two.txt"), "one\ntwo\n");
        ToolResult r = tools.call("edit_file", "{\"file_path\":\"two.txt\",\"old_string\":\"two\",\"new_string\":\"2\"}");
        assertThat(r.error()).as(r.output()).isFalse();
        assertThat(r.output()).contains("@@ -1,2 +1,2 @@\n one\n-two\n+2\n").doesNotContain("-1,3");
    }
}
