package dev.fathom.safety;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The environment given to child processes: Fathom's own, minus every variable whose name looks like a secret
 * (KEY, TOKEN, SECRET, PASSWORD, CREDENTIAL, any case) unless the user allowed it by name.
 */
public final class ChildEnvironment {
    private static final String[] SECRET_NAME_PARTS = {"KEY", "TOKEN", "SECRET", "PASSWORD", "CREDENTIAL"};

    private ChildEnvironment() {
    }

    public static boolean looksSecret(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        for (String part : SECRET_NAME_PARTS) {
            if (upper.contains(part)) {
                return true;
            }
        }
        return false;
    }

    public static Map<String, String> scrub(Map<String, String> env, Set<String> allowed) {
        Map<String, String> out = new LinkedHashMap<>();
        env.forEach((k, v) -> {
            if (!looksSecret(k) || allowed.contains(k)) {
                out.put(k, v);
            }
        });
        return out;
    }
}
