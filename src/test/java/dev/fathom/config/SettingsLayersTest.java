package dev.fathom.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every value of the user's settings file is taken; the environment and the flags go over it, in that order. */
class SettingsLayersTest {
    private static final String EVERY_VALUE = """
            {"model": "deepseek-v4-flash", "base_url": "http://127.0.0.1:9/v1", "endpoint_dialect": "vllm",
             "thinking": false, "effort": "low", "context_window": 65536, "idle_timeout_seconds": 7,
             "retry_base_delay_ms": 250, "retry_max_attempts": 3, "compact_at": 55, "auto_compact": false,
             "approval": "auto-edit", "network": true, "sandbox_writable": ["~/.m2"], "sandbox_readable": ["~/.gitconfig"],
             "env_allow": ["JAVA_HOME"], "permissions": {"allow": ["bash(ls *)"], "deny": ["bash(rm *)"]}}
            """;

    @TempDir
    Path tmp;

    private Settings load(String settingsJson, Map<String, String> extraEnv, SettingsLoader.Flags flags) throws IOException {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Files.writeString(home.resolve("settings.json"), settingsJson);
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("FATHOM_HOME", home.toString());
        return new SettingsLoader(new ObjectMapper(), env, tmp).load(flags);
    }

    private static SettingsLoader.Flags noFlags() {
        return new SettingsLoader.Flags(null, null, null, null, null, null, null, null, false, null, false, false, null, null);
    }

    @Test
    void aWorkspaceGivenThroughASymlinkIsWhereTheLinkLeads() throws IOException {
        Path real = Files.createDirectories(tmp.resolve("data/proj"));
        Files.createSymbolicLink(tmp.resolve("proj"), real);
        SettingsLoader.Flags cd = new SettingsLoader.Flags(null, null, null, null, null, Path.of("proj"), null, null, false, null, false, false,
                null, null);
        assertThat(load("{}", Map.of(), cd).workspace()).isEqualTo(real.toRealPath());
    }

    @Test
    void everyValueOfTheFileIsTaken() throws IOException {
        Settings s = load(EVERY_VALUE, Map.of(), noFlags());
        assertThat(s.model()).isEqualTo("deepseek-v4-flash");
        assertThat(s.baseUrl()).isEqualTo("http://127.0.0.1:9/v1");
        assertThat(s.endpointDialect()).isEqualTo("vllm");
        assertThat(s.thinking()).isFalse();
        assertThat(s.effort()).isEqualTo("low");
        assertThat(s.contextWindow()).isEqualTo(65536);
        assertThat(s.idleTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(s.retryBaseDelay()).isEqualTo(Duration.ofMillis(250));
        assertThat(s.retryMaxAttempts()).isEqualTo(3);
        assertThat(s.compactAtPercent()).isEqualTo(55);
        assertThat(s.autoCompact()).isFalse();
        assertThat(s.approval()).isEqualTo("auto-edit");
        assertThat(s.network()).isTrue();
        assertThat(s.sandboxWritable()).containsExactly("~/.m2");
        assertThat(s.sandboxReadable()).containsExactly("~/.gitconfig");
        assertThat(s.envAllow()).containsExactly("JAVA_HOME");
        assertThat(s.allowRules()).hasSize(1);
        assertThat(s.denyRules()).hasSize(1);
        assertThat(s.fathomHome()).isEqualTo(tmp.resolve("home"));
    }

    @Test
    void theEnvironmentGoesOverTheFileAndTheFlagsOverBoth() throws IOException {
        Map<String, String> env = Map.of("DEEPSEEK_BASE_URL", "http://127.0.0.1:10/v1", "FATHOM_MODEL", "deepseek-v4-pro");
        Settings fromEnv = load(EVERY_VALUE, env, noFlags());
        assertThat(fromEnv.baseUrl()).isEqualTo("http://127.0.0.1:10/v1");
        assertThat(fromEnv.model()).isEqualTo("deepseek-v4-pro");

        Settings fromFlags = load(EVERY_VALUE, env, new SettingsLoader.Flags("flash", "http://127.0.0.1:11/v1", "on", "max", 131072,
                null, null, 80, false, "read-only", false, false, "sglang", null));
        assertThat(fromFlags.model()).isEqualTo("flash");
        assertThat(fromFlags.baseUrl()).isEqualTo("http://127.0.0.1:11/v1");
        assertThat(fromFlags.thinking()).isTrue();
        assertThat(fromFlags.effort()).isEqualTo("max");
        assertThat(fromFlags.contextWindow()).isEqualTo(131072);
        assertThat(fromFlags.compactAtPercent()).isEqualTo(80);
        assertThat(fromFlags.approval()).isEqualTo("read-only");
        assertThat(fromFlags.endpointDialect()).isEqualTo("sglang");
    }

    @Test
    void aBadValueNamesTheFileAndTheKey() {
        assertThatThrownBy(() -> load("{\"effort\": \"medium\"}", Map.of(), noFlags()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("settings.json: 'effort' must be low, high or max, got 'medium'");
        assertThatThrownBy(() -> load("{\"compact_at\": 5}", Map.of(), noFlags()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'compact_at' must be a percentage between 10 and 100, got 5");
        assertThatThrownBy(() -> load("{\"retry_max_attempts\": 0}", Map.of(), noFlags()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'retry_max_attempts' must be positive, got 0");
    }
}
