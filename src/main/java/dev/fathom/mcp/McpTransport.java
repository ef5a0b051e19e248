package dev.fathom.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;

/** Carries JSON-RPC messages to one MCP server. */
interface McpTransport extends AutoCloseable {

    /** Sends a request and waits for its response (the whole JSON-RPC response object). */
    default JsonNode request(ObjectNode message, Duration timeout) throws IOException, McpException {
        return request(message, timeout, progress -> {
        });
    }

    /**
     * Sends a request and waits for its response on the calling thread, which also gets the params of each
     * {@code notifications/progress} for it (its token is the request id); each restarts {@code timeout}. An interrupt
     * ends the wait at once ({@link java.io.InterruptedIOException}) and abandons the request on this side; telling the
     * server is the caller's business.
     */
    JsonNode request(ObjectNode message, Duration timeout, Consumer<JsonNode> onProgress) throws IOException, McpException;

    /** The protocol version the server chose at initialize (HTTP sends it on every later request). */
    default void negotiated(String protocolVersion) {
    }

    /** Sends a notification (no response). */
    void notify(ObjectNode message) throws IOException;

    @Override
    void close();
}
