package dev.fathom.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny MCP server for tests, over stdio (the HTTP variant is {@link TestMcpHttpServer}): {@code lookup} (reads),
 * {@code record} (appends a line to record.txt in its working directory), {@code hang} (never answers; a
 * {@code notifications/cancelled} is logged to cancelled.txt), {@code progress} (sends one progress notification, 1 of 2 "halfway", and
 * answers with the token it got) and {@code ask_client} (asks the client ping, roots/list, sampling and elicitation
 * and answers with what came back), {@code rpc_error} (answers with a JSON-RPC error). Arguments: {@code crash-after=N} exits after N tool calls; {@code extra-tools=N}
 * adds N more lookups ({@code lookup_1}...); {@code names=a|b} adds tools of exactly those names; {@code rendezvous=DIR}
 * holds initialize until a second server is initializing too; {@code silent-init} never answers initialize.
 *
 * <p>How it differs from real servers: one request at a time (a call that waits blocks the next), no resources,
 * prompts or logging, no capability negotiation (it lists every tool whatever the client offers), and server requests
 * only when a tool asks for them.
 */
public final class TestMcpServer {
    static final ObjectMapper JSON = new ObjectMapper();

    /** Options from the command line; {@link #DEFAULT} for the plain server. */
    public record Options(int crashAfter, int extraTools, List<String> names) {
        public static final Options DEFAULT = new Options(-1, 0, List.of());

        static Options parse(String[] args) {
            int crash = -1;
            int extra = 0;
            List<String> names = new ArrayList<>();
            for (String a : args) {
                if (a.startsWith("crash-after=")) {
                    crash = Integer.parseInt(a.substring(12));
                } else if (a.startsWith("extra-tools=")) {
                    extra = Integer.parseInt(a.substring(12));
                } else if (a.startsWith("names=")) {
                    names.addAll(List.of(a.substring(6).split("\\|")));
                }
            }
            return new Options(crash, extra, names);
        }
    }

