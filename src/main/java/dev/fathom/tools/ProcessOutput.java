package dev.fathom.tools;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The one reader of what a process wrote to a log file (shell commands, background jobs, hooks, the fix check): a part
 * of the log as text, the head and the tail when it is too long, decoded leniently (a byte that is not UTF-8 becomes
 * U+FFFD instead of losing the output) and cut only between characters, never inside one.
 */
public final class ProcessOutput {
    private ProcessOutput() {
    }

    /**
     * Bytes {@code from} to the end of {@code log}: all of them when they fit in {@code headBytes + tailBytes},
     * otherwise the first {@code headBytes} and the last {@code tailBytes} with {@code note} (told how many bytes were
     * left out, as its {@code %d}) between them. Either part may be 0 bytes.
     */
    public static String read(Path log, long from, int headBytes, int tailBytes, String note) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long size = f.length();
            long length = Math.max(0, size - from);
            if (length <= (long) headBytes + tailBytes) {
                return decode(range(f, from, (int) length), false, false);
            }
            String head = decode(range(f, from, headBytes), false, true);
            String tail = decode(range(f, size - tailBytes, tailBytes), true, false);
            return head + String.format(note, length - headBytes - tailBytes) + tail;
        }
    }

    /** The whole log, or its last {@code tailBytes} when longer (cut at a character boundary). */
    public static String tail(Path log, int tailBytes) throws IOException {
        return read(log, 0, 0, tailBytes, "");
    }

    private static byte[] range(RandomAccessFile f, long at, int length) throws IOException {
        byte[] b = new byte[length];
        f.seek(at);
        f.readFully(b);
        return b;
    }

    /** Decodes, dropping a character the cut split: continuation bytes at a cut start, a lead byte's stub at a cut end. */
    static String decode(byte[] b, boolean cutAtStart, boolean cutAtEnd) {
        int start = 0;
        int end = b.length;
        if (cutAtStart) {
            while (start < end && start < 3 && (b[start] & 0xC0) == 0x80) {
                start++;
            }
        }
        if (cutAtEnd) {
            int back = end - 1;
            while (back >= start && back >= end - 3 && (b[back] & 0xC0) == 0x80) {
                back--;
            }
            if (back >= start && (b[back] & 0x80) != 0 && end - back < sequenceLength(b[back])) {
                end = back;
            }
        }
        return new String(b, start, end - start, StandardCharsets.UTF_8);
    }

    private static int sequenceLength(byte lead) {
        int v = lead & 0xFF;
        return v >= 0xF0 ? 4 : v >= 0xE0 ? 3 : v >= 0xC0 ? 2 : 1;
    }
}
