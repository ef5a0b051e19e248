package dev.fathom.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.context.Compactor;
import dev.fathom.context.ContextBudget;
import dev.fathom.context.Conversation;
import dev.fathom.context.TokenEstimator;
import dev.fathom.llm.ModelTable;
import dev.fathom.llm.RetryPolicy;
import dev.fathom.llm.V4ChatModel;
import dev.fathom.llm.V4Options;
import dev.fathom.loop.Agent;
import dev.fathom.loop.AgentResult;
import dev.fathom.loop.Limits;
import dev.fathom.loop.ModelRouter;
import dev.fathom.loop.Pricing;
import dev.fathom.loop.Prompts;
import dev.fathom.loop.RunCosts;
import dev.fathom.safety.ApprovalMode;
import dev.fathom.safety.ApprovalPolicy;
import dev.fathom.safety.Approvals;
import dev.fathom.safety.WorkspaceGuard;
import dev.fathom.testing.FakeV4Server;
import dev.fathom.testing.Reply;
import dev.fathom.tools.ToolContext;
import dev.fathom.tools.ToolRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Not a test: a scripted 30-turn exploration-heavy session (24 turns of reads and searches over 8 KB files, 3 edits
 * that miss, 2 that land, a final answer) run three ways against the fake endpoint: all on Pro; reads delegated to
 * explore sub-agents on Flash; and auto (Flash, escalating to Pro after the third missed edit). Prints the cost at the
 * table's prices in force now and the prefix-cache hit ratio (the fake keeps one cache per model).
 * Run: {@code java -cp target/test-classes:target/classes:$(cat cp.txt) dev.fathom.bench.RoutingBench}.
 */
public final class RoutingBench {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int FILES = 24;

    public static void main(String[] args) throws Exception {
        System.out.println("| run | main-loop turns | requests | cost (USD) | same tokens on Pro | cache-hit ratio |");
        System.out.println("|---|---|---|---|---|---|");
        run("all Pro", false, false);
        run("explore on Flash", true, false);
        run("auto", false, true);
    }

