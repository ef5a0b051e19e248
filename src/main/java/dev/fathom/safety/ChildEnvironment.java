package dev.fathom.safety;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The environment given to child processes, by allowlist: PATH, HOME, LANG, LC_*, TERM, TMPDIR, USER, LOGNAME and SHELL,
 * plus the names the user's settings add ({@code env_allow}); nothing else, whatever its name. Every child also gets git
 * configuration through {@code GIT_CONFIG_COUNT}/{@code GIT_CONFIG_KEY_n}/{@code GIT_CONFIG_VALUE_n} that turns off
 * repository hooks and fsmonitor, so that even an approved {@code git status} or {@code git commit} runs no repository
 * code that way. Clean/smudge filters and diff drivers cannot be turned off like this: their names are the
 * repository's choice, and git has no switch for all of them.
 */
public final class ChildEnvironment {
    /** Variables every child gets when Fathom has them. */
    public static final List<String> ALLOWED = List.of("PATH", "HOME", "LANG", "TERM", "TMPDIR", "USER", "LOGNAME", "SHELL");

    /** Git settings forced on every child: no repository hooks, no fsmonitor helper. */
    public static final Map<String, String> GIT_SAFETY = gitSafety();

    /** Name parts (between underscores) that mark a variable as holding a secret; DB_PASS, GH_PAT, NPM_AUTH, SERVICE_CREDS. */
    private static final Set<String> SECRET_PARTS = Set.of("KEY", "KEYS", "TOKEN", "TOKENS", "SECRET", "SECRETS", "PASSWORD", "PASS",
            "PASSWD", "PWD", "PASSPHRASE", "CREDENTIAL", "CREDENTIALS", "CRED", "CREDS", "AUTH", "PAT", "APIKEY", "COOKIE", "DSN");
    private static final String[] SECRET_SUBSTRINGS = {"KEY", "TOKEN", "SECRET", "PASSWORD", "CREDENTIAL"};
    /** Shell variables that only look like secrets by their parts. */
    private static final Set<String> NOT_SECRET = Set.of("PWD", "OLDPWD", "XAUTHORITY");
    /** A URL with a password in it, e.g. postgres://app:hunter2@db/app. */
    private static final Pattern URL_WITH_PASSWORD = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*://[^/@:\\s]*:[^/@\\s]+@");

    private ChildEnvironment() {
    }

    /** Whether a variable's name (or, for a URL, its value) says it holds a secret: its value is then redacted. */
    public static boolean looksSecret(String name, String value) {
        String upper = name.toUpperCase(Locale.ROOT);
        if (NOT_SECRET.contains(upper)) {
            return false;
        }
        for (String part : SECRET_SUBSTRINGS) {
            if (upper.contains(part)) {
                return true;
            }
        }
        for (String part : upper.split("[^A-Z0-9]+")) {
            if (SECRET_PARTS.contains(part)) {
                return true;
            }
        }
        return value != null && URL_WITH_PASSWORD.matcher(value).find();
    }

    /** {@link #looksSecret(String, String)} by the name alone. */
    public static boolean looksSecret(String name) {
        return looksSecret(name, null);
    }

    /**
     * The allowlisted part of {@code env}, with {@code extra} names (from the user's settings) added and the git safety
     * settings on top.
     */
    public static Map<String, String> scrub(Map<String, String> env, Collection<String> extra) {
        Map<String, String> out = new LinkedHashMap<>();
        env.forEach((k, v) -> {
            if (ALLOWED.contains(k) || k.startsWith("LC_") || extra.contains(k)) {
                out.put(k, v);
            }
        });
        out.putAll(GIT_SAFETY);
        return out;
    }

    private static Map<String, String> gitSafety() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("core.fsmonitor", "");
        settings.put("core.hooksPath", "/dev/null");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("GIT_CONFIG_COUNT", String.valueOf(settings.size()));
        int i = 0;
        for (Map.Entry<String, String> e : settings.entrySet()) {
            env.put("GIT_CONFIG_KEY_" + i, e.getKey());
            env.put("GIT_CONFIG_VALUE_" + i, e.getValue());
            i++;
        }
        return Map.copyOf(env);
    }
}
