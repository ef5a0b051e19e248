package dev.fathom.llm;

import static dev.fathom.llm.RawStreamTest.delta;
import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.ChatRequestOptions;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The life of one connection: how it is opened (a connect that gets no answer is told apart from a stream that goes
 * quiet), how it ends (a stalled stream's socket is closed, not left open), and the ways a run is stopped from outside
 * (cancelled before it starts, by the response handler, by an interrupt).
 */
class ConnectionLifecycleTest {
    static final ChatRequest HI = ChatRequest.builder().messages(List.of(UserMessage.from("hi"))).build();
    static final RetryPolicy ONCE = new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofSeconds(2), Duration.ofMinutes(1));
    final RawEndpoint endpoint = new RawEndpoint();
    final List<AutoCloseable> closeLater = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws Exception {
        endpoint.close();
        for (AutoCloseable c : closeLater) {
            c.close();
        }
    }

    static V4ChatModel model(String baseUrl, Duration connect, Duration idle) {
        return new V4ChatModel(new V4Options(baseUrl, "sk-test", "m", false, null, null, connect, idle, ONCE), RawStreamTest.JSON, "1.0");
    }

    V4ChatModel model() {
        return model(endpoint.baseUrl(), Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    @Test
    void aMalformedChunkOf120CharactersIsQuotedWhole() {
        String junk = "y".repeat(120);
        endpoint.thenStream("data: " + junk + "\n\n");
        RawStreamTest.Heard h = new RawStreamTest.Heard();
        model().chat(HI, h);
        assertThat(h.error.getMessage()).isEqualTo("malformed chunk in the stream: " + junk + " (gave up after 1 attempt)");
    }

    @Test
    void theModelNamesNoKnownProviderKeepsItsOptionsAndTakesRequestOptions() {
        endpoint.thenStream(delta("{\"content\":\"ok\"}", "stop") + "data: [DONE]\n\n");
        V4ChatModel model = model();
        RawStreamTest.Heard h = new RawStreamTest.Heard();
        model.chat(HI, ChatRequestOptions.EMPTY, h);
        assertThat(h.error).isNull();
        assertThat(h.response.aiMessage().text()).isEqualTo("ok");
        assertThat(endpoint.seen).singleElement().satisfies(s -> assertThat(s.body()).contains("\"content\":\"hi\""));
        assertThat(model.provider()).isEqualTo(ModelProvider.OTHER);
        assertThat(model.options().baseUrl()).isEqualTo(endpoint.baseUrl());
        assertThat(model.options().apiKey()).isEqualTo("sk-test");
    }

    @Test
    void aRunCancelledBeforeItStartsSendsNothing() {
        RawStreamTest.Heard h = new RawStreamTest.Heard();
        h.cancellation.cancel("user pressed Esc");
        model().chat(HI, h);
        assertThat(h.error.kind()).isEqualTo(V4Exception.Kind.CANCELLED);
        assertThat(h.error.getMessage()).isEqualTo("user pressed Esc");
        assertThat(endpoint.seen).isEmpty();
    }

    @Test
    void theResponseHandlerCanStopTheStreamThroughItsHandle() throws Exception {
        endpoint.thenStream(delta("{\"content\":\"first\"}", null) + delta("{\"content\":\" second\"}", null)
                + delta("{\"content\":\" third\"}", "stop") + "data: [DONE]\n\n");
        // chat returns as soon as the handle cancels, while the stream's thread is still in the handler: what the
        // handler saw is handed over whole, after both reads, and the test waits for it.
        CompletableFuture<List<Boolean>> cancelledSeen = new CompletableFuture<>();
        RawStreamTest.Heard h = new RawStreamTest.Heard() {
            @Override
            public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
                text.append(partial.text());
                boolean before = context.streamingHandle().isCancelled();
                context.streamingHandle().cancel();
                cancelledSeen.complete(List.of(before, context.streamingHandle().isCancelled()));
            }
        };
        model().chat(HI, h);
        assertThat(cancelledSeen.get(1, TimeUnit.MINUTES)).containsExactly(false, true);
        assertThat(h.error.kind()).isEqualTo(V4Exception.Kind.CANCELLED);
        assertThat(h.error.getMessage()).isEqualTo("cancelled by the response handler");
        assertThat(h.response).isNull();
        assertThat(h.text.toString()).doesNotContain("third");
    }

    /** A server that accepts, reads, and never answers; {@code accepted} opens once a connection is in. */
    ServerSocket silentServer(CountDownLatch accepted, CompletableFuture<Void> closedByClient) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        closeLater.add(server);
        Thread t = new Thread(() -> {
            try (Socket s = server.accept()) {
                closeLater.add(s);
                accepted.countDown();
                InputStream in = s.getInputStream();
                while (in.read() >= 0) {
                    // the request, then nothing until the client closes its end
                }
                closedByClient.complete(null);
            } catch (IOException e) {
                closedByClient.completeExceptionally(e);
            }
        }, "silent-server");
        t.setDaemon(true);
        t.start();
        return server;
    }

    @Test
    void anEndpointThatNeverAnswersHasItsConnectionClosedNotLeftOpen() throws Exception {
        CountDownLatch accepted = new CountDownLatch(1);
        CompletableFuture<Void> closed = new CompletableFuture<>();
        ServerSocket server = silentServer(accepted, closed);
        String base = "http://127.0.0.1:" + server.getLocalPort();
        RawStreamTest.Heard h = new RawStreamTest.Heard();
        model(base, Duration.ofSeconds(30), Duration.ofMillis(300)).chat(HI, h);
        assertThat(h.error.getMessage()).isEqualTo("no data from " + base + "/chat/completions for 0.3 s; the stream looks dead (gave up after 1 attempt)");
        // The server sees the client close its end (a socket left open would keep this waiting until the test's timeout).
        closed.get(2, TimeUnit.MINUTES);
    }

    @Test
    void anInterruptWhileWaitingForTheEndpointEndsTheRunAsCancelled() throws Exception {
        CountDownLatch accepted = new CountDownLatch(1);
        ServerSocket server = silentServer(accepted, new CompletableFuture<>());
        RawStreamTest.Heard h = new RawStreamTest.Heard();
        V4ChatModel model = model("http://127.0.0.1:" + server.getLocalPort(), Duration.ofSeconds(30), Duration.ofMinutes(10));
        Thread caller = new Thread(() -> model.chat(HI, h), "caller");
        caller.start();
        accepted.await();
        caller.interrupt();
        caller.join();
        assertThat(h.error.kind()).isEqualTo(V4Exception.Kind.CANCELLED);
        assertThat(h.error.getMessage()).isEqualTo("interrupted");
        assertThat(h.cancellation.isCancelled()).as("the worker reading the socket is told too").isTrue();
    }

    @Test
    void anEndpointThatNeverAcceptsTheConnectionIsUnreachableNotAQuietStream() throws Exception {
        // A listening socket whose accept queue is full: the kernel drops further connection attempts unanswered.
        ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        closeLater.add(full);
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), full.getLocalPort());
        boolean queueFull = false;
        for (int i = 0; i < 20 && !queueFull; i++) {
            Socket s = new Socket();
            closeLater.add(s);
            try {
                s.connect(address, 500);
            } catch (SocketTimeoutException e) {
                queueFull = true;
            }
        }
        assertThat(queueFull).as("the accept queue filled up").isTrue();
        String base = "http://127.0.0.1:" + full.getLocalPort();
        RawStreamTest.Heard h = new RawStreamTest.Heard();
        model(base, Duration.ofMillis(300), Duration.ofSeconds(60)).chat(HI, h);
        assertThat(h.error.kind()).isEqualTo(V4Exception.Kind.TRANSPORT);
        assertThat(h.error.getMessage())
                .isEqualTo("cannot reach " + base + "/chat/completions (no connection within 0.3 s) (gave up after 1 attempt)");
    }
}
