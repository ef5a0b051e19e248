package dev.fathom.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.config.ConfigException;
import dev.fathom.config.Settings;
import dev.fathom.context.Compactor;
import dev.fathom.context.ContextBudget;
import dev.fathom.context.Conversation;
import dev.fathom.context.ProjectInstructions;
import dev.fathom.context.TokenEstimator;
import dev.fathom.llm.EndpointDialect;
import dev.fathom.llm.EndpointProbe;
import dev.fathom.llm.ModelInfo;
import dev.fathom.llm.ModelTable;
import dev.fathom.llm.RequestWriter;
import dev.fathom.llm.RetryPolicy;
import dev.fathom.llm.V4ChatModel;
import dev.fathom.llm.V4Options;
import dev.fathom.loop.Agent;
import dev.fathom.mcp.McpServer;
import dev.fathom.mcp.McpTools;
import dev.fathom.loop.Hooks;
import dev.fathom.loop.Limits;
import dev.fathom.loop.Pricing;
import dev.fathom.loop.Prompts;
import dev.fathom.loop.SessionRecorder;
import dev.fathom.safety.ApprovalMode;
import dev.fathom.safety.ApprovalPolicy;
import dev.fathom.safety.Approvals;
import dev.fathom.safety.ChildEnvironment;
import dev.fathom.safety.ConfinedWriter;
import dev.fathom.safety.Sandbox;
import dev.fathom.safety.SecretRedactor;
import dev.fathom.safety.WorkspaceGuard;
import dev.fathom.session.SessionFiles;
import dev.fathom.session.SessionLog;
import dev.fathom.session.SessionPaths;
import dev.fathom.session.StoredSession;
import dev.fathom.git.Checkpoints;
import dev.fathom.tools.Checkpointing;
import dev.fathom.tools.Plan;
import dev.fathom.tools.ToolContext;
import dev.fathom.tools.ToolRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Assembles one run: the model client, tools, the conversation (new or resumed from its log), the agent and its recorder. */
final class RunFactory {

    /** An assembled run; closing it ends the session (jobs killed, log closed). */
    record Run(Agent agent, SessionRecorder recorder, String sessionId, McpTools mcp) implements AutoCloseable {
        @Override
        public void close() {
            agent.close();
            recorder.close();
            if (mcp != null) {
                mcp.close();
            }
        }
    }

    /** How long detecting the endpoint's dialect may wait for {@code GET /models}. */
    private static final java.time.Duration PROBE_TIMEOUT = java.time.Duration.ofSeconds(10);

    private RunFactory() {
    }

    /**
     * @param resume null for a new session, "" for the most recent session of this project, else a session id (or prefix)
     */
    static Run create(Settings settings, ObjectMapper json, Launch launch, Limits limits, String resume) {
        return create(settings, json, launch, limits, resume, null, "full-auto");
    }

