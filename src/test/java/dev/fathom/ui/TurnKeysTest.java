package dev.fathom.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TurnKeysTest {
    private final List<String> seen = new ArrayList<>();
    private long now;
    private final Feed feed = new Feed();
    private final TurnKeys keys = new TurnKeys(feed, new TurnKeys.Listener() {
        @Override
        public void escape() {
            seen.add("ESC");
        }

        @Override
        public void key(int codePoint) {
            seen.add(Character.toString(codePoint));
        }
    }, () -> now);

    @Test
    void aLoneEscFiresOnceTheWaitForASequenceIsOver() throws Exception {
        feed.add("\u001b");
        keys.poll();
        assertThat(seen).as("a sequence may still follow").isEmpty();
        now += (TurnKeys.ESC_WAIT_MILLIS - 1) * 1_000_000;
        keys.poll();
        assertThat(seen).isEmpty();
        now += 1_000_000;
        keys.poll();
        assertThat(seen).containsExactly("ESC");
        now += 100_000_000;
        keys.poll();
        assertThat(seen).containsExactly("ESC");
    }

    @Test
    void arrowKeysFunctionKeysAndPasteMarkersAreNotEsc() throws Exception {
        feed.add("\u001b[A\u001bOP\u001b[15~\u001b[200~hi\u001b[201~");
        keys.poll();
        now += 1_000_000_000;
        keys.poll();
        assertThat(seen).containsExactly("h", "i");
    }

    @Test
    void aSequenceSplitAcrossReadsIsStillASequence() throws Exception {
        feed.add("\u001b");
        keys.poll();
        now += 5_000_000;
        feed.add("[B");
        keys.poll();
        now += 1_000_000_000;
        keys.poll();
        assertThat(seen).isEmpty();
    }

    @Test
    void escFollowedByAnotherKeyCountsBoth() throws Exception {
        feed.add("\u001bx");
        keys.poll();
        assertThat(seen).containsExactly("ESC", "x");
    }

    @Test
    void utf8IsDecodedEvenWhenSplit() throws Exception {
        byte[] bytes = "é漢😀\r".getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            feed.add(new byte[] {b});
            keys.poll();
        }
        assertThat(seen).containsExactly("é", "漢", "😀", "\r");
    }

    @Test
    void aBrokenUtf8SequenceIsDroppedAndTheNextKeyKept() throws Exception {
        feed.add(new byte[] {(byte) 0xe6, 'a'});
        keys.poll();
        assertThat(seen).containsExactly("a");
    }

    @Test
    void nothingTypedReturnsAtOnce() throws Exception {
        keys.poll();
        assertThat(seen).isEmpty();
    }

    /** A stream that, like a terminal, reports what has been typed so far as available. */
    private static final class Feed extends InputStream {
        private InputStream data = InputStream.nullInputStream();

        void add(String s) {
            add(s.getBytes(StandardCharsets.UTF_8));
        }

        void add(byte[] b) {
            data = new SequenceInputStream(data, new ByteArrayInputStream(b));
        }

        @Override
        public int available() throws java.io.IOException {
            byte[] rest = data.readAllBytes();
            data = new ByteArrayInputStream(rest);
            return rest.length;
        }

        @Override
        public int read() throws java.io.IOException {
            return data.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws java.io.IOException {
            return data.read(b, off, len);
        }
    }
}
