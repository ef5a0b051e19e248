package dev.fathom.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.FileOutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The append-only JSONL log of one session. Each record is one line, written whole and forced to disk before
 * {@link #append} returns, so a session killed at any instant loses at most the record being written (which a
 * reader then skips as a truncated last line). Plain streams, not NIO channels: an interrupt (Esc, a deadline)
 * closes an interruptible channel, and the log must outlive interrupts.
 */
public final class SessionLog implements AutoCloseable {
    private final Path file;
    private final FileOutputStream out;
    private final ObjectMapper json;

    private SessionLog(Path file, FileOutputStream out, ObjectMapper json) {
        this.file = file;
        this.out = out;
        this.json = json;
    }

    /** Opens (creating if needed) the log for appending. A truncated last line is cut off first, so records stay whole. */
    public static SessionLog open(Path file, ObjectMapper json) {
        try {
            Files.createDirectories(file.getParent());
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                long size = raf.length();
                if (size > 0) {
                    raf.setLength(endOfLastCompleteLine(raf, size));
                }
            }
            return new SessionLog(file, new FileOutputStream(file.toFile(), true), json);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the session log " + file, e);
        }
    }

    private static long endOfLastCompleteLine(RandomAccessFile raf, long size) throws IOException {
        for (long pos = size - 1; pos >= 0; pos--) {
            raf.seek(pos);
            if (raf.read() == '\n') {
                return pos + 1;
            }
        }
        return 0;
    }

    public Path file() {
        return file;
    }

    /** Appends one record and forces it to disk. */
    public synchronized void append(ObjectNode record) {
        try {
            byte[] line = (json.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8);
            out.write(line);
            out.getFD().sync();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the session log " + file, e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException ignored) {
            // nothing is buffered: every record was forced when written
        }
    }
}