    /**
     * @param approver asks the user (interactive); null for a headless run, where asking means refusing
     * @param defaultApproval the mode when the settings name none: full-auto headless, ask interactive
     */
    static Run create(Settings settings, ObjectMapper json, Launch launch, Limits limits, String resume, Approvals.Approver approver,
            String defaultApproval) {
        ModelTable table = ModelTable.load(json);
        String modelId = table.resolveName(settings.model());
        EndpointProbe.Endpoint endpoint = new EndpointProbe(settings.fathomHome(), json, PROBE_TIMEOUT).resolve(settings.baseUrl(),
                settings.apiKey(), EndpointDialect.forced(settings.endpointDialect()), modelId,
                table.isKnown(modelId) || settings.contextWindow() != null);
        ModelInfo info = table.lookup(settings.model(), settings.contextWindow() != null ? settings.contextWindow() : endpoint.servedWindow());
        RetryPolicy retry = new RetryPolicy(settings.retryMaxAttempts(), settings.retryBaseDelay(), RetryPolicy.DEFAULT.maxDelay(),
                RetryPolicy.DEFAULT.maxRetryAfter(), RetryPolicy.DEFAULT.maxTotal());
        V4Options options = new V4Options(settings.baseUrl(), settings.apiKey(), info.id(), settings.thinking(), settings.effort(),
                null, V4Options.DEFAULT_CONNECT_TIMEOUT, settings.idleTimeout(), retry, endpoint.dialect());
        ToolRegistry tools = ToolRegistry.standard(json).withExplore(json);
        dev.fathom.loop.ModelRouter router = ModelRouting.router(settings, table, info.id(), options);
        McpTools mcp = null;
        if (!settings.mcpServers().isEmpty()) {
            mcp = McpTools.start(mcpConfigs(settings), settings.workspace(), ChildEnvironment.scrub(launch.env(), settings.envAllow()),
                    settings.fathomHome().resolve("logs"), json, Version.get(), notice -> launch.err().println("fathom: " + notice));
            tools.withExternal(mcp.tools(tools));
        }
        TokenEstimator estimator = new TokenEstimator();
        int toolsTokens = estimator.estimate(RequestWriter.writeTools(tools.specifications()));
        ContextBudget budget = ContextBudget.of(info.contextWindow(), info.maxOutput(), settings.compactAtPercent(), settings.autoCompact());
        SessionPaths paths = new SessionPaths(settings.fathomHome(), settings.workspace());

        StoredSession found = resume == null ? null : load(paths, json, resume);
        String sessionId = found != null ? found.id() : SessionPaths.newSessionId();
        // A session killed before its first prompt was logged has nothing to restore: it starts again under its id.
        StoredSession stored = found != null && found.messages().size() > 1 + (found.instructions() ? 1 : 0) ? found : null;
        Conversation conversation;
        if (stored != null) {
            conversation = Conversation.restore(stored.messages(), stored.instructions() ? 1 : 0, budget, estimator, toolsTokens);
            if (stored.summarized()) {
                conversation.markSummarized();
            }
        } else {
            String instructions = ProjectInstructions.load(settings.workspace(), settings.fathomHome());
            conversation = new Conversation(Prompts.load("system"),
                    instructions == null ? null : Prompts.load("instructions-intro") + "\n\n" + instructions, budget, estimator, toolsTokens);
        }
        ApprovalMode mode = ApprovalMode.parse(settings.approvalOr(defaultApproval));
        Map<String, String> childEnvironment = ChildEnvironment.scrub(launch.env(), settings.envAllow());
        Sandbox sandbox = sandbox(settings, launch, childEnvironment, paths.outputsDir(sessionId), mode != ApprovalMode.READ_ONLY);
        if (sandbox == null) {
            launch.err().println("fathom: no sandbox: bubblewrap (bwrap) is not installed, so shell commands run unconfined in "
                    + mode.wireName() + " mode. Install bubblewrap to confine them (see fathom doctor).");
        }
        warmInBackground(sandbox, settings.workspace(), launch.env());
        ToolContext context = ToolContext.create(new WorkspaceGuard(settings.workspace(), List.of(settings.fathomHome()), ConfinedWriter.Seam.NONE), childEnvironment,
                paths.outputsDir(sessionId), sandbox, SecretRedactor.from(launch.env()),
                new Checkpointing(() -> Checkpoints.forWorkspace(settings.workspace(), launch.env()), sessionId));
        Approvals approvals = new Approvals(new ApprovalPolicy(mode, settings.allowRules(), settings.denyRules(),
                context.workspace()), approver, tools.classifier(context.workspace()));
        if (stored != null && !stored.plan().isEmpty()) {
            List<Plan.Step> steps = new ArrayList<>();
            stored.plan().forEach(p -> steps.add(new Plan.Step(p[0], p[1])));
            context.plan().replace(steps);
        }
        Compactor compactor = new Compactor(estimator, budget, new Compactor.Texts(Prompts.load("compaction"),
                Prompts.load("compaction-summary-intro"), Prompts.load("compaction-user-messages"), Prompts.load("compaction-plan"),
                Prompts.load("compaction-pruned-note")));
        // The table's prices are DeepSeek's: a self-hosted run has no cost Fathom could know.
        Pricing pricing = !endpoint.dialect().pricesApply() || !info.known() ? Pricing.UNKNOWN
                : Pricing.table(table, info.id());
        if (!pricing.known() && limits.maxCostUsd() != null) {
            launch.err().println("fathom: --max-cost cannot apply: there are no prices for " + info.id() + " on this endpoint (only DeepSeek's service has them).");
        }
        Agent agent = new Agent(new V4ChatModel(options, json, Version.get()), router,
                ModelRouting.exploreClients(options, router.explore(), json), tools, context, limits, pricing, sessionId, conversation,
                compactor, approvals);
        SessionRecorder recorder = new SessionRecorder(SessionLog.open(paths.logFile(sessionId), json), json);
        if (stored != null) {
            recorder.resumed();
        } else {
            recorder.started(sessionId, settings.workspace().toString(), info.id(), Version.get(), conversation.instructionsCount() == 1,
                    conversation.messages());
        }
        agent.addListener(recorder);
        List<Hooks.Hook> hooks = new ArrayList<>();
        for (Settings.HookSetting h : settings.hooks()) {
            hooks.add(new Hooks.Hook(h.event(), h.matcher() == null ? null : java.util.regex.Pattern.compile(h.matcher()), h.command(),
                    java.time.Duration.ofSeconds(h.timeoutSeconds())));
        }
        agent.setHooks(new Hooks(hooks, settings.workspace(), launch.env()));
        return new Run(agent, recorder, sessionId, mcp);
    }

