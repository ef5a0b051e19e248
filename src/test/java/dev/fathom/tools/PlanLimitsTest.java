package dev.fathom.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** update_plan at its limit, and the plan as the model and the front ends see it. */
class PlanLimitsTest extends ToolTestSupport {

    private static String plan(int steps) {
        return IntStream.rangeClosed(1, steps).mapToObj(i -> "{\"step\":\"s" + i + "\",\"status\":\"pending\"}")
                .collect(Collectors.joining(",", "{\"items\":[", "]}"));
    }

    @Test
    void fiftyStepsAreAcceptedAndFiftyOneAreRefused() {
        ToolResult fifty = tools.call("update_plan", plan(50));
        assertThat(fifty.error()).isFalse();
        assertThat(fifty.summary()).isEqualTo("0/50 done");
        assertThat(assertRefused("update_plan", plan(51), "").output()).isEqualTo("The plan has 51 steps; keep it to 50 or fewer.");
        assertThat(tools.context.plan().steps()).hasSize(50);
    }

    @Test
    void stepsAreStrippedAndCountedAndAnyOtherStatusShowsAsPending() {
        ToolResult r = tools.call("update_plan", "{\"items\":[{\"step\":\"  Read  \",\"status\":\"completed\"},"
                + "{\"step\":\"Fix\",\"status\":\"completed\"},{\"step\":\"Test\",\"status\":\"in_progress\"}]}");
        assertThat(r.output()).isEqualTo("Plan updated (2 of 3 completed):\n[x] Read\n[x] Fix\n[>] Test\n");
        assertThat(r.summary()).isEqualTo("2/3 done");
        assertThat(tools.context.plan().steps()).containsExactly(new Plan.Step("Read", "completed"), new Plan.Step("Fix", "completed"),
                new Plan.Step("Test", "in_progress"));
        assertThat(Plan.render(java.util.List.of(new Plan.Step("Later", "someday")))).isEqualTo("[ ] Later\n");
    }
}
