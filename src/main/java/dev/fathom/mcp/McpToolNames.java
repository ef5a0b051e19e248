package dev.fathom.mcp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Wire names for MCP tools: {@code mcp__<server>__<tool>} when that is already a valid, unique name of at most 64
 * characters; otherwise sanitized to {@code [A-Za-z0-9_-]}, cut to fit, and given a suffix from a hash of the original
 * server and tool names. The suffix depends only on those names, so a name is the same in every run and in
 * {@code fathom mcp list}, and two tools never share one.
 */
final class McpToolNames {
    static final int MAX_NAME_CHARS = 64;
    private static final int HASH_HEX_CHARS = 6;

    /** A tool as its server names it. */
    record Key(String server, String tool) {
        String plain() {
            return "mcp__" + server + "__" + tool;
        }
    }

    private McpToolNames() {
    }

    /** The wire name of each tool, in the order given. */
    static Map<Key, String> assign(List<Key> keys) {
        Map<String, Integer> plainCount = new HashMap<>();
        for (Key k : keys) {
            if (keepsPlainName(k)) {
                plainCount.merge(k.plain(), 1, Integer::sum);
            }
        }
        Map<Key, String> out = new LinkedHashMap<>();
        Set<String> taken = new HashSet<>();
        for (Key k : keys) {
            if (keepsPlainName(k) && plainCount.get(k.plain()) == 1) {
                out.put(k, k.plain());
                taken.add(k.plain());
            }
        }
        for (Key k : keys) {
            if (out.containsKey(k)) {
                continue;
            }
            String sanitized = k.plain().replaceAll("[^A-Za-z0-9_-]", "_");
            String hash = hash(k.server() + "\u0000" + k.tool());
            String name;
            int hexChars = HASH_HEX_CHARS;
            do {
                String suffix = "_" + hash.substring(0, hexChars);
                name = sanitized.substring(0, Math.min(sanitized.length(), MAX_NAME_CHARS - suffix.length())) + suffix;
                hexChars += 2;
            } while (taken.contains(name) && hexChars <= hash.length());
            out.put(k, name);
            taken.add(name);
        }
        return out;
    }

    private static boolean keepsPlainName(Key k) {
        return k.plain().length() <= MAX_NAME_CHARS && k.plain().matches("[A-Za-z0-9_-]+");
    }

    private static String hash(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
