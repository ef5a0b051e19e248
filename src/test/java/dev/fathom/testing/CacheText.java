package dev.fathom.testing;

import com.fasterxml.jackson.databind.JsonNode;

/** The text the simulated prefix cache compares: what the model would see, in order. */
final class CacheText {
    private CacheText() {
    }

    static String of(JsonNode request) {
        StringBuilder sb = new StringBuilder();
        sb.append(request.path("tools").toString());
        for (JsonNode m : request.path("messages")) {
            sb.append('<').append(m.path("role").asText()).append('>');
            sb.append(m.path("reasoning_content").asText(""));
            sb.append(m.path("content").asText(""));
            for (JsonNode call : m.path("tool_calls")) {
                sb.append(call.path("id").asText()).append(call.path("function").path("name").asText())
                        .append(call.path("function").path("arguments").asText());
            }
            sb.append(m.path("tool_call_id").asText(""));
        }
        return sb.toString();
    }

    static String ofReply(Reply reply) {
        StringBuilder sb = new StringBuilder("<assistant>").append(reply.reasoning).append(reply.content);
        for (Reply.Call c : reply.calls) {
            sb.append(c.id()).append(c.name()).append(c.arguments());
        }
        return sb.toString();
    }

    static int commonPrefix(String a, String b) {
        int n = Math.min(a.length(), b.length());
        int i = 0;
        while (i < n && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }
}
