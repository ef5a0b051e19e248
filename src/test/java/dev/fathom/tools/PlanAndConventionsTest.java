package dev.fathom.tools;

import static dev.fathom.tools.TestBytes.concat;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** update_plan, and how write_file and edit_file keep a file's own conventions. */
class PlanAndConventionsTest extends ToolTestSupport {

    @BeforeEach
    void setUp() throws IOException {
    }

    @Test
    void planIsReplacedAndListenersHearIt() {
        List<List<Plan.Step>> heard = new ArrayList<>();
        tools.context.plan().onChange(heard::add);
        ToolResult r = tools.call("update_plan", "{\"items\":[{\"step\":\"Read code\",\"status\":\"completed\"},"
                + "{\"step\":\"Fix bug\",\"status\":\"in_progress\"},{\"step\":\"Run tests\",\"status\":\"pending\"}]}");
        assertThat(r.output()).isEqualTo("Plan updated (1 of 3 completed):\n[x] Read code\n[>] Fix bug\n[ ] Run tests\n");
        assertThat(heard).singleElement().asList().hasSize(3);
        assertThat(tools.context.plan().steps()).extracting(Plan.Step::status).containsExactly("completed", "in_progress", "pending");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"items\":[]}|items is empty",
        "{}|Missing required parameter 'items'",
        "{\"items\":\"do it\"}|must be an array",
        "{\"items\":[\"do it\"]}|must be an object",
        "{\"items\":[{\"step\":\"a\"}]}|Missing required parameter 'items[0].status'",
        "{\"items\":[{\"step\":\"a\",\"status\":\"done\"}]}|must be one of [pending, in_progress, completed]",
        "{\"items\":[{\"step\":\" \",\"status\":\"pending\"}]}|items[0].step is empty",
        "{\"items\":[{\"step\":\"a\",\"status\":\"in_progress\"},{\"step\":\"b\",\"status\":\"in_progress\"}]}|Only one step may be in_progress",
    })
    void refusesBadPlans(String arguments, String expected) {
        assertRefused("update_plan", arguments, expected);
        assertThat(tools.context.plan().steps()).isEmpty();
    }

    @Test
    void writeFileKeepsCrlfBomAndFinalNewlineOfAnExistingFile() throws IOException {
        byte[] bom = TestBytes.BOM;
        Files.write(ws.resolve("win.txt"), concat(bom, "old\r\ntext\r\n".getBytes()));
        tools.call("write_file", "{\"file_path\":\"win.txt\",\"content\":\"new\\ncontent\"}");
        assertThat(Files.readAllBytes(ws.resolve("win.txt"))).isEqualTo(concat(bom, "new\r\ncontent\r\n".getBytes()));
        tools.call("write_file", "{\"file_path\":\"fresh.txt\",\"content\":\"as given\"}");
        assertThat(Files.readString(ws.resolve("fresh.txt"))).isEqualTo("as given");
    }

    @Test
    void editFileKeepsTheByteOrderMarkAndAMissingFinalNewline() throws IOException {
        byte[] bom = TestBytes.BOM;
        Files.write(ws.resolve("bom.txt"), concat(bom, "alpha\nbeta".getBytes()));
        ToolResult r = tools.call("edit_file", "{\"file_path\":\"bom.txt\",\"old_string\":\"alpha\",\"new_string\":\"ALPHA\"}");
        assertThat(r.error()).as(r.output()).isFalse();
        assertThat(Files.readAllBytes(ws.resolve("bom.txt"))).isEqualTo(concat(bom, "ALPHA\nbeta".getBytes()));
    }
}
