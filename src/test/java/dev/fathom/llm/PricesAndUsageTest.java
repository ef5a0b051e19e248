package dev.fathom.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/** Cost arithmetic to the cent fraction, peak and off-peak prices at their edges, and V4's token usage as a value. */
class PricesAndUsageTest {
    static final ModelTable TABLE = ModelTable.load(new ObjectMapper());
    static final ModelInfo PRO = TABLE.lookup("pro", null);

    @Test
    void costIsEachKindOfTokenAtItsOwnPricePerMillion() {
        ModelInfo.Prices p = new ModelInfo.Prices(0.5, 2, 8);
        assertThat(p.cost(1_000_000, 0, 0)).isEqualTo(0.5);
        assertThat(p.cost(0, 1_000_000, 0)).isEqualTo(2.0);
        assertThat(p.cost(0, 0, 1_000_000)).isEqualTo(8.0);
        assertThat(p.cost(200_000, 30_000, 4_000)).isCloseTo(0.1 + 0.06 + 0.032, within(1e-12));
        assertThat(ModelInfo.Prices.FREE.cost(5_000_000, 5_000_000, 5_000_000)).isZero();
    }

    @Test
    void proPricesOffPeakAndPeakAreTheTablesExactly() {
        // 1M cache hits, 1M misses and 1M output tokens: the sum of the three per-million prices.
        assertThat(PRO.offPeak().cost(1_000_000, 1_000_000, 1_000_000)).isCloseTo(0.022 + 0.66 + 1.98, within(1e-12));
        assertThat(PRO.peak().cost(1_000_000, 1_000_000, 1_000_000)).isCloseTo(0.044 + 1.32 + 3.96, within(1e-12));
        ModelInfo flash = TABLE.lookup("flash", null);
        assertThat(flash.id()).isEqualTo("deepseek-flash");
        assertThat(flash.offPeak().cost(2_000_000, 0, 500_000)).isCloseTo(0.006 + 0.30, within(1e-12));
    }

    @Test
    void peakPricesApplyOnWeekdaysInsideThePeakHoursOnly() {
        // Wednesday 2026-11-25; the table's peak hours are 01:00-04:00 and 06:00-10:00 UTC, start included, end not.
        assertThat(pricesAt("2026-11-25T00:59:59Z")).isSameAs(PRO.offPeak());
        assertThat(pricesAt("2026-11-25T01:00:00Z")).isSameAs(PRO.peak());
        assertThat(pricesAt("2026-11-25T03:59:59Z")).isSameAs(PRO.peak());
        assertThat(pricesAt("2026-11-25T04:00:00Z")).isSameAs(PRO.offPeak());
        assertThat(pricesAt("2026-11-25T05:30:00Z")).isSameAs(PRO.offPeak());
        assertThat(pricesAt("2026-11-25T06:00:00Z")).isSameAs(PRO.peak());
        assertThat(pricesAt("2026-11-25T09:59:59Z")).isSameAs(PRO.peak());
        assertThat(pricesAt("2026-11-25T10:00:00Z")).isSameAs(PRO.offPeak());
        // Monday and Friday are weekdays; Saturday and Sunday are off-peak all day.
        assertThat(pricesAt("2026-11-23T02:00:00Z")).isSameAs(PRO.peak());
        assertThat(pricesAt("2026-11-27T02:00:00Z")).isSameAs(PRO.peak());
        assertThat(pricesAt("2026-11-28T02:00:00Z")).isSameAs(PRO.offPeak());
        assertThat(pricesAt("2026-11-29T02:00:00Z")).isSameAs(PRO.offPeak());
    }

