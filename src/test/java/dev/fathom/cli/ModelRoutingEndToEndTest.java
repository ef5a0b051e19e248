package dev.fathom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.testing.CliRun;
import dev.fathom.testing.FakeEndpointSupport;
import dev.fathom.testing.FakeV4Server;
import dev.fathom.testing.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Model roles end to end: auto escalation in exec and fix, per-model costs in the json outputs. */
class ModelRoutingEndToEndTest extends FakeEndpointSupport {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String FLASH = "deepseek-flash";
    static final String PRO = "deepseek-v4-pro";

    static List<String> models(FakeV4Server server) {
        return server.requests().stream().map(r -> r.json().path("model").asText()).toList();
    }

    static List<JsonNode> events(String stdout) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : stdout.lines().toList()) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    @Test
    void autoStartsOnFlashAndEscalatesToProAfterThreeEditsWhoseTextIsNotFound() throws IOException {
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        Files.writeString(ws.resolve("a.txt"), "alpha\n");
        String badEdit = "{\"file_path\":\"a.txt\",\"old_string\":\"beta\",\"new_string\":\"gamma\"}";
        for (int i = 0; i < 3; i++) {
            server.enqueue(Reply.toolCall("edit_file", badEdit).reasoning("Flash tries edit " + i + "."));
        }
        server.enqueue(Reply.text("There is no beta in a.txt.").reasoning("Pro reads the errors."));

        CliRun.Result r = new CliRun(home, ws).against(server).run("exec", "--model", "auto", "--output", "stream-json", "Change beta to gamma");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(models(server)).containsExactly(FLASH, FLASH, FLASH, PRO);
        List<JsonNode> events = events(r.out());
        List<String> types = events.stream().map(e -> e.path("type").asText()).toList();
        JsonNode escalation = events.stream().filter(e -> e.path("type").asText().equals("escalation")).findFirst().orElseThrow();
        assertThat(escalation.path("from").asText()).isEqualTo(FLASH);
        assertThat(escalation.path("to").asText()).isEqualTo(PRO);
        assertThat(escalation.path("reason").asText()).isEqualTo("3 edits whose old text was not found in a row");
        assertThat(types.indexOf("escalation")).as("right after the third failed edit")
                .isEqualTo(types.lastIndexOf("tool_call_finished") + 1);
        // Pro gets Flash's reasoning back on every earlier assistant turn: the conversation stays valid across the switch.
        JsonNode proRequest = server.requests().get(3).json();
        List<String> replayed = new ArrayList<>();
        proRequest.path("messages").forEach(m -> {
            if (m.path("role").asText().equals("assistant")) {
                replayed.add(m.path("reasoning_content").asText());
            }
        });
        assertThat(replayed).containsExactly("Flash tries edit 0.", "Flash tries edit 1.", "Flash tries edit 2.");
        assertThat(proRequest.path("tools").toString()).as("the cached prefix is the same bytes for both models")
                .isEqualTo(server.requests().get(0).json().path("tools").toString());
        assertThat(proRequest.path("messages").get(0)).isEqualTo(server.requests().get(0).json().path("messages").get(0));

        JsonNode costs = events.get(events.size() - 1).path("costs");
        assertThat(events.get(events.size() - 1).path("model").asText()).isEqualTo(PRO);
        assertThat(costs.path("by_model").path(FLASH).path("requests").asInt()).isEqualTo(3);
        assertThat(costs.path("by_model").path(PRO).path("requests").asInt()).isEqualTo(1);
        assertThat(costs.path("by_model").path(FLASH).path("cost_usd").asDouble()).isPositive();
        assertThat(costs.path("by_role").path("main").path("requests").asInt()).isEqualTo(4);
        assertThat(costs.path("baseline_model").asText()).isEqualTo(PRO);
        assertThat(costs.path("baseline_cost_usd").asDouble()).as("all four on Pro would cost more")
                .isGreaterThan(costs.path("cost_usd").asDouble());
        assertThat(costs.path("escalations")).hasSize(1);
    }

    @Test
    void withoutAutoAnExplicitModelNeverEscalates() throws IOException {
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        Files.writeString(ws.resolve("a.txt"), "alpha\n");
        String badEdit = "{\"file_path\":\"a.txt\",\"old_string\":\"beta\",\"new_string\":\"gamma\"}";
        for (int i = 0; i < 3; i++) {
            server.enqueue(Reply.toolCall("edit_file", badEdit));
        }
        server.enqueue(Reply.text("No beta."));

        CliRun.Result r = new CliRun(home, ws).against(server).run("exec", "--model", "flash", "--output", "json", "Change beta to gamma");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(models(server)).containsOnly(FLASH);
        JsonNode result = JSON.readTree(r.out());
        assertThat(result.path("costs").path("escalations")).isEmpty();
        assertThat(result.path("costs").path("baseline_model").asText()).isEqualTo(FLASH);
    }

    @Test
    void aFixAttemptOnFlashThatFailsTheCheckMovesTheNextAttemptToPro() throws IOException {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        Files.writeString(repo.resolve("status.txt"), "bad\n");
        Files.writeString(repo.resolve(".gitignore"), "out/\n");
        CliRun.git(repo, "init", "-q", "-b", "main");
        CliRun.git(repo, "add", ".");
        CliRun.git(repo, "commit", "-q", "-m", "init");
        server.enqueue(Reply.text("It looks fine to me.").reasoning("Flash guesses."))
                .enqueue(Reply.toolCall("write_file", "{\"file_path\":\"status.txt\",\"content\":\"good\\n\"}").reasoning("Pro looks."))
                .enqueue(Reply.text("status.txt now says good."));

        CliRun.Result r = new CliRun(home, repo).against(server).run("fix", "--model", "auto", "--check", "grep -qx good status.txt",
                "--report", "out/report.json", "--summary", "out/summary.md");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("fixed in 2 attempts");
        assertThat(models(server)).containsExactly(FLASH, PRO, PRO);
        assertThat(r.err()).contains("\u2191 switching deepseek-flash \u2192 deepseek-v4-pro: attempt 1 did not make the check pass");
        JsonNode report = JSON.readTree(repo.resolve("out/report.json").toFile());
        assertThat(report.path("status").asText()).isEqualTo("fixed");
        JsonNode costs = report.path("costs");
        assertThat(costs.path("escalations").get(0).path("reason").asText()).isEqualTo("attempt 1 did not make the check pass");
        assertThat(costs.path("by_model").path(FLASH).path("requests").asInt()).isEqualTo(1);
        assertThat(costs.path("by_model").path(PRO).path("requests").asInt()).isEqualTo(2);
        double flash = costs.path("by_model").path(FLASH).path("cost_usd").asDouble();
        double pro = costs.path("by_model").path(PRO).path("cost_usd").asDouble();
        assertThat(flash).isPositive();
        assertThat(pro).isPositive();
        assertThat(costs.path("cost_usd").asDouble()).isCloseTo(flash + pro, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(report.path("cost_usd").asDouble()).isCloseTo(flash + pro, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(Files.readString(repo.resolve("out/summary.md"))).contains("### Models").contains("| deepseek-flash | 1 |")
                .contains("Escalated from deepseek-flash to deepseek-v4-pro: attempt 1 did not make the check pass");
    }
}
