package dev.fathom.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The one table of known settings keys, at every depth. A key the table does not know is an error naming the file, the
 * key's path and the closest known key. To add a setting, add its key here (and, for an object, a row for its keys).
 */
public final class SettingsKeys {
    /** Marks an object whose keys are names the user chooses (servers, hook events): its values are checked, not its keys. */
    private static final Set<String> ANY_NAME = Set.of("*");

    /**
     * Known keys by where they sit: "" is the top level, "a" the object under key a, "a.*" each value of a map,
     * "a.*[]" each element of a list. Objects not listed (env, headers) are free-form.
     */
    private static final Map<String, Set<String>> KNOWN = new LinkedHashMap<>();

    static {
        KNOWN.put("", Set.of("model", "base_url", "endpoint_dialect", "thinking", "effort", "context_window", "idle_timeout_seconds",
                "retry_base_delay_ms", "retry_max_attempts", "compact_at", "auto_compact", "approval", "permissions", "network", "hooks",
                "mcpServers", "sandbox_writable", "sandbox_readable", "env_allow", "trusted_projects", "models", "escalate_after"));
        KNOWN.put("models", Set.of("main", "explore", "compact", "escalate"));
        KNOWN.put("permissions", Set.of("allow", "deny"));
        KNOWN.put("mcpServers", ANY_NAME);
        KNOWN.put("mcpServers.*", Set.of("command", "args", "env", "url", "headers", "read_only", "tools", "enabled", "timeout_seconds"));
        KNOWN.put("hooks", ANY_NAME); // the event names are checked with the hooks (ExtensionSettings)
        KNOWN.put("hooks.*[]", Set.of("command", "matcher", "timeout_seconds"));
    }

    private SettingsKeys() {
    }

    /** The keys known at the top level. */
    public static Set<String> topLevel() {
        return KNOWN.get("");
    }

    /** Throws a {@link ConfigException} for the first unknown key in {@code root}, at any depth. */
    public static void check(Path file, JsonNode root) {
        walk(file, root, "", "");
    }

    private static void walk(Path file, JsonNode node, String where, String shown) {
        if (node.isArray()) {
            for (JsonNode element : node) {
                walk(file, element, where + "[]", shown);
            }
            return;
        }
        Set<String> known = KNOWN.get(where);
        if (!node.isObject() || known == null) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            String path = shown.isEmpty() ? key : shown + "." + key;
            if (known != ANY_NAME && !known.contains(key)) {
                String close = DidYouMean.closest(key, known);
                throw new ConfigException(file + ": unknown setting '" + path + "'"
                        + (close != null ? "; did you mean '" + close + "'?" : ". Known here: " + String.join(", ", known.stream().sorted().toList()) + "."));
            }
            walk(file, field.getValue(), (where.isEmpty() ? "" : where + ".") + (known == ANY_NAME ? "*" : key), path);
        }
    }
}
