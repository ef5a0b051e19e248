package dev.fathom.safety;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Replaces known secret values (those of environment variables named like secrets, 8 characters or longer) with
 * {@code [REDACTED:NAME]} in text bound for the endpoint or the session log. The second line of defence: not passing
 * secrets to child processes is the first.
 */
public final class SecretRedactor {
    public static final int MIN_SECRET_CHARS = 8;
    private record Secret(String name, String value) {
    }

    private final List<Secret> secrets;

    private SecretRedactor(List<Secret> secrets) {
        this.secrets = secrets;
    }

    public static SecretRedactor none() {
        return new SecretRedactor(List.of());
    }

    public static SecretRedactor from(Map<String, String> environment) {
        List<Secret> out = new ArrayList<>();
        environment.forEach((k, v) -> {
            if (ChildEnvironment.looksSecret(k) && v != null && v.length() >= MIN_SECRET_CHARS) {
                out.add(new Secret(k, v));
            }
        });
        out.sort(Comparator.comparingInt((Secret s) -> s.value().length()).reversed()); // longest first: no partial leftovers
        return new SecretRedactor(out);
    }

    public String redact(String text) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        String out = text;
        for (Secret s : secrets) {
            if (out.contains(s.value())) {
                out = out.replace(s.value(), "[REDACTED:" + s.name() + "]");
            }
        }
        return out;
    }
}
