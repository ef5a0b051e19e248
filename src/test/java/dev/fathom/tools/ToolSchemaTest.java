package dev.fathom.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.llm.RequestWriter;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the model sees of the tools, reviewed like code: a whole snapshot, and each schema matched to its record. */
class ToolSchemaTest {
    static final Path SNAPSHOT = Path.of("src/test/resources/snapshots/tools.json");
    /** The tools exactly as sent: the bytes of the request's {@code tools} value, with no newline added. */
    static final Path WIRE_SNAPSHOT = Path.of("src/test/resources/snapshots/tools.wire.json");
    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Byte for byte, as sent: a parse-and-print comparison would miss what a strict server sees (escapes, key order,
     * a duplicate key, whitespace). tools.json is the same snapshot pretty-printed, for review. Set
     * -Dfathom.updateSnapshots=true to rewrite both after a deliberate change, then review the diff.
     */
    @Test
    void toolsAsSentMatchTheSnapshot() throws IOException {
        byte[] wire = RequestWriter.writeTools(ToolHarness.REGISTRY.specifications()).getBytes(StandardCharsets.UTF_8);
        String pretty = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(wire)) + "\n";
        if (Boolean.getBoolean("fathom.updateSnapshots")) {
            Files.createDirectories(SNAPSHOT.getParent());
            Files.write(WIRE_SNAPSHOT, wire);
            Files.writeString(SNAPSHOT, pretty);
        }
        assertThat(new String(wire, StandardCharsets.UTF_8)).as("the tools as sent, byte for byte")
                .isEqualTo(new String(Files.readAllBytes(WIRE_SNAPSHOT), StandardCharsets.UTF_8));
        assertThat(wire).isEqualTo(Files.readAllBytes(WIRE_SNAPSHOT));
        assertThat(pretty).as("the review copy is the wire snapshot pretty-printed").isEqualTo(Files.readString(SNAPSHOT));
    }

    @Test
    void everySchemaMatchesItsArgumentRecord() {
        List<ToolSpecification> specs = ToolHarness.REGISTRY.specifications();
        assertThat(specs).extracting(ToolSpecification::name)
                .containsExactly("read_file", "write_file", "edit_file", "apply_patch", "glob", "grep", "bash", "job_output",
                        "git_status", "git_diff", "git_log", "git_commit", "update_plan");
        for (ToolSpecification spec : specs) {
            Tool<?> tool = ToolHarness.REGISTRY.tool(spec.name());
            RecordComponent[] components = tool.argumentType().getRecordComponents();
            Map<String, JsonSchemaElement> properties = spec.parameters().properties();
            assertThat(properties.keySet()).as(spec.name()).containsExactlyElementsOf(
                    Arrays.stream(components).map(c -> snake(c.getName())).toList());
            for (RecordComponent c : components) {
                JsonSchemaElement e = properties.get(snake(c.getName()));
                Class<?> expected = c.getType() == String.class ? JsonStringSchema.class
                        : c.getType() == Integer.class ? JsonIntegerSchema.class
                        : c.getType() == Boolean.class ? JsonBooleanSchema.class
                        : c.getType() == List.class ? JsonArraySchema.class : null;
                assertThat(e).as(spec.name() + "." + c.getName()).isInstanceOf(expected);
                assertThat(e.description()).as(spec.name() + "." + c.getName() + " has a description").isNotBlank();
            }
            assertThat(properties.keySet()).containsAll(spec.parameters().required());
            assertThat(spec.description()).as(spec.name() + " documents its errors").contains("Errors:");
        }
    }

    @Test
    void snapshotIsValidJsonSchemaForV4() throws IOException {
        for (JsonNode tool : JSON.readTree(Files.readString(SNAPSHOT))) {
            assertThat(tool.path("function").path("name").asText()).matches("[a-z_]{1,64}");
            assertThat(tool.path("function").path("parameters").path("type").asText()).isEqualTo("object");
        }
    }

    static String snake(String camel) {
        return camel.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase();
    }
}
