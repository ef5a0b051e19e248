package dev.fathom.ui;

import java.util.function.IntSupplier;
import org.jline.utils.WCWidth;

/**
 * Breaks streamed text into lines at word boundaries for a terminal of a given width, so that the terminal's own wrap
 * never cuts a word in two. A word is held back until it ends (a space or a line break), then moved to a new line if it
 * would not fit; the spaces before a moved word are dropped. Style escape sequences take no columns; a word longer than
 * a whole line is left to the terminal. A width of 0 or less (a pipe, an unknown terminal) wraps nothing.
 *
 * <p>A wrapped line hangs: its continuation rows start under its text, not at the left edge. For a list item
 * ({@code • }, {@code - }, {@code 2. }) that is under the item's first word, not under the bullet; for an indented line
 * (nested text, code) under its indent. A hang wider than half the terminal is dropped, so that deep nesting on a
 * narrow terminal still leaves room for words.
 */
public final class WordWrap {
    private final IntSupplier width;
    private final StringBuilder word = new StringBuilder();
    private final StringBuilder spaces = new StringBuilder();
    private int wordColumns;
    private int column;
    /** 0 outside an escape sequence, 1 after ESC, 2 inside {@code ESC [}. */
    private int escape;
    /** Words placed on this line so far (counted up to 2: only the first two decide the hang). */
    private int lineWords;
    /** Whether the line's first word is a list marker, so the hang is under its second word. */
    private boolean listItem;
    /** Spaces that start each continuation row of this line. */
    private int hang;
    private static final java.util.regex.Pattern MARKER = java.util.regex.Pattern.compile("[-*+\u2022\u25e6\u25aa\u2023]|[0-9]{1,3}[.)]");
    private static final java.util.regex.Pattern STYLE = java.util.regex.Pattern.compile("\u001b\\[[0-9;]*[A-Za-z]");

    public WordWrap(IntSupplier width) {
        this.width = width;
    }

    /** {@code text} wrapped for {@code width} columns, starting at the start of a line. */
    public static String wrap(String text, int width) {
        WordWrap w = new WordWrap(() -> width);
        return w.feed(text) + w.flush();
    }

    /** What to print for the next piece of text (a word still open is held back). */
    public String feed(CharSequence text) {
        StringBuilder out = new StringBuilder();
        int limit = width.getAsInt();
        for (int i = 0; i < text.length(); ) {
            int cp = Character.codePointAt(text, i);
            i += Character.charCount(cp);
            if (escape > 0 || cp == 0x1b) {
                word.appendCodePoint(cp);
                escape = cp == 0x1b ? 1 : escape == 1 ? (cp == '[' ? 2 : 0) : cp >= 0x40 && cp <= 0x7e ? 0 : 2;
            } else if (cp == '\n' || cp == '\r') {
                endWord(out, limit);
                spaces.setLength(0);
                out.appendCodePoint(cp);
                newLine();
            } else if (cp == ' ' || cp == '\t') {
                endWord(out, limit);
                spaces.appendCodePoint(cp);
            } else {
                word.appendCodePoint(cp);
                wordColumns += Math.max(0, WCWidth.wcwidth(cp));
            }
        }
        return out.toString();
    }

    /** What was held back: the open word and the spaces before it. */
    public String flush() {
        StringBuilder out = new StringBuilder();
        endWord(out, width.getAsInt());
        out.append(spaces);
        column += columns(spaces);
        spaces.setLength(0);
        return out.toString();
    }

    /** Notes text printed around this wrapper (Fathom's own lines), so the column stays right. Flush first. */
    public void printed(CharSequence text) {
        int state = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = Character.codePointAt(text, i);
            i += Character.charCount(cp);
            if (state > 0 || cp == 0x1b) {
                state = cp == 0x1b ? 1 : state == 1 ? (cp == '[' ? 2 : 0) : cp >= 0x40 && cp <= 0x7e ? 0 : 2;
            } else if (cp == '\n' || cp == '\r') {
                newLine();
            } else {
                column += Math.max(0, WCWidth.wcwidth(cp));
                lineWords = 2; // a line begun by Fathom (a "thinking: " label) does not hang under its label
            }
        }
    }

    private void endWord(StringBuilder out, int limit) {
        if (word.length() == 0) {
            return;
        }
        int gap = columns(spaces);
        notePlace(column + gap, limit);
        if (limit > 0 && column > hang && wordColumns > 0 && column + gap + wordColumns > limit) {
            out.append('\n').append(" ".repeat(hang));
            column = hang;
        } else {
            out.append(spaces);
            column += gap;
        }
        spaces.setLength(0);
        out.append(word);
        column += wordColumns;
        if (limit > 0 && column > limit) {
            column = (column - 1) % limit + 1; // a word longer than the line: the terminal wrapped it
        }
        word.setLength(0);
        wordColumns = 0;
    }

    /** Works out the hang from the first two words of a line: where the text after a list marker, or the first word, starts. */
    private void notePlace(int start, int limit) {
        if (lineWords >= 2) {
            return;
        }
        if (lineWords == 0) {
            listItem = MARKER.matcher(STYLE.matcher(word).replaceAll("")).matches();
            hang = start;
        } else if (listItem) {
            hang = start;
        }
        lineWords++;
        if (limit > 0 && hang * 2 > limit) {
            hang = 0;
        }
    }

    private void newLine() {
        column = 0;
        lineWords = 0;
        listItem = false;
        hang = 0;
    }

    private static int columns(CharSequence s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            n += s.charAt(i) == '\t' ? 8 - n % 8 : 1;
        }
        return n;
    }
}
