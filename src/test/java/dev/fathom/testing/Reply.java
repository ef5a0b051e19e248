package dev.fathom.testing;

import java.util.ArrayList;
import java.util.List;

/** One scripted model turn for {@link FakeV4Server}: reasoning, text and tool calls, streamed in fragments. */
public final class Reply {
    record Call(String id, String name, String arguments) {
    }

    String reasoning = "";
    String content = "";
    final List<Call> calls = new ArrayList<>();
    String finishReason;
    int fragmentChars = 7;
    int keepAlivesFirst;
    int keepAlivesAfterLast;
    /** Close the stream after this many data events, without [DONE] (a cut stream); -1 streams everything. */
    int cutAfterEvents = -1;
    long chunkDelayMillis;
    /** Data events (0 is the role) before which the stream waits for a gate the test opens. */
    final java.util.Map<Integer, java.util.concurrent.CountDownLatch> holds = new java.util.HashMap<>();

    public static Reply text(String content) {
        Reply r = new Reply();
        r.content = content;
        return r;
    }

    public static Reply toolCall(String name, String arguments) {
        return new Reply().andToolCall(name, arguments);
    }

    public Reply andToolCall(String name, String arguments) {
        calls.add(new Call(String.format("call_%02d_%s", calls.size(), randomId()), name, arguments));
        return this;
    }

    public Reply reasoning(String text) {
        this.reasoning = text;
        return this;
    }

    public Reply content(String text) {
        this.content = text;
        return this;
    }

    public Reply finishReason(String reason) {
        this.finishReason = reason;
        return this;
    }

    public Reply fragments(int chars) {
        this.fragmentChars = chars;
        return this;
    }

    /** Pauses after each chunk, for a slow stream. */
    public Reply chunkDelay(long millis) {
        this.chunkDelayMillis = millis;
        return this;
    }

    /**
     * Waits before data event {@code event} (0 is the role, then one per fragment) until {@code gate} is opened, so that
     * the stream cannot run ahead of the test however slow the machine is. Closing the server lets a held stream go.
     */
    public Reply holdBefore(int event, java.util.concurrent.CountDownLatch gate) {
        holds.put(event, gate);
        return this;
    }

    /** Keep-alive comments after the chunk with the finish reason, before [DONE] (DeepSeek sends them while it wraps up). */
    public Reply keepAlivesAfterLast(int n) {
        this.keepAlivesAfterLast = n;
        return this;
    }

    public Reply keepAlivesFirst(int n) {
        this.keepAlivesFirst = n;
        return this;
    }

    /** Streams the first {@code events} data events, then ends the response without a finish or [DONE]. */
    public Reply cutAfter(int events) {
        this.cutAfterEvents = events;
        return this;
    }

    String effectiveFinishReason() {
        return finishReason != null ? finishReason : calls.isEmpty() ? "stop" : "tool_calls";
    }

    private static String randomId() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder sb = new StringBuilder();
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        for (int i = 0; i < 24; i++) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
