package dev.fathom.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChildEnvironmentTest {
    @Test
    void childrenGetTheAllowlistAndTheNamesSettingsAddNothingElse() {
        Map<String, String> env = new HashMap<>();
        List.of("PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TERM", "TMPDIR", "USER", "LOGNAME", "SHELL", "JAVA_HOME", "DB_PASS",
                "MYSQL_PWD", "DATABASE_URL", "GH_PAT", "NPM_AUTH", "SERVICE_CREDS", "DEEPSEEK_API_KEY", "SSH_AUTH_SOCK", "XDG_RUNTIME_DIR",
                "GIT_CONFIG_COUNT", "GIT_DIR", "LD_PRELOAD").forEach(n -> env.put(n, "v-" + n));
        Map<String, String> child = ChildEnvironment.scrub(env, List.of("JAVA_HOME"));
        assertThat(child).containsKeys("PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TERM", "TMPDIR", "USER", "LOGNAME", "SHELL", "JAVA_HOME")
                .doesNotContainKeys("DB_PASS", "MYSQL_PWD", "DATABASE_URL", "GH_PAT", "NPM_AUTH", "SERVICE_CREDS", "DEEPSEEK_API_KEY",
                        "SSH_AUTH_SOCK", "XDG_RUNTIME_DIR", "GIT_DIR", "LD_PRELOAD");
        assertThat(child).containsEntry("GIT_CONFIG_COUNT", "2").containsValue("core.hooksPath").containsValue("/dev/null")
                .containsValue("core.fsmonitor");
        assertThat(child.keySet().stream().filter(k -> k.startsWith("GIT_CONFIG_"))).hasSize(5);
    }

    @Test
    void secretLookingNamesIncludeTheOnesADenylistOfWordsMissed() {
        for (String name : List.of("DB_PASS", "MYSQL_PWD", "GH_PAT", "NPM_AUTH", "SERVICE_CREDS", "AWS_SECRET_ACCESS_KEY", "my_token")) {
            assertThat(ChildEnvironment.looksSecret(name)).as(name).isTrue();
        }
        assertThat(ChildEnvironment.looksSecret("DATABASE_URL", "postgres://app:hunter22@db/app")).isTrue();
        for (String name : List.of("PATH", "PWD", "OLDPWD", "HOME", "MANPATH", "LANG", "PATHEXT")) {
            assertThat(ChildEnvironment.looksSecret(name)).as(name).isFalse();
        }
        assertThat(ChildEnvironment.looksSecret("DATABASE_URL", "postgres://db/app")).isFalse();
    }

    /** An approved git command in a child cannot run repository hooks: git reads the forced settings from the environment. */
    @Test
    void gitInAChildRunsNoRepositoryHook(@org.junit.jupiter.api.io.TempDir java.nio.file.Path repo) throws Exception {
        dev.fathom.testing.CliRun.git(repo, "init", "-q");
        java.nio.file.Path hook = repo.resolve(".git/hooks/pre-commit");
        java.nio.file.Files.writeString(hook, "#!/bin/sh\ntouch hook-ran\n");
        hook.toFile().setExecutable(true);
        java.nio.file.Files.writeString(repo.resolve("f.txt"), "x\n");
        Map<String, String> env = ChildEnvironment.scrub(Map.of("PATH", System.getenv("PATH"), "HOME", repo.toString()), List.of());
        Process p = Shell.command("git add f.txt && git -c user.name=T -c user.email=t@e commit -qm x && git config core.hooksPath",
                repo, env).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out.strip()).isEqualTo("/dev/null");
        assertThat(repo.resolve("hook-ran")).doesNotExist();
    }
}
