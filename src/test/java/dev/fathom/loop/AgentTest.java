package dev.fathom.loop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.context.Compactor;
import dev.fathom.context.ContextBudget;
import dev.fathom.context.Conversation;
import dev.fathom.context.TokenEstimator;
import dev.fathom.llm.RetryPolicy;
import dev.fathom.llm.V4ChatModel;
import dev.fathom.llm.V4Options;
import dev.fathom.safety.ApprovalMode;
import dev.fathom.safety.ApprovalPolicy;
import dev.fathom.safety.Approvals;
import dev.fathom.safety.WorkspaceGuard;
import dev.fathom.testing.FakeV4Server;
import dev.fathom.testing.Reply;
import dev.fathom.tools.ToolContext;
import dev.fathom.tools.ToolRegistry;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loop's own rules: one result per tool call, cut output, interrupts, limits. */
class AgentTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path ws;
    FakeV4Server server;
    final List<AgentEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = FakeV4Server.start();
        Files.writeString(ws.resolve("a.txt"), "a\n");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    Agent agent(Limits limits, Pricing pricing) {
        return agent(limits, pricing, ToolRegistry.standard(JSON));
    }

    Agent agent(Limits limits, Pricing pricing, ToolRegistry tools) {
        V4ChatModel model = new V4ChatModel(new V4Options(server.baseUrl(), server.apiKey(), "deepseek-v4-pro", true, "max", null,
                Duration.ofSeconds(5), Duration.ofSeconds(5), RetryPolicy.DEFAULT.withBaseDelay(Duration.ofMillis(5))), JSON, "test");
        ToolContext ctx = ToolContext.create(new WorkspaceGuard(ws), Map.of("PATH", System.getenv("PATH")), ws.resolve(".out"));
        ContextBudget budget = ContextBudget.of(1_048_576, 393_216, null, true);
        TokenEstimator estimator = new TokenEstimator();
        Conversation conversation = new Conversation(Prompts.load("system"), null, budget, estimator, 3000);
        Compactor compactor = new Compactor(estimator, budget, new Compactor.Texts("Summarize.", "Summary:", "User messages:", "Plan:",
                "[cleared {tool} {tokens}]"));
        Agent agent = new Agent(model, "deepseek-v4-pro", tools, ctx, limits, pricing, "test-session",
                conversation, compactor, new Approvals(new ApprovalPolicy(ApprovalMode.FULL_AUTO, List.of(), List.of(), ws), null, tools.classifier(ws)));
        agent.addListener(events::add);
        return agent;
    }

    @Test
    void adjacentReadOnlyCallsRunTogetherAndAnswerInOrder() {
        server.enqueue(Reply.toolCall("read_file", "{\"file_path\":\"one\"}").andToolCall("read_file", "{\"file_path\":\"two\"}")
                .andToolCall("read_file", "{\"file_path\":\"three\"}"))
                .enqueue(Reply.text("Read them."));
        ToolRegistry tools = new ToolRegistry(List.of(new dev.fathom.tools.RendezvousTool(3), new dev.fathom.tools.WriteFileTool()), JSON);
        AgentResult r = agent(Limits.NONE, Pricing.FREE, tools).run("Read three files");
        assertThat(r.status()).isEqualTo(AgentResult.Status.DONE);
        assertThat(dev.fathom.cli.ExecFailuresTestAccess.toolResults(server.requests().get(1).json())).containsExactly("together one", "together two", "together three");
        assertThat(events).filteredOn(e -> e instanceof AgentEvent.ToolCallStarted || e instanceof AgentEvent.ToolCallFinished)
                .extracting(e -> e.getClass().getSimpleName() + ":" + (e instanceof AgentEvent.ToolCallStarted s ? s.arguments()
                        : ((AgentEvent.ToolCallFinished) e).output()))
                .containsExactly("ToolCallStarted:{\"file_path\":\"one\"}", "ToolCallFinished:together one",
                        "ToolCallStarted:{\"file_path\":\"two\"}", "ToolCallFinished:together two",
                        "ToolCallStarted:{\"file_path\":\"three\"}", "ToolCallFinished:together three");
    }

    @Test
    void interruptingCallsThatRunTogetherAnswersEachOfThem() throws Exception {
        server.enqueue(Reply.toolCall("read_file", "{\"file_path\":\"one\"}").andToolCall("read_file", "{\"file_path\":\"two\"}"));
        // Both calls wait until they are interrupted; Esc comes once both are running, so neither can end on its own
        // (a barrier that broke when the first was interrupted let the second finish first, now and then).
        java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
        dev.fathom.tools.Tool waitsForEsc = new dev.fathom.tools.BaseTool<>("read_file", dev.fathom.tools.ReadFileTool.Args.class, false) {
            @Override
            public dev.fathom.tools.ToolResult run(dev.fathom.tools.ReadFileTool.Args args, ToolContext context) throws InterruptedException {
                running.incrementAndGet();
                new java.util.concurrent.CountDownLatch(1).await();
                throw new AssertionError("unreachable");
            }
        };
        ToolRegistry tools = new ToolRegistry(List.of(waitsForEsc), JSON);
        Agent agent = agent(Limits.NONE, Pricing.FREE, tools);
        Thread esc = new Thread(() -> {
            while (running.get() < 2) {
                Thread.onSpinWait();
            }
            agent.cancellation().cancel("the user pressed Esc");
        });
        esc.start();
        AgentResult r = agent.run("Read two");
        assertThat(r.status()).isEqualTo(AgentResult.Status.INTERRUPTED);
        List<ChatMessage> messages = agent.messages();
        assertThat(messages.subList(3, messages.size())).hasSize(2)
                .allSatisfy(m -> assertThat(((ToolExecutionResultMessage) m).text()).contains("Interrupted: the user pressed Esc"));
    }

    @Test
    void aMutatingCallBetweenReadsKeepsThemInOrder() throws IOException {
        server.enqueue(Reply.toolCall("read_file", "{\"file_path\":\"one\"}")
                .andToolCall("write_file", "{\"file_path\":\"b.txt\",\"content\":\"b\\n\"}")
                .andToolCall("read_file", "{\"file_path\":\"two\"}"))
                .enqueue(Reply.text("Done."));
        ToolRegistry tools = new ToolRegistry(List.of(new dev.fathom.tools.RendezvousTool(2), new dev.fathom.tools.WriteFileTool()), JSON);
        agent(Limits.NONE, Pricing.FREE, tools).run("Read, write, read");
        List<String> results = dev.fathom.cli.ExecFailuresTestAccess.toolResults(server.requests().get(1).json());
        assertThat(results.get(0)).isEqualTo("alone one");
        assertThat(results.get(2)).isEqualTo("alone two");
        assertThat(Files.readString(ws.resolve("b.txt"))).isEqualTo("b\n");
    }

    @Test
    void aCutToolCallIsNotRunAndCutTextIsContinued() throws IOException {
        server.enqueue(Reply.toolCall("write_file", "{\"file_path\":\"b.txt\",\"content\":\"unfinish").finishReason("length"))
                .enqueue(Reply.text("Part one, ").finishReason("length"))
                .enqueue(Reply.text("part two."));
        AgentResult r = agent(Limits.NONE, Pricing.FREE).run("Write b.txt");
        assertThat(r.status()).isEqualTo(AgentResult.Status.DONE);
        assertThat(r.finalText()).isEqualTo("part two.");
        assertThat(Files.exists(ws.resolve("b.txt"))).isFalse();
        String toolResult = server.requests().get(1).json().path("messages").get(3).path("content").asText();
        assertThat(toolResult).startsWith("Not executed: your output reached the maximum output length");
        var third = server.requests().get(2).json().path("messages");
        assertThat(third.get(third.size() - 1).path("role").asText()).isEqualTo("user");
        assertThat(third.get(third.size() - 1).path("content").asText()).contains("Continue exactly where it stopped");
        assertThat(server.badRequests()).isZero();
    }

    @Test
    void interruptingARunningToolStillAnswersEveryCall() throws Exception {
        // The command outlasts the test's own timeout: only the interruption can end the turn. Esc comes once the
        // command's process exists (found by a marker in its command line), so it stops a command that runs.
        String marker = "fathom-agent-" + System.nanoTime();
        server.enqueue(Reply.toolCall("bash", "{\"command\":\"sleep 600; : " + marker + "\"}").andToolCall("read_file", "{\"file_path\":\"a.txt\"}"));
        Agent agent = agent(Limits.NONE, Pricing.FREE);
        Thread esc = new Thread(() -> {
            if (dev.fathom.testing.Poll.until(java.time.Duration.ofSeconds(60), () -> ProcessHandle.allProcesses()
                    .anyMatch(p -> p.info().commandLine().orElse("").contains(marker)))) {
                agent.cancellation().cancel("the user pressed Esc");
            }
        });
        esc.start();
        AgentResult r = agent.run("Sleep");
        assertThat(r.status()).isEqualTo(AgentResult.Status.INTERRUPTED);
        List<ChatMessage> messages = agent.messages();
        AiMessage calls = (AiMessage) messages.get(2);
        assertThat(messages.subList(3, messages.size())).hasSize(calls.toolExecutionRequests().size())
                .allSatisfy(m -> assertThat(((ToolExecutionResultMessage) m).text()).contains("Interrupted: the user pressed Esc"));
        assertThat(events.get(events.size() - 1)).isInstanceOf(AgentEvent.Finished.class);
    }

    @Test
    void anInterruptedAnswerStaysInTheConversationAndTheNextPromptContinuesIt() throws Exception {
        server.enqueue(Reply.text("Counting slowly: one two three four five six seven eight nine ten").fragments(4).chunkDelay(500))
                .enqueue(Reply.text("Continuing."));
        Agent agent = agent(Limits.NONE, Pricing.FREE);
        Thread esc = new Thread(() -> {
            while (events.stream().noneMatch(e -> e instanceof AgentEvent.TextDelta)) {
                Thread.onSpinWait();
            }
            agent.cancellation().cancel("stopped by the user (Esc)");
        });
        esc.start();
        AgentResult r = agent.run("Count slowly");
        assertThat(r.status()).isEqualTo(AgentResult.Status.INTERRUPTED);
        AiMessage partial = (AiMessage) agent.messages().get(agent.messages().size() - 1);
        // The whole answer takes 17 chunks of half a second: a stream read to its end would hold "ten".
        assertThat(partial.text()).as("the stream is abandoned at once").startsWith("Coun").endsWith("[interrupted by the user]")
                .doesNotContain("ten");
        assertThat(agent.run("Go on").finalText()).isEqualTo("Continuing.");
        var next = server.requests().get(1).json().path("messages");
        assertThat(next.toString()).contains("Count slowly").contains("[interrupted by the user]").contains("Go on");
        assertThat(server.badRequests()).isZero();
    }

    @Test
    void costLimitStopsBeforeTheNextTurn() {
        server.enqueue(Reply.toolCall("read_file", "{\"file_path\":\"a.txt\"}")).enqueue(Reply.text("never reached"));
        AgentResult r = agent(new Limits(null, 0.01, null), u -> 0.02).run("Read");
        assertThat(r.status()).isEqualTo(AgentResult.Status.LIMIT);
        assertThat(r.limit()).isEqualTo("cost");
        assertThat(r.costUsd()).isEqualTo(0.02);
        assertThat(server.requests()).hasSize(1);
        assertThat(server.remainingSteps()).isEqualTo(1);
    }

    @Test
    void eventsArriveInOrderWithUsage() {
        server.enqueue(Reply.toolCall("read_file", "{\"file_path\":\"a.txt\"}").reasoning("Look at it."))
                .enqueue(Reply.text("It holds a.").reasoning("Seen."));
        AgentResult r = agent(Limits.NONE, u -> u.promptTokens() / 1e6).run("What is in a.txt?");
        assertThat(r.status()).isEqualTo(AgentResult.Status.DONE);
        assertThat(events).first().isInstanceOf(AgentEvent.SessionStarted.class);
        assertThat(events).filteredOn(e -> e instanceof AgentEvent.UsageReported).hasSize(2);
        assertThat(events).filteredOn(e -> e instanceof AgentEvent.ToolCallFinished)
                .singleElement().satisfies(e -> assertThat(((AgentEvent.ToolCallFinished) e).output()).contains("1\ta"));
        assertThat(r.usage().promptTokens()).isPositive();
        assertThat(r.costUsd()).isEqualTo(r.usage().promptTokens() / 1e6, org.assertj.core.data.Offset.offset(1e-12));
        var first = server.requests().get(0).json().path("messages");
        assertThat(first.get(0).path("role").asText()).isEqualTo("system");
        assertThat(first.get(0).path("content").asText()).startsWith("You are Fathom");
        assertThat(first.get(1).path("content").asText()).isEqualTo("What is in a.txt?");
    }
}
