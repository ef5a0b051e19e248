package dev.fathom.loop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.context.Compactor;
import dev.fathom.context.ContextBudget;
import dev.fathom.context.Conversation;
import dev.fathom.context.TokenEstimator;
import dev.fathom.llm.ModelTable;
import dev.fathom.llm.RetryPolicy;
import dev.fathom.llm.V4ChatModel;
import dev.fathom.llm.V4Options;
import dev.fathom.safety.ApprovalMode;
import dev.fathom.safety.ApprovalPolicy;
import dev.fathom.safety.Approvals;
import dev.fathom.safety.WorkspaceGuard;
import dev.fathom.testing.Fault;
import dev.fathom.testing.FakeV4Server;
import dev.fathom.testing.Poll;
import dev.fathom.testing.Reply;
import dev.fathom.tools.ToolContext;
import dev.fathom.tools.ToolRegistry;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loop's routing: summaries on the compact model, escalation on a cut reply, Esc during a sub-agent. */
class RoutingTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String PRO = "deepseek-v4-pro";
    static final String FLASH = "deepseek-flash";
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

    V4Options options(String model) {
        return new V4Options(server.baseUrl(), server.apiKey(), model, true, "max", null, Duration.ofSeconds(5), Duration.ofSeconds(30),
                RetryPolicy.DEFAULT.withBaseDelay(Duration.ofMillis(5)));
    }

    Agent agent(ModelRouter router) {
        ToolRegistry tools = ToolRegistry.standard(JSON).withExplore(JSON);
        ToolContext ctx = ToolContext.create(new WorkspaceGuard(ws), Map.of("PATH", System.getenv("PATH")), ws.resolve(".out"));
        ContextBudget budget = ContextBudget.of(40_000, 393_216, null, true);
        TokenEstimator estimator = new TokenEstimator();
        Conversation conversation = new Conversation(Prompts.load("system"), null, budget, estimator, 3000);
        Compactor compactor = new Compactor(estimator, budget, new Compactor.Texts("Summarize.", "Summary:", "User messages:", "Plan:",
                "[cleared {tool} {tokens}]"));
        Agent agent = new Agent(new V4ChatModel(options(router.main()), JSON, "test"), router,
                () -> new V4ChatModel(options(router.explore()), JSON, "test"), tools, ctx, Limits.NONE,
                Pricing.table(ModelTable.load(JSON), router.main()), "test-session", conversation, compactor,
                new Approvals(new ApprovalPolicy(ApprovalMode.FULL_AUTO, List.of(), List.of(), ws), null, tools.classifier(ws)));
        agent.addListener(events::add);
        return agent;
    }

    static ModelRouter defaults(boolean auto) {
        return new ModelRouter(auto ? FLASH : PRO, FLASH, FLASH, PRO, auto, 3);
    }

    @Test
    void compactionSummariesGoToTheCompactModelAndAreAccountedAsCompact() {
        // an old turn longer than the recent turns a compaction keeps verbatim, so that the summary replaces more than
        // it adds (a summary no smaller than what it replaces is dropped)
        server.enqueue(Reply.text("Hello. " + "There is a lot to say here. ".repeat(1500)).reasoning("Say hello."))
                .enqueue(Reply.text("You are welcome.")).enqueue(Reply.text("The user said hi; I said hello."));
        Agent agent = agent(defaults(false));
        agent.run("Hi");
        agent.run("Thanks");
        agent.compact(null, true, "requested by the user");

        assertThat(server.requests()).extracting(r -> r.json().path("model").asText()).containsExactly(PRO, PRO, FLASH);
        assertThat(server.requests().get(2).json().path("tool_choice").asText()).isEqualTo("none");
        assertThat(server.requests().get(2).json().path("tools").toString()).as("the summary request keeps the main prefix's tools")
                .isEqualTo(server.requests().get(0).json().path("tools").toString());
        assertThat(events).anyMatch(e -> e instanceof AgentEvent.ContextCompacted c && c.summarized());
        RunCosts costs = agent.costs();
        assertThat(costs.byRole().get("compact").requests()).isEqualTo(1);
        assertThat(costs.byModel().get(FLASH).requests()).isEqualTo(1);
        assertThat(costs.byModel().get(PRO).requests()).isEqualTo(2);
        assertThat(costs.baselineCostUsd()).as("the summary would have cost more on Pro at the same token counts")
                .isGreaterThan(costs.costUsd());
    }

    @Test
    void aReplyCutAtTheOutputLimitEscalatesUnderAuto() {
        server.enqueue(Reply.text("A long answer that was cut").finishReason("length")).enqueue(Reply.text("Short answer."));
        Agent agent = agent(defaults(true));
        AgentResult r = agent.run("Explain everything");

        assertThat(r.status()).isEqualTo(AgentResult.Status.DONE);
        assertThat(server.requests()).extracting(q -> q.json().path("model").asText()).containsExactly(FLASH, PRO);
        assertThat(events).filteredOn(e -> e instanceof AgentEvent.ModelEscalated).singleElement()
                .isEqualTo(new AgentEvent.ModelEscalated(FLASH, PRO, "a reply was cut at the output length limit"));
        assertThat(r.model()).isEqualTo(PRO);
    }

    @Test
    void escIsHonouredWhileASubAgentWaitsForItsModel() throws Exception {
        server.enqueue(Reply.toolCall("explore", "{\"task\":\"Find the greeting\"}")).enqueue(Fault.stall(120_000));
        Agent agent = agent(defaults(false));
        AtomicReference<AgentResult> result = new AtomicReference<>();
        Thread run = new Thread(() -> result.set(agent.run("Find it")));
        run.start();
        assertThat(Poll.until(Duration.ofSeconds(60), () -> server.requests().size() == 2)).as("the sub-agent's request arrived").isTrue();
        assertThat(server.requests().get(1).json().path("model").asText()).isEqualTo(FLASH);

        agent.cancellation().cancel("the user pressed Esc");
        run.join(60_000);

        assertThat(run.isAlive()).as("the run ended after Esc, without waiting for the stalled sub-agent").isFalse();
        assertThat(result.get().status()).isEqualTo(AgentResult.Status.INTERRUPTED);
        List<ChatMessage> messages = agent.messages();
        assertThat(messages.get(messages.size() - 1)).isInstanceOfSatisfying(ToolExecutionResultMessage.class,
                m -> assertThat(m.text()).startsWith("Interrupted: the user pressed Esc"));
        assertThat(server.requests()).hasSize(2);
    }
}
