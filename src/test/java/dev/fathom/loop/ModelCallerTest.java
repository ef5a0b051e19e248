package dev.fathom.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.llm.Cancellation;
import dev.fathom.llm.V4Exception;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ModelCallerTest {

    /**
     * A stream that keeps going after the turn was stopped: its late text must not become events (the session
     * recorder and the terminal would show words after "[interrupted by the user]") nor join the kept partial text.
     */
    @Test
    void textArrivingAfterTheCallWasStoppedIsDropped() throws Exception {
        AtomicReference<StreamingChatResponseHandler> handler = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        StreamingChatModel model = new StreamingChatModel() {
            @Override
            public void doChat(ChatRequest request, StreamingChatResponseHandler h) {
                handler.set(h);
                h.onPartialResponse("early ");
                started.countDown();
            }
        };
        List<AgentEvent> events = new CopyOnWriteArrayList<>();
        ModelCaller caller = new ModelCaller(model, events::add);
        AtomicReference<ModelCaller.Outcome> outcome = new AtomicReference<>();
        Cancellation cancellation = new Cancellation();
        Thread turn = new Thread(() -> outcome.set(caller.call(
                ChatRequest.builder().messages(List.of(UserMessage.from("hi"))).build(), cancellation, true)));
        turn.start();
        assertThat(started.await(1, TimeUnit.MINUTES)).isTrue();
        cancellation.cancel("stopped by the user (Esc)");
        turn.interrupt();
        turn.join(TimeUnit.MINUTES.toMillis(1));
        assertThat(turn.isAlive()).isFalse();

        handler.get().onPartialResponse("late");
        handler.get().onError(new RuntimeException("stream closed"));

        assertThat(outcome.get().error()).isInstanceOf(V4Exception.class);
        assertThat(outcome.get().partialText()).isEqualTo("early ");
        assertThat(events).filteredOn(e -> e instanceof AgentEvent.TextDelta)
                .extracting(e -> ((AgentEvent.TextDelta) e).text()).containsExactly("early ");
    }
}
