package dev.fathom.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The append-only JSONL log of one session. Each record is one line, written whole and forced to disk before
 * {@link #append} returns, so a session killed at any instant loses at most the record being written (which a
 * reader then skips as a truncated last line).
 */
public final class SessionLog implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final ObjectMapper json;

    private SessionLog(Path file, FileChannel channel, ObjectMapper json) {
        this.file = file;
        this.channel = channel;
        this.json = json;
    }

    /** Opens (creating if needed) the log for appending. A truncated last line is cut off first, so records stay whole. */
    public static SessionLog open(Path file, ObjectMapper json) {
        try {
            Files.createDirectories(file.getParent());
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
            long size = ch.size();
            if (size > 0) {
                ch.truncate(endOfLastCompleteLine(ch, size));
            }
            ch.position(ch.size());
            return new SessionLog(file, ch, json);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the session log " + file, e);
        }
    }

    private static long endOfLastCompleteLine(FileChannel ch, long size) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        for (long pos = size - 1; pos >= 0; pos--) {
            one.clear();
            ch.read(one, pos);
            if (one.get(0) == '\n') {
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
            ByteBuffer buf = ByteBuffer.wrap(line);
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the session log " + file, e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing is buffered: every record was forced when written
        }
    }
}