    static void run(String name, boolean explore, boolean auto) throws Exception {
        Path ws = Files.createTempDirectory("routing-bench");
        for (int i = 0; i < FILES; i++) {
            StringBuilder sb = new StringBuilder();
            for (int line = 0; line < 160; line++) {
                sb.append("    int value").append(i).append('_').append(line).append(" = compute(").append(line).append("); // file ").append(i).append('\n');
            }
            Files.writeString(ws.resolve("F" + i + ".java"), sb.toString());
        }
        try (FakeV4Server server = FakeV4Server.start()) {
            String miss = "{\"file_path\":\"F1.java\",\"old_string\":\"no such text\",\"new_string\":\"x\"}";
            String hit = "{\"file_path\":\"F%d.java\",\"old_string\":\"int value%d_0 \",\"new_string\":\"long value%d_0 \"}";
            int mainTurns = 0;
            if (explore) {
                // The main loop asks 6 questions, each answered by a sub-agent that reads 4 files (5 sub-agent turns).
                for (int q = 0; q < 6; q++) {
                    server.enqueue(Reply.toolCall("explore", "{\"task\":\"Question " + q + ": how is value computed in files " + (4 * q) + "-"
                            + (4 * q + 3) + "?\"}").reasoning("Delegate question " + q + "."));
                    mainTurns++;
                    for (int f = 0; f < 4; f++) {
                        server.enqueue(Reply.toolCall(f % 2 == 0 ? "read_file" : "grep", f % 2 == 0
                                ? "{\"file_path\":\"F" + (4 * q + f) + ".java\"}"
                                : "{\"pattern\":\"value" + (4 * q + f) + "_1\"}").reasoning("Look at file " + (4 * q + f) + "."));
                    }
                    server.enqueue(Reply.text("Files " + (4 * q) + "-" + (4 * q + 3) + " compute value with compute(line); F"
                            + (4 * q) + ".java:1 is `int value" + (4 * q) + "_0 = compute(0);`.").reasoning("Report."));
                }
            } else {
                for (int f = 0; f < FILES; f++) {
                    server.enqueue(Reply.toolCall(f % 2 == 0 ? "read_file" : "grep", f % 2 == 0 ? "{\"file_path\":\"F" + f + ".java\"}"
                            : "{\"pattern\":\"value" + f + "_1\"}").reasoning("Look at file " + f + "."));
                    mainTurns++;
                }
            }
            for (int k = 0; k < 3; k++) {
                server.enqueue(Reply.toolCall("edit_file", miss).reasoning("Try an edit."));
                mainTurns++;
            }
            for (int k = 0; k < 2; k++) {
                server.enqueue(Reply.toolCall("edit_file", String.format(hit, k, k, k)).reasoning("Edit with the exact text."));
                mainTurns++;
            }
            server.enqueue(Reply.text("Changed value0_0 and value1_0 to long.").reasoning("Done."));
            mainTurns++;

            ModelRouter router = auto ? new ModelRouter("deepseek-flash", "deepseek-flash", "deepseek-flash", "deepseek-v4-pro", true, 3)
                    : new ModelRouter("deepseek-v4-pro", "deepseek-flash", "deepseek-flash", "deepseek-v4-pro", false, 3);
            Agent agent = agent(server, ws, router, explore);
            AgentResult r = agent.run("Study how value is computed across the F*.java files, then change value0_0 and value1_0 to long.");
            if (r.status() != AgentResult.Status.DONE) {
                throw new IllegalStateException(name + ": " + r.status() + " " + r.error());
            }
            RunCosts c = agent.costs();
            System.out.printf(Locale.ROOT, "| %s | %d | %d | %.4f | %.4f | %.3f |%n", name, mainTurns, server.requests().size(), c.costUsd(),
                    pricedOnPro(c), r.usage().cacheHitRatio());
            if (auto) {
                System.out.print(c.describe()); // the /cost breakdown of the auto run
            }
            agent.close();
        }
    }

    /** The run's token counts priced at Pro's rates (the baseline of an all-Pro router is itself). */
    static double pricedOnPro(RunCosts c) {
        return c.baselineCostUsd();
    }

    static Agent agent(FakeV4Server server, Path ws, ModelRouter router, boolean explore) {
        ToolRegistry tools = ToolRegistry.standard(JSON);
        if (explore) {
            tools.withExplore(JSON);
        }
        V4Options main = options(server, router.main());
        ToolContext ctx = ToolContext.create(new WorkspaceGuard(ws), Map.of("PATH", System.getenv("PATH")), ws.resolve(".out"));
        ContextBudget budget = ContextBudget.of(1_048_576, 393_216, null, true);
        TokenEstimator estimator = new TokenEstimator();
        Conversation conversation = new Conversation(Prompts.load("system"), null, budget, estimator, 3000);
        Compactor compactor = new Compactor(estimator, budget, new Compactor.Texts(Prompts.load("compaction"),
                Prompts.load("compaction-summary-intro"), Prompts.load("compaction-user-messages"), Prompts.load("compaction-plan"),
                Prompts.load("compaction-pruned-note")));
        return new Agent(new V4ChatModel(main, JSON, "bench"), router,
                explore ? () -> new V4ChatModel(options(server, router.explore()), JSON, "bench") : null, tools, ctx, Limits.NONE,
                Pricing.table(ModelTable.load(JSON), router.main()), "bench", conversation, compactor,
                new Approvals(new ApprovalPolicy(ApprovalMode.FULL_AUTO, List.of(), List.of(), ws), null, tools.classifier(ws)));
    }

    static V4Options options(FakeV4Server server, String model) {
        return new V4Options(server.baseUrl(), server.apiKey(), model, true, "max", null, Duration.ofSeconds(5), Duration.ofSeconds(60),
                RetryPolicy.DEFAULT.withBaseDelay(Duration.ofMillis(5)));
    }
}
