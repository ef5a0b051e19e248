package dev.fathom.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model roles from settings and flags; auto; bad input stops with one clear line. */
class ModelRolesSettingsTest {
    @TempDir
    Path tmp;

    Settings load(String settingsJson, String model, String models) throws IOException {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Files.deleteIfExists(home.resolve("settings.json"));
        if (settingsJson != null) {
            Files.writeString(home.resolve("settings.json"), settingsJson);
        }
        return new SettingsLoader(new ObjectMapper(), Map.of("FATHOM_HOME", home.toString()), tmp).load(
                new SettingsLoader.Flags(model, null, null, null, null, null, null, null, false, null, false, false, null, models));
    }

    @Test
    void defaultsLeaveRolesUnsetAndResolveToFlashAndProOnDeepSeekButToTheMainModelElsewhere() throws IOException {
        Settings s = load(null, null, null);
        assertThat(s.model()).isEqualTo("deepseek-v4-pro");
        assertThat(s.roles().escalates()).isFalse();
        assertThat(s.roles().resolve("deepseek-v4-pro", true)).isEqualTo(new ModelRoles.Resolved("deepseek-v4-pro", "flash", "flash", "pro"));
        assertThat(s.roles().resolve("my-v4", false)).isEqualTo(new ModelRoles.Resolved("my-v4", "my-v4", "my-v4", "my-v4"));
    }

    @Test
    void autoMeansFlashFirstWithEscalation() throws IOException {
        Settings s = load(null, "auto", null);
        assertThat(s.model()).isEqualTo("flash");
        assertThat(s.roles().auto()).isTrue();
        assertThat(s.roles().escalates()).isTrue();
    }

    @Test
    void settingsAndTheFlagSetRolesAndTheFlagWins() throws IOException {
        Settings s = load("{\"models\": {\"explore\": \"pro\", \"compact\": \"pro\"}, \"escalate_after\": 5}", null,
                "explore=flash,main=auto");
        assertThat(s.roles().explore()).isEqualTo("flash");
        assertThat(s.roles().compact()).isEqualTo("pro");
        assertThat(s.roles().escalateAfter()).isEqualTo(5);
        assertThat(s.model()).isEqualTo("flash");
        assertThat(s.roles().auto()).isTrue();
    }

    @Test
    void badRolesAreRefusedWithOneLine() {
        assertThatThrownBy(() -> load("{\"models\": {\"reviewer\": \"pro\"}}", null, null)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown setting 'models.reviewer'").hasMessageContaining("compact, escalate, explore, main");
        assertThatThrownBy(() -> load(null, null, "explore")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("--models takes role=model pairs");
        assertThatThrownBy(() -> load(null, null, "explore=auto")).hasMessageContaining("only the main model can be auto");
        assertThatThrownBy(() -> load("{\"escalate_after\": 0}", null, null)).hasMessageContaining("'escalate_after' must be at least 1");
        assertThatThrownBy(() -> load("{\"models\": [\"pro\"]}", null, null)).hasMessageContaining("must be an object of role to model");
    }
}
