package dev.fathom.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What one request waits on, filled by the thread that reads the server: its response, its progress notifications, any
 * other sign of life, or the failure of the channel. The requesting thread waits in {@link #await}, so that progress is
 * reported on that thread (the agent loop's) and an interrupt (Esc) or the timeout ends the wait at once, whatever the
 * reading thread is blocked in.
 */
final class Inbox {
    private record Progress(JsonNode params) {
    }

    private record Failure(IOException error) {
    }

    private static final Object HEARD = new Object();

    private final BlockingQueue<Object> items = new LinkedBlockingQueue<>();

    void response(JsonNode message) {
        items.add(message);
    }

    /** The params of a {@code notifications/progress} for this request. */
    void progress(JsonNode params) {
        items.add(new Progress(params));
    }

    /** Something else about this request (a server request on its stream): the server is alive. */
    void heard() {
        items.add(HEARD);
    }

    void failed(IOException error) {
        items.add(new Failure(error));
    }

    /**
     * The response; {@code timeout} counts from the last sign of life, each progress notification goes to
     * {@code onProgress} first. Throws {@link McpException} "no answer ..." when the clock runs out and
     * {@link InterruptedIOException} (interrupt status kept) when the thread is interrupted.
     */
    JsonNode await(String method, Duration timeout, Consumer<JsonNode> onProgress) throws IOException, McpException {
        long heard = System.nanoTime();
        while (true) {
            long left = timeout.toNanos() - (System.nanoTime() - heard);
            if (left <= 0) {
                throw new McpException("no answer to " + method + " within " + timeout.toSeconds() + " s");
            }
            Object item;
            try {
                item = items.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted");
            }
            if (item instanceof JsonNode response) {
                return response;
            } else if (item instanceof Failure f) {
                throw f.error();
            } else if (item instanceof Progress p) {
                heard = System.nanoTime();
                onProgress.accept(p.params());
            } else if (item == HEARD) {
                heard = System.nanoTime();
            }
        }
    }
}
