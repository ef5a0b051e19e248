package dev.fathom.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.loop.AgentEvent;
import dev.fathom.loop.UsageTotals;
import org.junit.jupiter.api.Test;

/** The stream-json contract for what consumers parse: arguments as objects, costs as plain decimals. */
class JsonEventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void toolArgumentsAreAJsonObjectNotAString() throws Exception {
        JsonNode line = JSON.readTree(JsonEvents.line(new AgentEvent.ToolCallStarted("c1", "read_file", "{\"path\": \"a.txt\", \"n\": 3}")));
        assertThat(line.path("arguments").isObject()).as(line.toString()).isTrue();
        assertThat(line.path("arguments").path("path").asText()).isEqualTo("a.txt");
        assertThat(line.path("arguments").path("n").asInt()).isEqualTo(3);
        assertThat(line.has("arguments_malformed")).isFalse();
    }

    @Test
    void malformedArgumentsStayAStringWithAFlag() throws Exception {
        for (String bad : new String[] {"{\"path\": \"a.txt\"", "[1, 2]", "\"text\""}) {
            JsonNode line = JSON.readTree(JsonEvents.line(new AgentEvent.ToolCallStarted("c1", "read_file", bad)));
            assertThat(line.path("arguments").isTextual()).as(line.toString()).isTrue();
            assertThat(line.path("arguments").asText()).isEqualTo(bad);
            assertThat(line.path("arguments_malformed").asBoolean()).isTrue();
        }
    }

    @Test
    void costsArePlainDecimals() throws Exception {
        UsageTotals.Usage u = new UsageTotals.Usage(10, 5, 0, 10, 0);
        String line = JsonEvents.line(new AgentEvent.UsageReported(1, u, 7.2974E-4, 1.5E-7));
        assertThat(line).contains("\"cost_usd\":0.00072974").contains("\"total_cost_usd\":0.00000015").doesNotContain("E-");
        assertThat(JSON.readTree(line).path("cost_usd").asDouble()).isEqualTo(7.2974E-4);
        assertThat(JsonEvents.line(new AgentEvent.UsageReported(1, u, null, null))).contains("\"cost_usd\":null");
    }
}
