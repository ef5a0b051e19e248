package dev.fathom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.config.Settings;
import dev.fathom.config.SettingsLoader;
import dev.fathom.loop.Limits;
import dev.fathom.testing.CliRun;
import dev.fathom.testing.EndToEndSupport;
import dev.fathom.testing.FakeDialect;
import dev.fathom.testing.FakeV4Server;
import dev.fathom.testing.Reply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The real entry point against the fake playing vLLM and SGLang: detection and its cache, a forced dialect, prices, errors. */
class DialectEndToEndTest extends EndToEndSupport {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SERVED = "deepseek-ai/DeepSeek-V4-Flash";

    @Test
    void vllmIsDetectedOnceAndASelfHostedRunReportsTokensButNoCost() throws IOException {
        server.dialect(FakeDialect.VLLM);
        server.enqueue(Reply.toolCall("glob", "{\"pattern\":\"*.java\"}").reasoning("Count them."))
                .enqueue(Reply.text("One Java file.").reasoning("Seen."));

        CliRun.Result r = cli.run("exec", "--output", "json", "--model", SERVED, "How many Java files?");

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode result = JSON.readTree(r.out());
        assertThat(result.path("final").asText()).isEqualTo("One Java file.");
        assertThat(result.path("usage").path("prompt_tokens").asLong()).isPositive();
        assertThat(result.path("usage").path("cache_hit_tokens").asLong()).isPositive();
        assertThat(result.has("cost_usd")).isTrue();
        assertThat(result.path("cost_usd").isNull()).as("no invented cost for a self-hosted server").isTrue();
        List<FakeV4Server.Recorded> sent = server.requests();
        assertThat(sent).allSatisfy(q -> assertThat(q.json().path("chat_template_kwargs").path("thinking").asBoolean()).isTrue());
        assertThat(sent.get(1).json().path("messages").findValues("reasoning")).extracting(JsonNode::asText).contains("Count them.");

        server.enqueue(Reply.text("Still one."));
        CliRun.Result again = cli.run("exec", "--model", SERVED, "And now?");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(server.modelListRequests()).as("the second run reused the cached detection").isEqualTo(1);
    }

    @Test
    void streamJsonUsageEventsCarryNoCostForASelfHostedServer() throws IOException {
        server.dialect(FakeDialect.SGLANG);
        server.enqueue(Reply.text("Hi.").reasoning("Greet."));

        CliRun.Result r = cli.run("exec", "--output", "stream-json", "--model", SERVED, "hi");

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode usage = r.out().lines().map(DialectEndToEndTest::parse).filter(e -> e.path("type").asText().equals("usage"))
                .findFirst().orElseThrow();
        assertThat(usage.path("usage").path("reasoning_tokens").asInt()).isEqualTo("Greet.".length() / 4);
        assertThat(usage.path("cost_usd").isNull()).isTrue();
        assertThat(usage.path("total_cost_usd").isNull()).isTrue();
    }

    @Test
    void aForcedDialectIsUsedWithoutAsking() {
        server.dialect(FakeDialect.SGLANG).serving(131_072, "deepseek-flash");
        server.enqueue(Reply.text("Hi.").reasoning("Greet."));

        CliRun.Result r = cli.run("exec", "--endpoint-dialect", "sglang", "--model", "flash", "hi");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(server.modelListRequests()).isZero();
        JsonNode sent = server.requests().get(0).json();
        assertThat(sent.path("model").asText()).isEqualTo("deepseek-flash");
        assertThat(sent.path("chat_template_kwargs").path("thinking").asBoolean())
                .as("SGLang thinks only when asked; the default run asks").isTrue();
    }

    @Test
    void theDialectSettingForcesItAndBadValuesAreUsageErrors() {
        server.dialect(FakeDialect.VLLM);
        cli.settings("{\"retry_base_delay_ms\": 5, \"idle_timeout_seconds\": 30, \"endpoint_dialect\": \"vllm\"}");
        server.enqueue(Reply.text("Hi.").reasoning("Greet."));

        CliRun.Result r = cli.run("exec", "--model", "deepseek-ai/DeepSeek-V4-Flash", "--context-window", "65536", "--effort", "low", "hi");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(server.modelListRequests()).isZero();
        JsonNode sent = server.requests().get(0).json();
        assertThat(sent.path("reasoning_effort").asText()).isEqualTo("low");
        assertThat(sent.path("chat_template_kwargs").path("thinking").asBoolean()).isTrue();
        CliRun.Result bad = cli.run("exec", "--endpoint-dialect", "tgi", "hi");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("--endpoint-dialect must be deepseek, vllm, sglang or auto, got 'tgi'");
    }

    @Test
    void anUnknownModelListsWhatTheServerServes() {
        server.dialect(FakeDialect.VLLM);

        CliRun.Result r = cli.run("exec", "--model", "pro", "hi");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.ENDPOINT);
        assertThat(r.err()).contains("does not serve model 'deepseek-v4-pro'").contains("it serves: " + SERVED)
                .contains("pro = deepseek-v4-pro");
    }

    @Test
    void theServedWindowIsUsedWhenTheTableHasNone() {
        server.dialect(FakeDialect.VLLM);
        assertThat(window("--model", SERVED)).isEqualTo(262_144);
        assertThat(window("--model", SERVED, "--context-window", "65536")).isEqualTo(65_536);
        assertThat(window("--model", "pro")).as("the table's entry wins").isEqualTo(1_048_576);
    }

    @Test
    void deepSeekRunsStillCostMoney() throws IOException {
        server.enqueue(Reply.text("Hi."));
        CliRun.Result r = cli.run("exec", "--output", "json", "hi");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(JSON.readTree(r.out()).path("cost_usd").asDouble()).isPositive();
    }

    @Test
    void theFixReportSaysTheCostIsUnknownRatherThanZero() throws IOException {
        dev.fathom.fix.FixReport report = new dev.fathom.fix.FixReport("fixed", null, 1, "mvn test", 1, 0, null, null, List.of(), 2,
                1000, 100, 512, 488, 10, null, 1234, SERVED, "s1", 10, 10, "Fixed.", null, false, false);
        assertThat(JSON.readTree(report.toJson(JSON)).path("cost_usd").isNull()).isTrue();
        assertThat(report.toMarkdown()).contains("| Cost | unknown (no prices for this endpoint) |").doesNotContain("$0");
    }

    /** The context window a run would be assembled with. */
    private int window(String... args) {
        GlobalOptions options = new GlobalOptions();
        new picocli.CommandLine(options).parseArgs(args);
        Map<String, String> env = Map.of("HOME", home.toString(), "FATHOM_HOME", home.resolve(".fathom").toString(),
                "DEEPSEEK_API_KEY", server.apiKey(), "DEEPSEEK_BASE_URL", server.baseUrl());
        Settings settings = new SettingsLoader(JSON, env, repo).load(options.flags());
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        try (RunFactory.Run run = RunFactory.create(settings, JSON, new Launch(env, repo, sink, sink), new Limits(null, null, null), null)) {
            return run.agent().conversation().breakdown().window();
        }
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError(line, e);
        }
    }
}
