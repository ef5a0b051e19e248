package dev.fathom.cli;

import dev.fathom.config.SettingsLoader;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * Options accepted by every command, before or after the subcommand name. Mixed into the root and each subcommand;
 * {@link #or} lets a subcommand's value win over the root's. The fields are the one list: {@link #or} and the root's
 * known options ({@link Main}) are read from them; {@link #flags} hands them to the settings.
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

    /**
     * This command's options, each falling back to {@code parent}'s where not given here. Read from the fields, so an
     * option added above needs no line here.
     */
    GlobalOptions or(GlobalOptions parent) {
        GlobalOptions m = new GlobalOptions();
        try {
            for (Field f : optionFields()) {
                Object mine = f.get(this);
                f.set(m, given(mine) ? mine : f.get(parent));
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
        return m;
    }

    /** Every name of every option declared on {@code type} (its own fields, not mixins), read from the annotations. */
    static Set<String> optionNames(Class<?> type) {
        Set<String> names = new LinkedHashSet<>();
        for (Field f : type.getDeclaredFields()) {
            Option o = f.getAnnotation(Option.class);
            if (o != null) {
                names.addAll(List.of(o.names()));
            }
        }
        return names;
    }

    private static List<Field> optionFields() {
        List<Field> out = new ArrayList<>();
        for (Field f : GlobalOptions.class.getDeclaredFields()) {
            if (f.isAnnotationPresent(Option.class)) {
                out.add(f);
            }
        }
        return out;
    }

    /** Whether a field holds a value the user gave: not null, and not a switch left off. */
    private static boolean given(Object value) {
        return value != null && !Boolean.FALSE.equals(value);
    }
}