    public static void main(String[] args) throws IOException {
        Options options = Options.parse(args);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        Path dir = Path.of(".");
        int calls = 0;
        String rendezvous = null;
        boolean silentInit = false;
        for (String a : args) {
            rendezvous = a.startsWith("rendezvous=") ? a.substring(11) : rendezvous;
            silentInit |= a.equals("silent-init");
        }
        String line;
        while ((line = in.readLine()) != null) {
            JsonNode msg = JSON.readTree(line);
            String method = msg.path("method").asText();
            if (method.equals("notifications/cancelled")) {
                Files.writeString(dir.resolve("cancelled.txt"), "cancelled " + msg.path("params").path("requestId").asText() + "\n",
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            if (!msg.has("id") || !msg.has("method")) {
                continue; // notifications, and answers nobody waits for
            }
            if (method.equals("initialize") && silentInit) {
                continue;
            }
            if (method.equals("initialize") && rendezvous != null) {
                rendezvous(Path.of(rendezvous));
            }
            String tool = msg.path("params").path("name").asText();
            if (method.equals("tools/call") && options.crashAfter() >= 0 && calls++ >= options.crashAfter()) {
                System.exit(3);
            }
            if (method.equals("tools/call") && tool.equals("hang")) {
                continue;
            }
            if (method.equals("tools/call") && tool.equals("progress")) {
                JsonNode token = msg.path("params").path("_meta").path("progressToken");
                if (!token.isMissingNode()) {
                    ObjectNode p = JSON.createObjectNode().put("jsonrpc", "2.0").put("method", "notifications/progress");
                    p.putObject("params").put("progress", 1).put("total", 2).put("message", "halfway").set("progressToken", token);
                    out.println(JSON.writeValueAsString(p));
                }
                out.println(JSON.writeValueAsString(textResult(msg, "token=" + (token.isMissingNode() ? "none" : token.asText()))));
                continue;
            }
            if (method.equals("tools/call") && tool.equals("ask_client")) {
                List<String> answers = new ArrayList<>();
                for (ObjectNode request : clientRequests()) {
                    out.println(JSON.writeValueAsString(request));
                    JsonNode answer;
                    do {
                        answer = JSON.readTree(in.readLine());
                    } while (!answer.path("id").asText().equals(request.get("id").asText()) || answer.has("method"));
                    answers.add(summary(request, answer));
                }
                out.println(JSON.writeValueAsString(textResult(msg, String.join("\n", answers))));
                continue;
            }
            out.println(JSON.writeValueAsString(handle(msg, dir, options)));
        }
    }

    /**
     * Holds an initialize until a second server has received one too (each drops a file in {@code dir}), then notes in
     * met-PID whether it met the other: proof both initialize requests were in flight at once. Gives up after 20 s.
     */
    static void rendezvous(Path dir) throws IOException {
        long pid = ProcessHandle.current().pid();
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("init-" + pid), "");
        long giveUp = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        boolean met = false;
        while (!met && System.nanoTime() < giveUp) {
            try (var files = Files.list(dir)) {
                met = files.filter(f -> f.getFileName().toString().startsWith("init-")).count() >= 2;
            }
            if (!met) {
                try {
                    Thread.sleep(20); // polling for the other server's file, not a synchronisation by time
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
        Files.writeString(dir.resolve("met-" + pid), met ? "met" : "alone");
    }

    /** The four requests {@code ask_client} sends, with ids c-1 to c-4. */
    static List<ObjectNode> clientRequests() {
        List<ObjectNode> out = new ArrayList<>();
        String[] methods = {"ping", "roots/list", "sampling/createMessage", "elicitation/create"};
        for (int i = 0; i < methods.length; i++) {
            ObjectNode r = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", "c-" + (i + 1)).put("method", methods[i]);
            r.putObject("params");
            out.add(r);
        }
        return out;
    }

    /** One line per answer: the method, then the result or the error code. */
    static String summary(JsonNode request, JsonNode answer) {
        return request.path("method").asText() + " -> "
                + (answer.has("error") ? "error " + answer.path("error").path("code").asInt() : answer.path("result").toString());
    }

    static ObjectNode textResult(JsonNode msg, String text) {
        ObjectNode reply = JSON.createObjectNode().put("jsonrpc", "2.0");
        reply.set("id", msg.get("id"));
        ObjectNode result = reply.putObject("result");
        result.putArray("content").addObject().put("type", "text").put("text", text);
        result.put("isError", false);
        return reply;
    }

    /** Answers one JSON-RPC request (shared with the HTTP variant). */
    public static ObjectNode handle(JsonNode msg, Path dir) throws IOException {
        return handle(msg, dir, Options.DEFAULT);
    }

    public static ObjectNode handle(JsonNode msg, Path dir, Options options) throws IOException {
        ObjectNode reply = JSON.createObjectNode().put("jsonrpc", "2.0");
        reply.set("id", msg.get("id"));
        ObjectNode result = reply.putObject("result");
        switch (msg.path("method").asText()) {
            case "initialize" -> {
                result.put("protocolVersion", "2025-06-18");
                result.putObject("capabilities").putObject("tools");
                result.putObject("serverInfo").put("name", "test-mcp").put("version", "1");
            }
            case "tools/list" -> listTools(result.putArray("tools"), options);
            case "tools/call" -> {
                String tool = msg.path("params").path("name").asText();
                JsonNode a = msg.path("params").path("arguments");
                String text;
                if (tool.equals("rpc_error")) {
                    reply.remove("result");
                    reply.putObject("error").put("code", -32602).put("message", "no record named " + a.path("key").asText("?"));
                    return reply;
                }
                if (tool.equals("lookup") || tool.startsWith("lookup_")) {
                    text = "The value of " + a.path("key").asText() + " is 42.";
                } else if (tool.equals("record")) {
                    Files.writeString(dir.resolve("record.txt"), a.path("line").asText() + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    text = "Recorded.";
                } else {
                    text = "called " + tool;
                }
                return textResult(msg, text);
            }
            default -> {
                reply.remove("result");
                reply.putObject("error").put("code", -32601).put("message", "no method " + msg.path("method").asText());
            }
        }
        return reply;
    }

    private static void listTools(ArrayNode tools, Options options) throws IOException {
        JsonNode keySchema = JSON.readTree("{\"type\":\"object\",\"properties\":{\"key\":{\"type\":\"string\",\"minLength\":1}},"
                + "\"required\":[\"key\"],\"additionalProperties\":false}");
        tools.addObject().put("name", "lookup").put("description", "Look a key up in the test knowledge base.").set("inputSchema", keySchema);
        ObjectNode record = tools.addObject().put("name", "record").put("description", "Record a line in record.txt.");
        record.set("inputSchema", JSON.readTree("{\"type\":\"object\",\"properties\":{\"line\":{\"type\":\"string\"}},\"required\":[\"line\"]}"));
        List<String> more = new ArrayList<>(List.of("hang", "progress", "ask_client", "rpc_error"));
        for (int i = 1; i <= options.extraTools(); i++) {
            more.add("lookup_" + i);
        }
        more.addAll(options.names());
        for (String name : more) {
            tools.addObject().put("name", name).put("description", "Test tool " + name + ".").set("inputSchema", name.startsWith("lookup_")
                    ? keySchema : JSON.createObjectNode().put("type", "object"));
        }
    }
}
