package dev.fathom.llm;

import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.time.Duration;

/**
 * A langchain4j streaming handler that also hears about retries and supplies the run's cancellation.
 * Plain {@link StreamingChatResponseHandler}s work too; they just cannot cancel before the first token.
 */
public interface V4StreamingHandler extends StreamingChatResponseHandler {

    /** Attempt {@code attempt} failed with {@code cause}; the next starts after {@code delay}. Partial output is void. */
    default void onRetry(int attempt, Duration delay, V4Exception cause) {
    }

    default Cancellation cancellation() {
        return new Cancellation();
    }
}
