package dev.fathom.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The effective configuration of one run, after every source has been applied.
 *
 * @param model model id or alias as configured (resolved against the model table later)
 * @param contextWindow a user override of the model's window, or null
 * @param retryBaseDelay first backoff delay; later ones double up to the policy's cap
 * @param approval the mode named by the user's settings, a trusted project, {@code --config} or a flag; null for the
 *     command's default (use {@link #approvalOr})
 * @param project the project settings files in effect, their trust and what was ignored from them
 * @param endpointDialect deepseek, vllm, sglang, or auto (detected)
 * @param sandboxReadable files and folders (e.g. {@code ~/.gitconfig}) shown read-only in the sandbox's empty home
 * @param roles the explore, compact and escalate models, and whether the main model was {@code auto}
 * @param envAllow names of environment variables passed to child processes beside the built-in allowlist
 */
public record Settings(
        String model,
        String baseUrl,
        String apiKey,
        boolean thinking,
        String effort,
        Integer contextWindow,
        Path workspace,
        Path fathomHome,
        Duration idleTimeout,
        Duration retryBaseDelay,
        int retryMaxAttempts,
        Integer compactAtPercent,
        boolean autoCompact,
        String approval,
        java.util.List<String> allowRules,
        java.util.List<String> denyRules,
        boolean network,
        java.util.List<HookSetting> hooks,
        java.util.List<McpServerSetting> mcpServers,
        java.util.List<String> sandboxWritable,
        java.util.List<String> sandboxReadable,
        java.util.List<String> envAllow,
        ProjectTrust.Report project,
        String endpointDialect,
        ModelRoles roles) {

    /** The approval mode for a command whose default is {@code commandDefault}; an untrusted project may only narrow it. */
    public String approvalOr(String commandDefault) {
        return approval != null ? approval : project.approvalOr(commandDefault);
    }

    /**
     * An MCP server from the settings: a command line (stdio) or a URL (streamable HTTP); {@code tools} the tools to
     * offer (null: all), {@code enabled} false to skip it, {@code timeoutSeconds} per call without progress.
     */
    public record McpServerSetting(String name, java.util.List<String> command, java.util.Map<String, String> env, String url,
            java.util.Map<String, String> headers, boolean readOnly, java.util.List<String> tools, boolean enabled, int timeoutSeconds) {
    }

    /** One hook from the settings: the event, an optional tool-name regex, the command, its timeout in seconds. */
    public record HookSetting(String event, String matcher, String command, int timeoutSeconds) {
    }
}
