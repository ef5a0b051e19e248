package dev.fathom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.testing.CliRun;
import dev.fathom.testing.EndToEndSupport;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** doctor: only settings files that exist, every check after a failure, exit 1 on any FAIL, the key tried once. */
class DoctorTest extends EndToEndSupport {

    @Test
    void checksTheEndpointAndKeyWithOneRequest() {
        CliRun.Result r = cli.run("doctor");
        assertThat(r.out()).contains("ok   endpoint: " + server.baseUrl() + "/models answered and accepted the key",
                "ok   API key: DEEPSEEK_API_KEY is set", "ok   settings " + home.resolve(".fathom/settings.json") + ": valid");
        assertThat(r.exitCode()).as("exit 1 exactly when a line is a FAIL:\n" + r.out()).isEqualTo(r.out().contains("\nFAIL ") ? 1 : 0);
        assertThat(server.modelListRequests()).isEqualTo(1);
        assertThat(server.requests()).as("no chat request").isEmpty();
    }

    @Test
    void aWrongKeyOrNoEndpointIsAFailAndExitOne() {
        CliRun.Result wrong = cli.env("DEEPSEEK_API_KEY", "sk-wrong").run("doctor");
        assertThat(wrong.exitCode()).isEqualTo(1);
        assertThat(wrong.out()).contains("FAIL endpoint: " + server.baseUrl() + "/models rejected the key (HTTP 401)");
        CliRun.Result away = cli.env("DEEPSEEK_BASE_URL", "http://127.0.0.1:9").run("doctor");
        assertThat(away.exitCode()).isEqualTo(1);
        assertThat(away.out()).contains("FAIL endpoint: cannot reach http://127.0.0.1:9/models");
    }

    @Test
    void onlySettingsFilesThatExistAreListed() throws Exception {
        Files.delete(home.resolve(".fathom/settings.json"));
        CliRun.Result r = cli.run("doctor");
        assertThat(r.out()).contains("ok   settings: no settings file; the defaults apply").doesNotContain("settings.json");
    }

    @Test
    void everyCheckRunsAfterABadSettingsFile() {
        cli.settings("{\"modle\": \"flash\"}");
        CliRun.Result r = cli.run("doctor");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("FAIL settings: ", "unknown setting 'modle'; did you mean 'model'?", "(the checks below use the defaults)",
                "git: found", "FATHOM_HOME ", "API key: DEEPSEEK_API_KEY is set");
    }

    @Test
    void theKeyMayComeFromLogin() {
        cli.env("DEEPSEEK_API_KEY", null);
        CliRun.Result none = cli.run("doctor");
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.out()).contains("FAIL API key: none");
        assertThat(cli.stdin(server.apiKey() + "\n").run("login").exitCode()).isZero();
        CliRun.Result stored = cli.stdin(null).run("doctor");
        assertThat(stored.out()).contains("ok   API key: stored by fathom login (" + home.resolve(".fathom/api-key") + ")",
                "accepted the key");
    }
}
