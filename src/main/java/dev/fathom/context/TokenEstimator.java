package dev.fathom.context;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;

/**
 * Estimates DeepSeek V4 token counts offline from character classes. The weights are set a little above what the V3
 * tokenizer gives (English prose about 0.19 tokens per character, Java 0.24, Chinese 0.56), so the estimate errs high
 * rather than low; {@link #calibrate} then scales it towards the endpoint's own counts as they arrive.
 */
public final class TokenEstimator {
    private static final double LETTER_OR_DIGIT = 0.23;
    private static final double WHITESPACE = 0.06;
    private static final double PUNCTUATION = 0.9;
    private static final double CJK = 0.62;
    private static final double OTHER = 0.5;
    /** Role markers and separators the chat template adds around each message. */
    private static final int PER_MESSAGE_OVERHEAD = 6;
    /** The calibration factor never goes below this: under-counting risks overflowing the window. */
    private static final double MIN_FACTOR = 0.85;
    private static final double MAX_FACTOR = 1.6;

    private double factor = 1.0;

    /** Raw (uncalibrated) estimate of a text. */
    public static double raw(String text) {
        if (text == null) {
            return 0;
        }
        double t = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 128) {
                if (Character.isLetterOrDigit(c)) {
                    t += LETTER_OR_DIGIT;
                } else if (Character.isWhitespace(c)) {
                    t += WHITESPACE;
                } else {
                    t += PUNCTUATION;
                }
            } else if (isCjk(c)) {
                t += CJK;
            } else if (!Character.isLowSurrogate(c)) {
                t += OTHER;
            }
        }
        return t;
    }

    private static boolean isCjk(char c) {
        Character.UnicodeBlock b = Character.UnicodeBlock.of(c);
        return b == Character.UnicodeBlock.CJK_UNIFIED_IDEOGRAPHS || b == Character.UnicodeBlock.CJK_SYMBOLS_AND_PUNCTUATION
                || b == Character.UnicodeBlock.HIRAGANA || b == Character.UnicodeBlock.KATAKANA
                || b == Character.UnicodeBlock.HANGUL_SYLLABLES || b == Character.UnicodeBlock.HALFWIDTH_AND_FULLWIDTH_FORMS
                || b == Character.UnicodeBlock.CJK_UNIFIED_IDEOGRAPHS_EXTENSION_A;
    }

    public static double raw(ChatMessage m) {
        double t = PER_MESSAGE_OVERHEAD;
        if (m instanceof SystemMessage s) {
            t += raw(s.text());
        } else if (m instanceof UserMessage u) {
            t += raw(u.singleText());
        } else if (m instanceof AiMessage a) {
            t += raw(a.text()) + raw(a.thinking());
            for (ToolExecutionRequest c : a.toolExecutionRequests()) {
                t += raw(c.name()) + raw(c.arguments()) + PER_MESSAGE_OVERHEAD;
            }
        } else if (m instanceof ToolExecutionResultMessage r) {
            t += raw(r.text());
        }
        return t;
    }

    /** Calibrated estimate of a text, in tokens. */
    public int estimate(String text) {
        return (int) Math.ceil(raw(text) * factor);
    }

    public int estimate(ChatMessage m) {
        return (int) Math.ceil(raw(m) * factor);
    }

    /**
     * Learns from a request whose exact count is known: {@code rawEstimate} is what {@link #raw} gave for the same
     * content. The factor moves a third of the way towards the observed ratio each time and stays within bounds.
     */
    public void calibrate(int exactTokens, double rawEstimate) {
        if (exactTokens <= 0 || rawEstimate <= 0) {
            return;
        }
        double observed = exactTokens / rawEstimate;
        factor = Math.max(MIN_FACTOR, Math.min(MAX_FACTOR, factor + (observed - factor) / 3));
    }

    public double factor() {
        return factor;
    }
}
