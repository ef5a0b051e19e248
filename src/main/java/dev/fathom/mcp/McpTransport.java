package dev.fathom.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;

/** Carries JSON-RPC messages to one MCP server. */
interface McpTransport extends AutoCloseable {

    /** Sends a request and waits for its response (the whole JSON-RPC response object). */
    JsonNode request(ObjectNode message, Duration timeout) throws IOException, McpException;

    /** The protocol version the server chose at initialize (HTTP sends it on every later request). */
    default void negotiated(String protocolVersion) {
    }

    /** Sends a notification (no response). */
    void notify(ObjectNode message) throws IOException;

    @Override
    void close();
}
