package dev.fathom.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a real child process sees: the allowlisted variables and the user's additions, git's safety settings, and
 * nothing else (bash adds only its own PWD, SHLVL and _). And which names count as secrets for redaction.
 */
class ChildProcessEnvironmentTest {
    @TempDir
    Path dir;

    static Map<String, String> childSees(Map<String, String> env, Path dir) throws Exception {
        Process p = Shell.command("env -0", dir, env).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).isZero();
        Map<String, String> seen = new TreeMap<>();
        for (String entry : out.split("\0")) {
            if (!entry.isEmpty()) {
                seen.put(entry.substring(0, entry.indexOf('=')), entry.substring(entry.indexOf('=') + 1));
            }
        }
        List.of("PWD", "SHLVL", "_").forEach(seen::remove);
        return seen;
    }

    @Test
    void aRealChildGetsExactlyTheAllowlistTheAddedNamesAndGitsSafetySettings() throws Exception {
        Map<String, String> parent = new HashMap<>();
        for (String n : List.of("HOME", "LANG", "LC_ALL", "TERM", "TMPDIR", "USER", "LOGNAME", "SHELL", "JAVA_HOME", "DEEPSEEK_API_KEY", "GH_PAT",
                "SSH_AUTH_SOCK", "LD_PRELOAD", "BASH_ENV", "GIT_DIR", "LCX", "XLC_ALL")) {
            parent.put(n, "v-" + n);
        }
        parent.put("PATH", System.getenv("PATH"));
        parent.put("LANG", "C");
        parent.put("LC_ALL", "C");
        parent.put("GIT_CONFIG_COUNT", "0");
        Map<String, String> child = childSees(ChildEnvironment.scrub(parent, List.of("JAVA_HOME", "GIT_CONFIG_COUNT")), dir);
        Map<String, String> expected = new TreeMap<>();
        for (String n : List.of("HOME", "LANG", "LC_ALL", "TERM", "TMPDIR", "USER", "LOGNAME", "SHELL", "JAVA_HOME")) {
            expected.put(n, "v-" + n);
        }
        expected.put("PATH", System.getenv("PATH"));
        expected.put("LANG", "C");
        expected.put("LC_ALL", "C");
        expected.putAll(Map.of("GIT_CONFIG_COUNT", "2", "GIT_CONFIG_KEY_0", "core.fsmonitor", "GIT_CONFIG_VALUE_0", "", "GIT_CONFIG_KEY_1",
                "core.hooksPath", "GIT_CONFIG_VALUE_1", "/dev/null"));
        assertThat(child).isEqualTo(expected);
        assertThat(ChildEnvironment.GIT_SAFETY).isEqualTo(Map.of("GIT_CONFIG_COUNT", "2", "GIT_CONFIG_KEY_0", "core.fsmonitor",
                "GIT_CONFIG_VALUE_0", "", "GIT_CONFIG_KEY_1", "core.hooksPath", "GIT_CONFIG_VALUE_1", "/dev/null"));
    }

    @Test
    void gitInAChildSeesNoFsmonitor() throws Exception {
        dev.fathom.testing.CliRun.git(dir, "init", "-q");
        dev.fathom.testing.CliRun.git(dir, "config", "core.fsmonitor", "touch fsmonitor-ran");
        Map<String, String> env = ChildEnvironment.scrub(Map.of("PATH", System.getenv("PATH"), "HOME", dir.toString()), List.of());
        Process p = Shell.command("git config --get core.fsmonitor; echo \"[$?]\"; git status --porcelain >/dev/null", dir, env).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).isEqualTo("\n[0]\n");
        assertThat(dir.resolve("fsmonitor-ran")).doesNotExist();
    }

    @ParameterizedTest(name = "{0} = {1}: {2}")
    @CsvSource(delimiterString = " | ", quoteCharacter = '"', value = {
        "GITHUBTOKEN | x | true", "MYAPIKEY | x | true", "XSECRETX | x | true", "ROOTPASSWORD | x | true", "AWSCREDENTIAL | x | true",
        "DB_PASS | x | true", "db_pass | x | true", "db.pass | x | true", "X_PASSWD | x | true", "GPG_PASSPHRASE | x | true",
        "GH_PAT | x | true", "NPM_AUTH | x | true", "SVC_CRED | x | true", "SVC_CREDS | x | true", "SENTRY_DSN | x | true",
        "SESSION_COOKIE | x | true", "MYSQL_PWD | x | true", "APP_TOKENS | x | true", "GCP_CREDENTIALS | x | true",
        "PATH | x | false", "PWD | x | false", "pwd | x | false", "OLDPWD | x | false", "XAUTHORITY | x | false", "AUTHOR_NAME | x | false",
        "PATCH | x | false", "LANG | x | false", "DATABASE_URL | postgres://app:hunter22@db/app | true",
        "DATABASE_URL | redis://:hunter22@cache:6379 | true", "DATABASE_URL | https://user@host/x | false",
        "DATABASE_URL | postgres://db/app | false", "HOMEPAGE | see https://a.example/x:y@z | false",
    })
    void secretsAreKnownByNameOrByAPasswordInAUrl(String name, String value, boolean secret) {
        assertThat(ChildEnvironment.looksSecret(name, value)).isEqualTo(secret);
        assertThat(ChildEnvironment.looksSecret(name)).isEqualTo(secret && !value.contains("://"));
    }
}
