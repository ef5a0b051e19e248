package dev.fathom.context;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The window's budget in exact tokens: what output reserves, when compaction starts and what it keeps. */
class ContextBudgetTest {

    @Test
    void v4sMillionTokenWindowReservesTheCapOf32768() {
        ContextBudget b = ContextBudget.of(1_048_576, 393_216, null, true);
        assertThat(b).isEqualTo(new ContextBudget(1_048_576, 32_768, 85, true));
        assertThat(b.usable()).isEqualTo(1_015_808);
        assertThat(b.triggerTokens()).isEqualTo(863_436); // 85 % of 1,015,808 = 863,436.8, rounded down
        assertThat(b.targetTokens()).isEqualTo(609_484);
        assertThat(b.protectedRecentTokens()).isEqualTo(40_000);
        assertThat(b.userMessagesTokens()).isEqualTo(20_000);
        assertThat(b.recentTurnsTokens()).isEqualTo(60_000);
    }

    @Test
    void aSmallWindowReservesAFifthAndKeepsShares() {
        ContextBudget b = ContextBudget.of(40_000, 393_216, 50, true);
        assertThat(b.reservedOutput()).isEqualTo(8_000);
        assertThat(b.usable()).isEqualTo(32_000);
        assertThat(b.triggerTokens()).isEqualTo(16_000);
        assertThat(b.targetTokens()).isEqualTo(19_200);
        assertThat(b.protectedRecentTokens()).isEqualTo(8_000);
        assertThat(b.userMessagesTokens()).isEqualTo(4_000);
        assertThat(b.recentTurnsTokens()).isEqualTo(6_400);
    }

    @Test
    void aModelsSmallOutputCapIsAllThatIsReserved() {
        ContextBudget b = ContextBudget.of(100_000, 5_000, 90, false);
        assertThat(b).isEqualTo(new ContextBudget(100_000, 5_000, 90, false));
        assertThat(b.usable()).isEqualTo(95_000);
        assertThat(b.triggerTokens()).isEqualTo(85_500);
        assertThat(b.targetTokens()).isEqualTo(57_000);
        assertThat(b.protectedRecentTokens()).isEqualTo(23_750);
        assertThat(b.userMessagesTokens()).isEqualTo(11_875);
        assertThat(b.recentTurnsTokens()).isEqualTo(19_000);
    }

    @Test
    void theTriggerIsComputedWithoutOverflowForAHugeWindow() {
        // 1,000,000,000 usable tokens times 85 passes the int range; the trigger must still be 85 % of it.
        ContextBudget b = new ContextBudget(1_000_032_768, 32_768, 85, true);
        assertThat(b.triggerTokens()).isEqualTo(850_000_000);
    }

    @Test
    void theCompactionTargetIsComputedWithoutOverflowForAHugeWindow() {
        // 400,000,000 usable tokens times 6 passes the int range (past about 358M it went negative, so pruning alone never
        // sufficed and every compaction asked the model for a summary); the target must still be 60 % of the usable window.
        ContextBudget b = new ContextBudget(400_032_768, 32_768, 85, true);
        assertThat(b.targetTokens()).isEqualTo(240_000_000);
        assertThat(new ContextBudget(Integer.MAX_VALUE, 0, 85, true).targetTokens()).isEqualTo(1_288_490_188);
    }
}
