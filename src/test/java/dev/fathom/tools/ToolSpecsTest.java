package dev.fathom.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.llm.RequestWriter;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Tool descriptions and schemas as loaded now (not the registry shared by the other tests, built once): the wire bytes
 * of a freshly loaded tool set, and an MCP server's schema turned into the subset the model is offered.
 */
class ToolSpecsTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aFreshlyLoadedToolSetIsSentExactlyAsTheWireSnapshot() throws Exception {
        byte[] wire = RequestWriter.writeTools(ToolRegistry.standard(JSON).specifications()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(wire).isEqualTo(Files.readAllBytes(ToolSchemaTest.WIRE_SNAPSHOT));
    }

    @Test
    void theExploreToolIsOfferedLastWithItsOwnDescription() {
        List<ToolSpecification> specs = ToolRegistry.standard(JSON).withExplore(JSON).specifications();
        ToolSpecification explore = specs.get(specs.size() - 1);
        assertThat(explore.name()).isEqualTo("explore");
        assertThat(explore.description()).isEqualTo(ToolSpecs.resource("/tools/explore.md").strip());
        assertThat(explore.parameters().required()).containsExactly("task");
    }

    @Test
    void aToolMissingFromTheJarIsNamed() {
        assertThatThrownBy(() -> ToolSpecs.load("no_such_tool", JSON)).isInstanceOf(IllegalStateException.class)
                .hasMessage("/tools/no_such_tool.md is missing from the Fathom jar");
    }

    @Test
    void aServersSchemaKeepsEveryTypeDescriptionEnumAndRequiredList() throws Exception {
        JsonObjectSchema converted = ToolSpecs.objectSchemaOf(JSON.readTree("""
                {"type": "object", "description": "the query",
                 "properties": {
                   "text": {"type": "string", "description": "what to find"},
                   "limit": {"type": "integer"},
                   "score": {"type": "number"},
                   "exact": {"type": "boolean"},
                   "mode": {"enum": ["fast", "full"], "description": "how"},
                   "tags": {"type": "array", "items": {"type": "string"}},
                   "range": {"type": "object", "properties": {"from": {"type": "integer"}}, "required": ["from"],
                             "additionalProperties": false}},
                 "required": ["text", "mode"]}
                """));
        JsonObjectSchema expected = JsonObjectSchema.builder().description("the query")
                .addProperty("text", JsonStringSchema.builder().description("what to find").build())
                .addProperty("limit", JsonIntegerSchema.builder().build())
                .addProperty("score", JsonNumberSchema.builder().build())
                .addProperty("exact", JsonBooleanSchema.builder().build())
                .addProperty("mode", JsonEnumSchema.builder().description("how").enumValues(List.of("fast", "full")).build())
                .addProperty("tags", JsonArraySchema.builder().items(JsonStringSchema.builder().build()).build())
                .addProperty("range", JsonObjectSchema.builder().addProperty("from", JsonIntegerSchema.builder().build())
                        .required(List.of("from")).additionalProperties(false).build())
                .required(List.of("text", "mode")).build();
        assertThat(converted).isEqualTo(expected);
        assertThat(RequestWriter.writeTools(List.of(ToolSpecification.builder().name("t").parameters(converted).build())))
                .isEqualTo(RequestWriter.writeTools(List.of(ToolSpecification.builder().name("t").parameters(expected).build())));
    }

    @Test
    void aSchemaWithoutRequiredPropertiesHasNoRequiredList() throws Exception {
        JsonObjectSchema converted = ToolSpecs.objectSchemaOf(JSON.readTree("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}"));
        assertThat(converted).isEqualTo(JsonObjectSchema.builder().addProperty("a", JsonStringSchema.builder().build()).build());
    }

    @Test
    void aSchemaOutsideTheSubsetBecomesAnEmptyObjectSchema() throws Exception {
        JsonObjectSchema empty = JsonObjectSchema.builder().build();
        assertThat(ToolSpecs.objectSchemaOf(null)).isEqualTo(empty);
        assertThat(ToolSpecs.objectSchemaOf(JSON.readTree("{\"type\":\"string\"}"))).isEqualTo(empty);
        assertThat(ToolSpecs.objectSchemaOf(JSON.readTree("{\"type\":\"object\",\"properties\":{\"when\":{\"type\":\"date\"}}}")))
                .isEqualTo(empty);
        assertThatThrownBy(() -> ToolSpecs.element(JSON.readTree("{\"type\":\"date\"}"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unsupported schema type 'date' in {\"type\":\"date\"}");
    }
}
