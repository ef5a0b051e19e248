package dev.fathom.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.api.Test;

/** Arguments checked against a schema with every type the binder knows: what is converted, and each exact refusal. */
class ArgumentCheckTest {
    record Range(Integer from) {
    }

    record Args(String text, Integer limit, Double score, Boolean exact, String mode, List<String> tags, Range range, List<Integer> counts,
            List<Boolean> flags, List<String> modes, List<Range> ranges) {
    }

    static final JsonObjectSchema SCHEMA;

    static {
        try {
            SCHEMA = ToolSpecs.objectSchemaOf(new ObjectMapper().readTree("""
                    {"type": "object", "properties": {
                      "text": {"type": "string"}, "limit": {"type": "integer"}, "score": {"type": "number"},
                      "exact": {"type": "boolean"}, "mode": {"enum": ["fast", "full"]},
                      "tags": {"type": "array", "items": {"type": "string"}},
                      "range": {"type": "object", "properties": {"from": {"type": "integer"}}, "required": ["from"]},
                      "counts": {"type": "array", "items": {"type": "integer"}},
                      "flags": {"type": "array", "items": {"type": "boolean"}},
                      "modes": {"type": "array", "items": {"enum": ["fast", "full"]}},
                      "ranges": {"type": "array", "items": {"type": "object", "properties": {"from": {"type": "integer"}}, "required": ["from"]}}},
                     "required": ["text"]}
                    """));
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static Args bind(String json) throws ToolException {
        return new ArgumentBinder().bind("probe", json, SCHEMA, Args.class);
    }

    @Test
    void numbersAndBooleansSentAsTextAreConverted() throws ToolException {
        Args a = bind("{\"text\":\"t\",\"limit\":\" 12 \",\"exact\":\"false\",\"score\":1.5}");
        assertThat(a.limit()).isEqualTo(12);
        assertThat(a.exact()).isFalse();
        assertThat(a.score()).isEqualTo(1.5);
        assertThat(bind("{\"text\":\"t\",\"limit\":\"-7\",\"exact\":\"true\"}")).extracting(Args::limit, Args::exact).containsExactly(-7, true);
        assertThat(bind("{\"text\":\"t\",\"limit\":3.0}").limit()).isEqualTo(3);
    }

    @Test
    void nestedObjectsAndTypedArraysAreAcceptedWhenRight() throws ToolException {
        Args a = bind("{\"text\":\"t\",\"range\":{\"from\":2},\"counts\":[1,2],\"flags\":[true],\"modes\":[\"full\"],\"ranges\":[{\"from\":5}],"
                + "\"tags\":[\"x\"],\"mode\":\"fast\"}");
        assertThat(a).isEqualTo(new Args("t", null, null, null, "fast", List.of("x"), new Range(2), List.of(1, 2), List.of(true), List.of("full"),
                List.of(new Range(5))));
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{\"text\":\"t\",\"limit\":\"abc\"}|Parameter 'limit' of probe must be an integer, got string \"abc\".",
        "{\"text\":\"t\",\"limit\":\"1234567890\"}|Parameter 'limit' of probe must be an integer, got string \"1234567890\".",
        "{\"text\":\"t\",\"limit\":2.5}|Parameter 'limit' of probe must be an integer, got number 2.5.",
        "{\"text\":\"t\",\"score\":\"high\"}|Parameter 'score' of probe must be a number, got string \"high\".",
        "{\"text\":\"t\",\"exact\":\"yes\"}|Parameter 'exact' of probe must be true or false, got string \"yes\".",
        "{\"text\":\"t\",\"mode\":\"slow\"}|Parameter 'mode' of probe must be one of [fast, full], got \"slow\".",
        "{\"text\":\"t\",\"range\":[1]}|Parameter 'range' of probe must be an object, got array [1].",
        "{\"text\":\"t\",\"range\":{}}|Missing required parameter 'range.from' for probe.",
        "{\"text\":\"t\",\"range\":{\"from\":\"x\"}}|Parameter 'range.from' of probe must be an integer, got string \"x\".",
        "{\"text\":\"t\",\"counts\":[1,\"2\"]}|Parameter 'counts[1]' of probe must be an integer, got string \"2\".",
        "{\"text\":\"t\",\"flags\":[true,\"true\"]}|Parameter 'flags[1]' of probe must be true or false, got string \"true\".",
        "{\"text\":\"t\",\"modes\":[\"slow\"]}|Parameter 'modes[0]' of probe must be one of [fast, full], got \"slow\".",
        "{\"text\":\"t\",\"modes\":[3]}|Parameter 'modes[0]' of probe must be one of [fast, full], got 3.",
        "{\"text\":\"t\",\"tags\":[\"a\",7]}|Parameter 'tags[1]' of probe must be a string, got number 7.",
        "{\"text\":\"t\",\"ranges\":[{\"from\":1},{}]}|Missing required parameter 'ranges[1].from' for probe.",
        "{\"text\":\"t\",\"ranges\":[3]}|Parameter 'ranges[0]' of probe must be an object, got number 3.",
    })
    void eachWrongValueIsNamedWithWhatItShouldBe(String json, String message) {
        assertThatThrownBy(() -> bind(json)).isInstanceOf(ToolException.class).hasMessage(message);
    }

    @Test
    void aWrongValueIsQuotedWholeUpToSixtyCharactersAndCutAfter() {
        String fiftyEight = "x".repeat(58); // quoted, 60 characters
        assertThatThrownBy(() -> bind("{\"text\":\"" + fiftyEight + "\",\"limit\":\"" + fiftyEight + "\"}"))
                .hasMessage("Parameter 'limit' of probe must be an integer, got string \"" + fiftyEight + "\".");
        String fiftyNine = "x".repeat(59);
        assertThatThrownBy(() -> bind("{\"text\":\"t\",\"limit\":\"" + fiftyNine + "\"}"))
                .hasMessage("Parameter 'limit' of probe must be an integer, got string \"" + fiftyNine + "….");
    }
}
