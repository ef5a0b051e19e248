package dev.fathom.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** The delta objects of one streamed reply, in the order and shape V4 sends them. */
final class ChunkScript {
    private final Reply reply;
    private final boolean thinking;

    ChunkScript(Reply reply, boolean thinking) {
        this.reply = reply;
        this.thinking = thinking;
    }

    List<ObjectNode> deltas() {
        List<ObjectNode> out = new ArrayList<>();
        ObjectNode first = FakeV4Server.JSON.createObjectNode().put("role", "assistant");
        if (thinking) {
            first.putNull("content").put("reasoning_content", "");
        } else {
            first.put("content", "");
        }
        out.add(first);
        if (thinking) {
            for (String piece : split(reply.reasoning)) {
                out.add(FakeV4Server.JSON.createObjectNode().putNull("content").put("reasoning_content", piece));
            }
        }
        for (String piece : split(reply.content)) {
            ObjectNode d = FakeV4Server.JSON.createObjectNode().put("content", piece);
            d.putNull("reasoning_content");
            out.add(d);
        }
        for (int i = 0; i < reply.calls.size(); i++) {
            Reply.Call call = reply.calls.get(i);
            ObjectNode open = FakeV4Server.JSON.createObjectNode();
            ObjectNode tc = open.putArray("tool_calls").addObject();
            tc.put("index", i).put("id", call.id()).put("type", "function");
            tc.putObject("function").put("name", call.name()).put("arguments", "");
            out.add(open);
            for (String piece : split(call.arguments())) {
                ObjectNode d = FakeV4Server.JSON.createObjectNode();
                ObjectNode frag = d.putArray("tool_calls").addObject();
                // V4 repeats the id on fragments now and then; clients must not append it twice.
                frag.put("index", i);
                if (piece.hashCode() % 3 == 0) {
                    frag.put("id", call.id());
                }
                frag.putObject("function").put("arguments", piece);
                out.add(d);
            }
        }
        ObjectNode last = FakeV4Server.JSON.createObjectNode().put("content", "");
        last.putNull("reasoning_content");
        out.add(last);
        return out;
    }

    /** Fragments of about {@code fragmentChars}, never splitting a character: a server's chunk holds whole characters. */
    private List<String> split(String s) {
        List<String> parts = new ArrayList<>();
        int n = Math.max(1, reply.fragmentChars);
        for (int i = 0; i < s.length(); ) {
            int end = Math.min(s.length(), i + n);
            if (end < s.length() && Character.isHighSurrogate(s.charAt(end - 1)) && Character.isLowSurrogate(s.charAt(end))) {
                end = end - 1 > i ? end - 1 : end + 1;
            }
            parts.add(s.substring(i, end));
            i = end;
        }
        return parts;
    }
}