    @Test
    void peakHoursAreUtcWhateverTheCallersZone() {
        // 10:30 in Shanghai on a Wednesday is 02:30 UTC: peak. 08:00 in Shanghai is 00:00 UTC: not.
        ZoneId shanghai = ZoneId.of("Asia/Shanghai");
        assertThat(TABLE.pricesAt(PRO, ZonedDateTime.of(2026, 11, 25, 10, 30, 0, 0, shanghai))).isSameAs(PRO.peak());
        assertThat(TABLE.pricesAt(PRO, ZonedDateTime.of(2026, 11, 25, 8, 0, 0, 0, shanghai))).isSameAs(PRO.offPeak());
        // Saturday 01:30 in Shanghai is still Friday 17:30 UTC: a weekday, outside the hours.
        assertThat(TABLE.pricesAt(PRO, ZonedDateTime.of(2026, 11, 28, 1, 30, 0, 0, shanghai))).isSameAs(PRO.offPeak());
        // Monday 07:00 in Shanghai is Sunday 23:00 UTC: weekend; Sunday 22:00 in New York is Monday 03:00 UTC: peak.
        assertThat(TABLE.pricesAt(PRO, ZonedDateTime.of(2026, 11, 23, 7, 0, 0, 0, shanghai))).isSameAs(PRO.offPeak());
        assertThat(TABLE.pricesAt(PRO, ZonedDateTime.of(2026, 11, 22, 22, 0, 0, 0, ZoneId.of("America/New_York")))).isSameAs(PRO.peak());
    }

    @Test
    void aModelTheTableDoesNotKnowIsFreeAndSaysSo() {
        ModelInfo other = TABLE.lookup("my-own-model", null);
        assertThat(other.known()).isFalse();
        assertThat(other.peak()).isSameAs(ModelInfo.Prices.FREE);
        assertThat(PRO.known()).isTrue();
        assertThat(TABLE.pricesAt(other, ZonedDateTime.parse("2026-11-25T02:00:00Z")).cost(1_000_000, 1_000_000, 1_000_000)).isZero();
    }

    @Test
    void tokenUsageTotalsAndCompareOnEveryField() {
        V4TokenUsage u = new V4TokenUsage(1_000, 200, 640, 360, 50);
        assertThat(u.inputTokenCount()).isEqualTo(1_000);
        assertThat(u.outputTokenCount()).isEqualTo(200);
        assertThat(u.totalTokenCount()).isEqualTo(1_200);
        assertThat(u.cacheHitTokens()).isEqualTo(640);
        assertThat(u.cacheMissTokens()).isEqualTo(360);
        assertThat(u.reasoningTokens()).isEqualTo(50);
        assertThat(u.toString()).isEqualTo("V4TokenUsage{prompt=1000, completion=200, cacheHit=640, cacheMiss=360, reasoning=50}");

        V4TokenUsage same = new V4TokenUsage(1_000, 200, 640, 360, 50);
        assertThat(u).isEqualTo(same).hasSameHashCodeAs(same);
        assertThat(u).isNotEqualTo(new V4TokenUsage(1_001, 200, 640, 360, 50))
                .isNotEqualTo(new V4TokenUsage(1_000, 201, 640, 360, 50))
                .isNotEqualTo(new V4TokenUsage(1_000, 200, 641, 360, 50))
                .isNotEqualTo(new V4TokenUsage(1_000, 200, 640, 361, 50))
                .isNotEqualTo(new V4TokenUsage(1_000, 200, 640, 360, 51))
                .isNotEqualTo(new dev.langchain4j.model.output.TokenUsage(1_000, 200, 1_200));
        assertThat(u.hashCode()).isNotEqualTo(new V4TokenUsage(1_000, 200, 641, 360, 50).hashCode())
                .isNotEqualTo(new V4TokenUsage(1_000, 200, 640, 361, 50).hashCode())
                .isNotEqualTo(new V4TokenUsage(1_000, 200, 640, 360, 51).hashCode())
                .isNotEqualTo(new V4TokenUsage(1_001, 200, 640, 360, 50).hashCode());
    }

    private static ModelInfo.Prices pricesAt(String instant) {
        return TABLE.pricesAt(PRO, ZonedDateTime.parse(instant));
    }
}