    /** The session sandbox (null without bubblewrap): the workspace writable unless read-only, the session's outputs too. */
    static Sandbox sandbox(Settings settings, Launch launch, Map<String, String> childEnvironment, Path outputs, boolean writable) {
        Path home = Path.of(launch.env().getOrDefault("HOME", System.getProperty("user.home")));
        String runtime = launch.env().get("XDG_RUNTIME_DIR");
        return Sandbox.detect(Sandbox.Policy.of(settings.workspace(), home, settings.fathomHome(), runtime == null ? null : Path.of(runtime),
                outputs, settings.network(), writable, settings.sandboxWritable(), settings.sandboxReadable()), childEnvironment);
    }

    /**
     * Starts what the first tool calls need while the first request streams (issue 21's profile: the session sandbox
     * took most of the gap after the first bash call, JGit's loading most of the one after the first edit). The
     * sandbox is only launched (its first command waits for it, interruptibly); JGit is only read (the checkpoint is
     * still taken at the first change).
     */
    private static void warmInBackground(Sandbox sandbox, Path workspace, Map<String, String> env) {
        Thread t = new Thread(() -> {
            if (sandbox != null) {
                sandbox.launch();
            }
            try {
                Checkpoints checkpoints = Checkpoints.forWorkspace(workspace, env);
                if (checkpoints != null && checkpoints.unavailable() == null) {
                    checkpoints.list();
                }
            } catch (IOException | RuntimeException e) {
                // only a warm-up: the first change meets the same problem and reports it
            }
        }, "fathom-warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /** The MCP servers declared in the settings. */
    static List<McpServer.Config> mcpConfigs(Settings settings) {
        List<McpServer.Config> configs = new ArrayList<>();
        for (Settings.McpServerSetting m : settings.mcpServers()) {
            configs.add(new McpServer.Config(m.name(), m.command(), m.env(), m.url(), m.headers(), m.readOnly(), m.tools(), m.enabled(),
                    java.time.Duration.ofSeconds(m.timeoutSeconds())));
        }
        return configs;
    }

    private static StoredSession load(SessionPaths paths, ObjectMapper json, String resume) {
        SessionFiles files = new SessionFiles(json);
        Path file;
        if (resume.isEmpty()) {
            List<Path> all = files.list(paths.projectDir());
            if (all.isEmpty()) {
                throw new ConfigException("there is no earlier session in this directory to continue (see: fathom sessions).");
            }
            file = all.get(0);
        } else {
            file = files.find(paths.projectDir(), resume).orElseThrow(() -> new ConfigException(
                    "no session '" + resume + "' in this directory, or the prefix matches several (see: fathom sessions)."));
        }
        try {
            return files.read(file);
        } catch (IOException e) {
            throw new ConfigException("cannot read session log " + file + ": " + e.getMessage());
        }
    }
}
