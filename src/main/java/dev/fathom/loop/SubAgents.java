package dev.fathom.loop;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.llm.Cancellation;
import dev.fathom.safety.ApprovalMode;
import dev.fathom.safety.ApprovalPolicy;
import dev.fathom.safety.Approvals;
import dev.fathom.tools.BashTool;
import dev.fathom.tools.Checkpointing;
import dev.fathom.tools.Explorer;
import dev.fathom.tools.FileStamps;
import dev.fathom.tools.GitDiffTool;
import dev.fathom.tools.GitLogTool;
import dev.fathom.tools.GitStatusTool;
import dev.fathom.tools.GlobTool;
import dev.fathom.tools.GrepTool;
import dev.fathom.tools.Jobs;
import dev.fathom.tools.Plan;
import dev.fathom.tools.ReadFileTool;
import dev.fathom.tools.ToolContext;
import dev.fathom.tools.ToolRegistry;
import dev.fathom.tools.ToolResult;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ToolChoice;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * The explore tool's sub-agents: each runs on the explore model with its own conversation, only read-only tools
 * (commands must pass the read-only classification, and the parent's deny rules still apply), its own turn and cost
 * limits, and ends with a report. Every sub-agent sends the same system prompt and tool list, byte for byte, so that
 * their requests share one cached prefix. Sub-agents have no explore tool: they cannot start sub-agents.
 */
final class SubAgents implements Explorer {
    /** Explore calls that run at once; more wait their turn. */
    static final int MAX_PARALLEL = 3;
    static final int MAX_TURNS = 16;
    static final double MAX_COST_USD = 0.10;
    static final String ROLE = "explore";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<StreamingChatModel> clients;
    private final ModelRouter router;
    private final UsageTotals ledger;
    private final Pricing pricing;
    private final Approvals parentApprovals;
    private final Supplier<Cancellation> parentCancellation;
    private final Limits parentLimits;
    private final ToolRegistry tools = new ToolRegistry(List.of(new ReadFileTool(), new GlobTool(), new GrepTool(), new BashTool(),
            new GitStatusTool(), new GitDiffTool(), new GitLogTool()), JSON);
    private final SystemMessage system = SystemMessage.from(Prompts.load("explore"));
    private final Semaphore slots = new Semaphore(MAX_PARALLEL, true);

    SubAgents(Supplier<StreamingChatModel> clients, ModelRouter router, UsageTotals ledger, Pricing pricing, Approvals parentApprovals,
            Supplier<Cancellation> parentCancellation, Limits parentLimits) {
        this.clients = clients;
        this.router = router;
        this.ledger = ledger;
        this.pricing = pricing;
        this.parentApprovals = parentApprovals;
        this.parentCancellation = parentCancellation;
        this.parentLimits = parentLimits;
    }

    @Override
    public ToolResult explore(String task, ToolContext parent) throws InterruptedException {
        slots.acquire();
        Cancellation cancellation = new Cancellation();
        cancellation.bindTo(Thread.currentThread());
        Cancellation parentRun = parentCancellation.get();
        ToolContext context = new ToolContext(parent.guard(), new FileStamps(), parent.childEnvironment(), parent.outputDir(), new Plan(),
                new Jobs(parent.sandbox()), parent.sandbox(), parent.redactor(), Checkpointing.none());
        try (Cancellation.Registration link = parentRun.onCancel(() -> cancellation.cancel(parentRun.reason()))) {
            return run(task, context, cancellation);
        } finally {
            cancellation.release();
            if (cancellation.isCancelled()) {
                Thread.interrupted(); // the pool thread must not carry this cancel's interrupt into its next task
            }
            context.jobs().close();
            slots.release();
        }
    }

    private ToolResult run(String task, ToolContext context, Cancellation cancellation) throws InterruptedException {
        List<ChatMessage> messages = new ArrayList<>(List.of(system, UserMessage.from(task)));
        ModelCaller caller = new ModelCaller(clients.get(), e -> {
        });
        ToolCalls calls = new ToolCalls(tools, context, gate(context), e -> {
        }, messages::add, JSON::createObjectNode).sequential();
        String model = router.explore();
        double cost = 0;
        int turns = 0;
        while (true) {
            boolean last = turns + 1 >= MAX_TURNS || cost >= MAX_COST_USD
                    || parentLimits.maxCostUsd() != null && ledger.cost() >= parentLimits.maxCostUsd();
            if (last) {
                messages.add(UserMessage.from(Prompts.load("explore-final")));
            }
            turns++;
            ChatRequest request = ChatRequest.builder().messages(new ArrayList<>(messages)).toolSpecifications(tools.specifications())
                    .toolChoice(last ? ToolChoice.NONE : ToolChoice.AUTO).modelName(model).build();
            ModelCaller.Outcome outcome = caller.call(request, cancellation, false);
            if (outcome.error() != null) {
                if (cancellation.isCancelled()) {
                    throw new InterruptedException(cancellation.reason());
                }
                return ToolResult.error("The explorer failed: " + outcome.error().getMessage() + ". Investigate with your own tools instead.");
            }
            UsageTotals.Usage u = UsageTotals.Usage.of(outcome.response().tokenUsage());
            double c = pricing.costOf(model, u);
            cost += c;
            ledger.add(model, ROLE, u, c, pricing.costOf(router.baseline(), u));
            AiMessage reply = outcome.response().aiMessage();
            messages.add(reply);
            if (last || !reply.hasToolExecutionRequests()) {
                String report = reply.text() == null ? "" : reply.text().strip();
                return ToolResult.ok(report.isEmpty() ? "The explorer ended without a report." : report, summary(model, turns, cost));
            }
            if (!calls.run(reply.toolExecutionRequests(), cancellation)) {
                throw new InterruptedException(cancellation.reason());
            }
        }
    }

    private String summary(String model, int turns, double cost) {
        return model + ", " + turns + (turns == 1 ? " turn" : " turns")
                + (pricing.known() && pricing.knows(model) ? String.format(Locale.ROOT, ", $%.4f", cost) : "");
    }

    /**
     * Read-only first (anything that is not a read or a read-only command is refused, never asked about), then the
     * parent's rules, so that a deny rule of the user holds inside a sub-agent too.
     */
    private ToolCalls.Gate gate(ToolContext context) {
        ApprovalPolicy readOnly = new ApprovalPolicy(ApprovalMode.READ_ONLY, List.of(), List.of(), context.workspace());
        Approvals own = new Approvals(readOnly, null, tools.classifier(context.workspace()));
        return (tool, arguments) -> {
            if (tools.tool(tool) == null) {
                return "Not run: " + tool + " is not available here. You are a read-only explorer: you cannot change files or start "
                        + "other agents. Report what should change instead.";
            }
            ApprovalPolicy.Action action = own.action(tool, arguments);
            if (readOnly.decide(action).decision() != ApprovalPolicy.Decision.ALLOW) {
                return "Not run: " + action.describe() + " is not a plain read, and you are a read-only explorer. Use read-only "
                        + "commands, or report what should be run instead.";
            }
            return parentApprovals.refusal(tool, arguments);
        };
    }
}
