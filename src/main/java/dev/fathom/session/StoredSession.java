package dev.fathom.session;

import dev.langchain4j.data.message.ChatMessage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A session as its log rebuilds it: the exact conversation (after the last compaction), the plan, and totals for
 * listings. {@code plan} holds [step, status] pairs.
 */
public record StoredSession(String id, Path file, Instant created, Instant lastActivity, String workspace, String model,
        boolean instructions, boolean summarized, List<ChatMessage> messages, List<String[]> plan, String firstPrompt,
        long promptTokens, long completionTokens, double costUsd, int skippedLines) {
}
