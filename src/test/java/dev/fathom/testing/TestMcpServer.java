package dev.fathom.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A tiny MCP server for tests, over stdio: {@code lookup} (reads) and {@code record} (appends a line to
 * record.txt in its working directory). With the argument {@code crash-after=N} it exits after N tool calls.
 */
public final class TestMcpServer {
    static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws IOException {
        int crashAfter = args.length > 0 && args[0].startsWith("crash-after=") ? Integer.parseInt(args[0].substring(12)) : -1;
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        int calls = 0;
        String line;
        while ((line = in.readLine()) != null) {
            JsonNode msg = JSON.readTree(line);
            if (!msg.has("id")) {
                continue; // notifications
            }
            if (msg.path("method").asText().equals("tools/call") && crashAfter >= 0 && calls++ >= crashAfter) {
                System.exit(3);
            }
            out.println(JSON.writeValueAsString(handle(msg, Path.of("."))));
        }
    }

    /** Answers one JSON-RPC request (shared with the HTTP variant). */
    public static ObjectNode handle(JsonNode msg, Path dir) throws IOException {
        ObjectNode reply = JSON.createObjectNode().put("jsonrpc", "2.0");
        reply.set("id", msg.get("id"));
        ObjectNode result = reply.putObject("result");
        switch (msg.path("method").asText()) {
            case "initialize" -> {
                result.put("protocolVersion", "2025-06-18");
                result.putObject("capabilities").putObject("tools");
                result.putObject("serverInfo").put("name", "test-mcp").put("version", "1");
            }
            case "tools/list" -> {
                var tools = result.putArray("tools");
                ObjectNode lookup = tools.addObject().put("name", "lookup").put("description", "Look a key up in the test knowledge base.");
                lookup.set("inputSchema", JSON.readTree("{\"type\":\"object\",\"properties\":{\"key\":{\"type\":\"string\",\"minLength\":1}},"
                        + "\"required\":[\"key\"],\"additionalProperties\":false}"));
                ObjectNode record = tools.addObject().put("name", "record").put("description", "Record a line in record.txt.");
                record.set("inputSchema", JSON.readTree("{\"type\":\"object\",\"properties\":{\"line\":{\"type\":\"string\"}},\"required\":[\"line\"]}"));
            }
            case "tools/call" -> {
                String tool = msg.path("params").path("name").asText();
                JsonNode a = msg.path("params").path("arguments");
                String text;
                if (tool.equals("lookup")) {
                    text = "The value of " + a.path("key").asText() + " is 42.";
                } else {
                    Files.writeString(dir.resolve("record.txt"), a.path("line").asText() + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    text = "Recorded.";
                }
                result.putArray("content").addObject().put("type", "text").put("text", text);
                result.put("isError", false);
            }
            default -> {
                reply.remove("result");
                reply.putObject("error").put("code", -32601).put("message", "no method " + msg.path("method").asText());
            }
        }
        return reply;
    }
}
