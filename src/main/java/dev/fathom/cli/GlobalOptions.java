package dev.fathom.cli;

import dev.fathom.config.SettingsLoader;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Options accepted by every command, before or after the subcommand name. Mixed into the root and each subcommand;
 * {@link #or} lets a subcommand's value win over the root's.
 */
public final class GlobalOptions {
    @Option(names = "--model", paramLabel = "MODEL", description = "Model id or alias (pro, flash), auto (Flash first, escalating to Pro), or the name a server serves. Default deepseek-v4-pro.")
    String model;

    @Option(names = "--models", paramLabel = "ROLE=MODEL,...", description = "Models per role: main, explore (sub-agents), compact"
            + " (summaries), escalate. Defaults explore=flash, compact=flash, escalate=pro. --model auto starts on Flash and escalates.")
    String models;

    @Option(names = "--base-url", paramLabel = "URL", description = "OpenAI-compatible endpoint. Default https://api.deepseek.com.")
    String baseUrl;

    @Option(names = "--endpoint-dialect", paramLabel = "deepseek|vllm|sglang|auto", description = "Which server serves V4. Default auto (detected).")
    String endpointDialect;

    @Option(names = "--thinking", paramLabel = "on|off", description = "Thinking mode. Default on.")
    String thinking;

    @Option(names = "--effort", paramLabel = "low|high|max", description = "Reasoning effort when thinking. Default max.")
    String effort;

    @Option(names = "--cd", paramLabel = "DIR", description = "Work in DIR instead of the current directory.")
    Path cd;

    @Option(names = "--context-window", paramLabel = "TOKENS", description = "Override the model's context window.")
    Integer contextWindow;

    @Option(names = "--config", paramLabel = "FILE", description = "Extra settings file, applied after the user and project settings.")
    Path config;

    @Option(names = "--compact-at", paramLabel = "PERCENT", description = "Compact at this percentage of the usable window. Default 85.")
    Integer compactAt;

    @Option(names = "--no-auto-compact", description = "Never compact on its own (a context overflow still forces one).")
    boolean noAutoCompact;

    @Option(names = "--approval", paramLabel = "MODE", description = "read-only, ask, auto-edit or full-auto. Default full-auto headless.")
    String approval;

    @Option(names = "--network", description = "Let sandboxed shell commands use the network.")
    boolean network;

    @Option(names = "--trust-project", description = "Honour the project's hooks, MCP servers, base URL and wider permissions in"
            + " .fathom/settings.json without asking.")
    boolean trustProject;

    @Option(names = "--debug", description = "Show stack traces for internal errors.")
    boolean debug;

    SettingsLoader.Flags flags() {
        return new SettingsLoader.Flags(model, baseUrl, thinking, effort, contextWindow, cd, config, compactAt, noAutoCompact, approval,
                network, trustProject, endpointDialect, models);
    }

    /** This command's options, each falling back to {@code parent}'s where not given here. */
    GlobalOptions or(GlobalOptions parent) {
        GlobalOptions m = new GlobalOptions();
        m.model = model != null ? model : parent.model;
        m.models = models != null ? models : parent.models;
        m.baseUrl = baseUrl != null ? baseUrl : parent.baseUrl;
        m.endpointDialect = endpointDialect != null ? endpointDialect : parent.endpointDialect;
        m.thinking = thinking != null ? thinking : parent.thinking;
        m.effort = effort != null ? effort : parent.effort;
        m.cd = cd != null ? cd : parent.cd;
        m.contextWindow = contextWindow != null ? contextWindow : parent.contextWindow;
        m.config = config != null ? config : parent.config;
        m.debug = debug || parent.debug;
        m.compactAt = compactAt != null ? compactAt : parent.compactAt;
        m.noAutoCompact = noAutoCompact || parent.noAutoCompact;
        m.approval = approval != null ? approval : parent.approval;
        m.network = network || parent.network;
        m.trustProject = trustProject || parent.trustProject;
        return m;
    }
}
