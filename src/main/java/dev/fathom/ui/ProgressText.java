package dev.fathom.ui;

import dev.fathom.loop.AgentEvent;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** A running tool's progress as shown beside it: "3/5 Processing", or "3" when the server gives no total. */
final class ProgressText {
    private ProgressText() {
    }

    static String of(AgentEvent.ToolCallProgressed p) {
        String amount = number(p.progress()) + (p.total() == null ? "" : "/" + number(p.total()));
        String message = p.message() == null ? "" : TerminalText.oneLine(p.message()).strip();
        return message.isEmpty() ? amount : amount + " " + message;
    }

    /** Whole numbers without a fraction, others to two places: servers send counts as often as fractions. */
    static String number(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return "?";
        }
        return BigDecimal.valueOf(d).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
