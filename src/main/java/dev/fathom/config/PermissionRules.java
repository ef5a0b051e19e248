package dev.fathom.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads permission rules. Fathom's form is {@code tool} or {@code tool(glob)} with Fathom's tool names. A rule written
 * for Claude Code ({@code Bash(npm test:*)}, {@code Read(./src/**)}, {@code Edit}) is translated; a rule naming a tool
 * Fathom does not have is an error, so no rule is ever silently inert.
 */
final class PermissionRules {
    /** Fathom's built-in tools (ToolRegistry.standard; a test keeps the two equal). MCP tools are mcp__server__tool. */
    static final Set<String> TOOLS = Set.of("read_file", "write_file", "edit_file", "apply_patch", "glob", "grep", "bash", "job_output",
            "git_status", "git_diff", "git_log", "git_commit", "update_plan");

    /** Claude Code's tool names and the Fathom tools the same rule covers (its Read covers every read, Edit every edit). */
    private static final Map<String, List<String>> CLAUDE = Map.of(
            "Bash", List.of("bash"),
            "Read", List.of("read_file", "grep", "glob"),
            "Edit", List.of("edit_file", "write_file", "apply_patch"),
            "MultiEdit", List.of("edit_file"),
            "Write", List.of("write_file"),
            "Glob", List.of("glob"),
            "Grep", List.of("grep"));

    private PermissionRules() {
    }

    /** The rules in Fathom's form; {@code key} is e.g. "permissions.allow", for messages. */
    static List<String> normalize(List<String> rules, Path file, String key) {
        List<String> out = new ArrayList<>();
        for (String rule : rules) {
            int open = rule.indexOf('(');
            String tool = (open < 0 ? rule : rule.substring(0, open)).trim();
            String pattern = open < 0 ? null : rule.substring(open + 1, rule.lastIndexOf(')'));
            if (TOOLS.contains(tool) || tool.equals("*") || tool.startsWith("mcp__")) {
                out.add(rule);
            } else if (CLAUDE.containsKey(tool)) {
                for (String fathomTool : CLAUDE.get(tool)) {
                    out.add(pattern == null ? fathomTool : fathomTool + "(" + claudePattern(tool, pattern, file, key, rule) + ")");
                }
            } else {
                Set<String> names = new java.util.TreeSet<>(TOOLS);
                names.addAll(CLAUDE.keySet());
                String close = DidYouMean.closest(tool, names);
                throw new ConfigException(file + ": '" + key + "' rule '" + rule + "' names no tool Fathom has"
                        + (close != null ? "; did you mean '" + close + "'?" : "; tools: " + String.join(", ", new java.util.TreeSet<>(TOOLS)) + "."));
            }
        }
        return out;
    }

    /**
     * Claude's pattern forms: "cmd:*" is a command prefix; "./p" is relative to the project; "//p" is absolute, as in
     * Fathom's glob (whose one leading / anchors at the workspace); "~" is not read.
     */
    private static String claudePattern(String tool, String pattern, Path file, String key, String rule) {
        if (tool.equals("Bash")) {
            return pattern.endsWith(":*") ? pattern.substring(0, pattern.length() - 2) + "*" : pattern;
        }
        if (pattern.startsWith("~")) {
            throw new ConfigException(file + ": '" + key + "' rule '" + rule + "': write the absolute path instead of ~.");
        }
        return pattern.startsWith("./") ? pattern.substring(2) : pattern;
    }
}
