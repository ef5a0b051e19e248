package dev.fathom.ui;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;

/**
 * The keyboard while a turn runs. It never blocks: {@link #poll} reads only what the terminal already holds (JLine's
 * timed reads wait in steps of a tenth of a second, which would make Esc feel slow), decodes UTF-8, and tells a lone
 * Esc apart from the escape sequences that arrow keys, function keys and bracketed paste send. A lone Esc is one not
 * followed by {@code [} or {@code O} within {@link #ESC_WAIT_MILLIS}; terminals write a sequence in one piece, so
 * the wait only matters on a slow link.
 */
public final class TurnKeys {
    /** How long an Esc waits for the rest of a possible escape sequence. */
    public static final long ESC_WAIT_MILLIS = 25;

    /** Where decoded keys go. */
    public interface Listener {
        /** Esc on its own. */
        void escape();

        /** Any other key, as a code point (control keys included: Enter is 13, Backspace 127). */
        void key(int codePoint);

        /** Shift+Tab (the terminal sends {@code ESC [ Z}): cycles the approval mode. */
        default void backTab() {
        }
    }

    private enum State { TEXT, ESC, CSI, SS3 }

    private final InputStream in;
    private final Listener listener;
    private final LongSupplier nanoClock;
    private final byte[] buffer = new byte[512];
    private final byte[] utf8 = new byte[4];
    private int utf8Length;
    private int utf8Needed;
    private State state = State.TEXT;
    private long escAt;
    /** Bytes of the escape sequence read so far after {@code ESC [}. */
    private int csiLength;

    public TurnKeys(InputStream in, Listener listener) {
        this(in, listener, System::nanoTime);
    }

    TurnKeys(InputStream in, Listener listener, LongSupplier nanoClock) {
        this.in = in;
        this.listener = listener;
        this.nanoClock = nanoClock;
    }

    /** Handles every key typed so far; returns at once. */
    public void poll() throws IOException {
        int available = in.available();
        while (available > 0) {
            int n = in.read(buffer, 0, Math.min(available, buffer.length));
            if (n <= 0) {
                break;
            }
            for (int i = 0; i < n; i++) {
                accept(buffer[i] & 0xff);
            }
            available = in.available();
        }
        if (state == State.ESC && nanoClock.getAsLong() - escAt >= ESC_WAIT_MILLIS * 1_000_000) {
            state = State.TEXT;
            listener.escape();
        }
    }

    private void accept(int b) {
        switch (state) {
            case ESC -> {
                if (b == '[') {
                    state = State.CSI;
                    csiLength = 0;
                } else if (b == 'O') {
                    state = State.SS3;
                } else {
                    state = State.TEXT; // Esc, then another key typed quickly: both count
                    listener.escape();
                    accept(b);
                }
            }
            case CSI -> {
                if (b >= 0x40 && b <= 0x7e) {
                    state = State.TEXT; // the final byte of the sequence
                    if (b == 'Z' && csiLength == 0) {
                        listener.backTab();
                    }
                }
                csiLength++;
            }
            case SS3 -> state = State.TEXT;
            case TEXT -> text(b);
        }
    }

    private void text(int b) {
        if (utf8Needed > 0) {
            if ((b & 0xc0) != 0x80) {
                utf8Needed = 0; // a broken sequence: dropped, and this byte starts afresh
                text(b);
                return;
            }
            utf8[utf8Length++] = (byte) b;
            if (utf8Length == utf8Needed) {
                utf8Needed = 0;
                listener.key(new String(utf8, 0, utf8Length, StandardCharsets.UTF_8).codePointAt(0));
            }
            return;
        }
        if (b == 27) {
            state = State.ESC;
            escAt = nanoClock.getAsLong();
        } else if (b < 0x80) {
            listener.key(b);
        } else {
            int needed = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 0;
            if (needed > 0) {
                utf8[0] = (byte) b;
                utf8Length = 1;
                utf8Needed = needed;
            }
        }
    }
}
