package dev.fathom.loop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Costs are written as plain decimals everywhere a report carries them: consumers misread 7.2974E-4. */
class RunCostsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static RunCosts costs() {
        UsageTotals.Line flash = new UsageTotals.Line(2, new UsageTotals.Usage(1000, 10, 900, 100, 0), 0.000072974);
        return new RunCosts(Map.of("deepseek-flash", flash), Map.of("main", flash), "deepseek-v4-pro", 0.000072974, 0.00091, List.of());
    }

    @Test
    void costsAreWrittenAsPlainDecimals() {
        String text = costs().toJson(JSON).toString();
        assertThat(text).contains("\"cost_usd\":0.000072974").contains("\"baseline_cost_usd\":0.00091").doesNotContain("E-");
    }

    @Test
    void addingCostsToAReportKeepsItsOwnDecimalsPlain() throws Exception {
        String report = "{\n  \"status\" : \"fixed\",\n  \"cost_usd\" : 0.00072974\n}\n";
        String out = costs().addTo(report, JSON);
        assertThat(out).contains("\"cost_usd\" : 0.00072974").doesNotContain("E-");
        assertThat(JSON.readTree(out).path("costs").path("by_model").path("deepseek-flash").path("cost_usd").asDouble()).isEqualTo(0.000072974);
    }

    @Test
    void anUnpricedCostIsNull() {
        assertThat(RunCosts.NONE.toJson(JSON).path("cost_usd").isNull()).isTrue();
    }
}
