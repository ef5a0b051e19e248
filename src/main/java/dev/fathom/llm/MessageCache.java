package dev.fathom.llm;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.ChatMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * The wire JSON of the messages of the last request, kept so that the next request, which repeats them and appends a
 * tail, serializes only the tail. Messages are matched by identity (they are immutable), so a compaction, which
 * builds new ones, simply misses the cache from its first changed message on.
 */
public final class MessageCache {
    private List<ChatMessage> messages = List.of();
    private List<byte[]> json = List.of();
    private boolean withTools;
    private String reasoningField;
    private List<ToolSpecification> toolSpecs;
    private byte[] toolsJson;

    synchronized List<byte[]> serialize(List<ChatMessage> request, boolean tools, String reasoningKey) {
        int reuse = 0;
        if (tools == withTools && reasoningKey.equals(reasoningField)) {
            int n = Math.min(messages.size(), request.size());
            while (reuse < n && messages.get(reuse) == request.get(reuse)) {
                reuse++;
            }
        }
        List<byte[]> out = new ArrayList<>(request.size());
        out.addAll(json.subList(0, reuse));
        for (int i = reuse; i < request.size(); i++) {
            out.add(RequestWriter.message(request.get(i), tools, reasoningKey));
        }
        messages = new ArrayList<>(request);
        json = out;
        withTools = tools;
        reasoningField = reasoningKey;
        return out;
    }

    synchronized byte[] tools(List<ToolSpecification> specs) {
        if (toolsJson == null || !specs.equals(toolSpecs)) {
            toolSpecs = List.copyOf(specs);
            toolsJson = RequestWriter.writeTools(specs).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        return toolsJson;
    }
}
