package dev.fathom.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The fake refuses the parameter values and tool-call shapes the real service refuses. */
class RequestValidatorTest {
    static final String USER = "{\"role\":\"user\",\"content\":\"hi\"}";
    static final String TOOL = "{\"type\":\"function\",\"function\":{\"name\":\"bash\",\"parameters\":{\"type\":\"object\"}}}";

    static String body(String extra, String... messages) {
        return "{\"model\":\"deepseek-v4-pro\",\"messages\":[" + String.join(",", messages) + "],\"tools\":[" + TOOL + "],"
                + "\"stream\":true" + extra + "}";
    }

    static String call(String id, String type, String name) {
        return "{\"role\":\"assistant\",\"content\":\"\",\"reasoning_content\":\"\",\"tool_calls\":[{\"id\":\"" + id + "\",\"type\":\"" + type
                + "\",\"function\":{\"name\":\"" + name + "\",\"arguments\":\"{}\"}}]}";
    }

    static String result(String id) {
        return "{\"role\":\"tool\",\"tool_call_id\":\"" + id + "\",\"content\":\"ok\"}";
    }

    static String check(String body) throws Exception {
        return new RequestValidator().check(new ObjectMapper().readTree(body));
    }

    @Test
    void acceptsWhatFathomSends() throws Exception {
        assertThat(check(body(",\"thinking\":{\"type\":\"enabled\"},\"reasoning_effort\":\"low\",\"max_tokens\":393216,"
                + "\"tool_choice\":\"auto\",\"stream_options\":{\"include_usage\":true}", USER, call("a", "function", "bash"), result("a"))))
                .isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {",\"max_tokens\":0", ",\"max_tokens\":393217", ",\"max_tokens\":\"100\"", ",\"thinking\":{\"type\":\"on\"}",
            ",\"thinking\":true", ",\"reasoning_effort\":\"medium-ish\"", ",\"tool_choice\":\"sometimes\"",
            ",\"stream_options\":{\"include_usage\":\"yes\"}"})
    void refusesBadParameterValues(String extra) throws Exception {
        assertThat(check(body(extra, USER))).isNotNull();
    }

    @Test
    void refusesBadOrDuplicateToolCallsInHistory() throws Exception {
        assertThat(check(body("", USER, call("a", "fn", "bash"), result("a")))).contains("type");
        assertThat(check(body("", USER, call("a", "function", ""), result("a")))).contains("name");
        assertThat(check(body("", USER, call("a", "function", "bash"), result("a"), call("a", "function", "bash"), result("a"))))
                .contains("Duplicate");
    }
}
