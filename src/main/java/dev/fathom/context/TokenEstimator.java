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
 * <p>
 * Text the tokenizer's vocabulary does not cover costs far more per character, and an estimate that runs low lets a
 * conversation overflow the window before compaction starts. So each run of ASCII letters and digits is weighed by
 * what it looks like: digits go in groups of up to three (the V3 pre-tokenizer's split); hex (digits with a-f) and
 * base64 (digits with both cases, over 12 characters) by their measured rates; emoji and other symbols outside the
 * basic plane by theirs. Against the V3 tokenizer (TokenCorpusTest) no kind is more than 5% under.
 */
public final class TokenEstimator {
    private static final double LETTER_OR_DIGIT = 0.23;
    private static final double WHITESPACE = 0.06;
    private static final double PUNCTUATION = 0.9;
    private static final double CJK = 0.62;
    private static final double OTHER = 0.5;
    /** A group of up to three digits. */
    private static final double DIGIT_GROUP = 1.12;
    /** Per character of a hex run (a digest, an address); short runs (a hexdump's bytes) split worse. */
    private static final double HEX = 0.71;
    private static final double SHORT_HEX = 1.0;
    private static final double BASE64 = 0.72;
    private static final int BASE64_MIN_LENGTH = 12;
    /** A code point outside the basic plane (emoji, flags): its four UTF-8 bytes are rarely one token. */
    private static final double SUPPLEMENTARY = 2.2;
    /** Zero-width joiners and variation selectors inside emoji sequences. */
    private static final double JOINER = 1.0;
    /** Symbols and dingbats of U+2000-U+2BFF (check marks, arrows, stars). */
    private static final double SYMBOL = 1.5;
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
        int n = text.length();
        for (int i = 0; i < n; ) {
            char c = text.charAt(i);
            if (c < 128) {
                if (isAsciiLetterOrDigit(c) || (c == '+' || c == '/') && i + 1 < n && isAsciiLetterOrDigit(text.charAt(i + 1))) {
                    int end = i;
                    while (end < n && (isAsciiLetterOrDigit(text.charAt(end)) || text.charAt(end) == '+' || text.charAt(end) == '/')) {
                        end++;
                    }
                    t += run(text, i, end);
                    i = end;
                    continue;
                }
                t += Character.isWhitespace(c) ? WHITESPACE : PUNCTUATION;
                i++;
                continue;
            }
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp >= 0x10000 || Character.isSurrogate((char) cp)) {
                t += SUPPLEMENTARY;
            } else if (cp == 0x200D || cp == 0xFE0E || cp == 0xFE0F) {
                t += JOINER;
            } else if (cp >= 0x2000 && cp < 0x2C00) {
                t += SYMBOL;
            } else if (isCjk((char) cp)) {
                t += CJK;
            } else {
                t += OTHER;
            }
        }
        return t;
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    /** A run of ASCII letters and digits, with the '+' and '/' base64 puts between them. */
    private static double run(String text, int from, int to) {
        int digits = 0;
        int upper = 0;
        int lower = 0;
        int hexLetters = 0;
        int slashes = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c >= 'a' && c <= 'z') {
                lower++;
                hexLetters += c <= 'f' ? 1 : 0;
            } else if (c >= 'A' && c <= 'Z') {
                upper++;
                hexLetters += c <= 'F' ? 1 : 0;
            } else {
                slashes++;
            }
        }
        int length = to - from;
        int letters = upper + lower;
        if (digits > 0 && letters == 0 && slashes == 0) {
            return (digits + 2) / 3 * DIGIT_GROUP;
        }
        if (digits > 0 && letters > 0 && hexLetters == letters && slashes == 0) {
            return length * (length >= 4 ? HEX : SHORT_HEX);
        }
        if (digits > 0 && upper > 0 && lower > 0 && length >= BASE64_MIN_LENGTH) {
            return length * BASE64;
        }
        // words and identifiers; a digit among letters often stands alone
        return letters * LETTER_OR_DIGIT + digits * (DIGIT_GROUP / 3) + slashes * PUNCTUATION;
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
