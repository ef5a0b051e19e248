package dev.fathom.loop;

import dev.fathom.llm.Cancellation;
import dev.fathom.llm.V4Exception;
import dev.fathom.llm.V4StreamingHandler;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialThinking;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/** One model call, waited for whatever thread the model completes on, its stream turned into events. */
final class ModelCaller {
    /** The response, or the error; on an error, the text and reasoning streamed before it (kept when interrupted). */
    record Outcome(ChatResponse response, Throwable error, String partialText, String partialReasoning) {
        Outcome(ChatResponse response, Throwable error) {
            this(response, error, "", "");
        }
    }

    private final StreamingChatModel model;
    private final Consumer<AgentEvent> events;

    ModelCaller(StreamingChatModel model, Consumer<AgentEvent> events) {
        this.model = model;
        this.events = events;
    }

    /** @param showStream whether text and reasoning deltas become events (not for a compaction summary) */
    Outcome call(ChatRequest request, Cancellation cancellation, boolean showStream) {
        CountDownLatch done = new CountDownLatch(1);
        Outcome[] outcome = new Outcome[1];
        StringBuilder text = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        // Set, under the lock on text, once the outcome is decided: what the stream delivers later (it can run on
        // after Esc until its connection closes) is neither kept nor shown.
        boolean[] over = new boolean[1];
        model.chat(request, new V4StreamingHandler() {
            @Override
            public void onPartialResponse(String delta) {
                synchronized (text) {
                    if (over[0]) {
                        return;
                    }
                    text.append(delta);
                    if (showStream) {
                        events.accept(new AgentEvent.TextDelta(delta));
                    }
                }
            }

            @Override
            public void onPartialThinking(PartialThinking thinking) {
                synchronized (text) {
                    if (over[0]) {
                        return;
                    }
                    reasoning.append(thinking.text());
                    if (showStream) {
                        events.accept(new AgentEvent.ReasoningDelta(thinking.text()));
                    }
                }
            }

            @Override
            public void onRetry(int attempt, Duration delay, V4Exception cause) {
                synchronized (text) {
                    text.setLength(0); // a retry starts the answer again
                    reasoning.setLength(0);
                }
                events.accept(new AgentEvent.Retrying(attempt, delay.toMillis(), cause.getMessage()));
            }

            @Override
            public Cancellation cancellation() {
                return cancellation;
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                synchronized (text) {
                    if (over[0]) {
                        return;
                    }
                    over[0] = true;
                    outcome[0] = new Outcome(response, null);
                }
                done.countDown();
            }

            @Override
            public void onError(Throwable error) {
                synchronized (text) {
                    if (over[0]) {
                        return;
                    }
                    over[0] = true;
                    outcome[0] = new Outcome(null, error, text.toString(), reasoning.toString());
                }
                done.countDown();
            }
        });
        try {
            done.await();
        } catch (InterruptedException e) {
            synchronized (text) {
                over[0] = true;
                return new Outcome(null, V4Exception.cancelled(cancellation.isCancelled() ? cancellation.reason() : "interrupted"),
                        text.toString(), reasoning.toString());
            }
        }
        return outcome[0];
    }
}
