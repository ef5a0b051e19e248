package dev.fathom.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the endpoint answers outside a stream, read the way a user needs it: error statuses and bodies, Retry-After,
 * the model list ({@code GET /models}) and the per-base-URL cache of it, the model table's facts and the URLs.
 */
class EndpointAnswersTest {
    static final ObjectMapper JSON = new ObjectMapper();
    final RawEndpoint endpoint = new RawEndpoint();
    @TempDir
    Path home;

    @AfterEach
    void stop() {
        endpoint.close();
    }

    @Test
    void eachStatusGetsItsKindAndAMessageSayingWhatToDo() {
        assertThat(HttpErrors.fromResponse(404, "{\"error\":{\"message\":\"The model `x` does not exist\"}}", null, JSON))
                .satisfies(e -> assertThat(e.kind()).isEqualTo(V4Exception.Kind.INVALID_REQUEST))
                .hasMessage("the endpoint does not serve this model (404: The model `x` does not exist)");
        assertThat(HttpErrors.fromResponse(404, "Not Found", null, JSON))
                .hasMessage("no chat completions endpoint at this URL (404); check --base-url / DEEPSEEK_BASE_URL");
        V4Exception teapot = HttpErrors.fromResponse(418, "", "5", JSON);
        assertThat(teapot).hasMessage("unexpected HTTP 418: no details");
        assertThat(teapot.kind()).isEqualTo(V4Exception.Kind.INVALID_REQUEST);
        assertThat(teapot.retryAfter()).as("only retryable failures carry a wait").isNull();
        V4Exception server = HttpErrors.fromResponse(500, "{\"message\":\"SGLang says no\"}", "7", JSON);
        assertThat(server).hasMessage("server error (500): SGLang says no");
        assertThat(server.kind()).isEqualTo(V4Exception.Kind.SERVER);
        assertThat(server.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(HttpErrors.fromResponse(429, null, "3", JSON).retryAfter()).isEqualTo(Duration.ofSeconds(3));
        assertThat(HttpErrors.fromResponse(402, "{}", null, JSON).kind()).isEqualTo(V4Exception.Kind.INSUFFICIENT_BALANCE);
        assertThat(HttpErrors.fromResponse(422, "bad", null, JSON)).hasMessage("the endpoint rejected the request (422): bad");
    }

    @Test
    void theServersOwnWordsAreQuotedAndALongRawBodyIsShortened() {
        assertThat(HttpErrors.serverMessage("  {\"error\":{\"message\":\"nested\"},\"message\":\"top\"}", JSON)).isEqualTo("nested");
        assertThat(HttpErrors.serverMessage("{\"error\":{\"message\":5},\"message\":\"top\"}", JSON)).isEqualTo("top");
        assertThat(HttpErrors.serverMessage("{\"error\":\"flat\"}", JSON)).isEqualTo("{\"error\":\"flat\"}");
        assertThat(HttpErrors.serverMessage("   ", JSON)).isEqualTo("no details");
        assertThat(HttpErrors.serverMessage("\n<html>gateway</html>\n", JSON)).isEqualTo("<html>gateway</html>");
        String body = "e".repeat(200);
        assertThat(HttpErrors.serverMessage(body, JSON)).isEqualTo(body);
        assertThat(HttpErrors.serverMessage(body + "f", JSON)).isEqualTo(body + "\u2026");
    }

    @Test
    void retryAfterIsSecondsOrAnHttpDateAndNeverNegative() {
        assertThat(HttpErrors.parseRetryAfter(" 12 ")).isEqualTo(Duration.ofSeconds(12));
        assertThat(HttpErrors.parseRetryAfter("-4")).isEqualTo(Duration.ZERO);
        assertThat(HttpErrors.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).as("a date in the past").isEqualTo(Duration.ZERO);
        String inAnHour = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusHours(1));
        assertThat(HttpErrors.parseRetryAfter(inAnHour)).isBetween(Duration.ofMinutes(50), Duration.ofHours(1));
        assertThat(HttpErrors.parseRetryAfter("soon")).isNull();
        assertThat(HttpErrors.parseRetryAfter("")).isNull();
        assertThat(HttpErrors.parseRetryAfter(null)).isNull();
    }

    @Test
    void aModelListGivesTheFirstOwnersDialectAndEachServedWindow() throws Exception {
        ServedModels s = ServedModels.parse(JSON.readTree("{\"data\":[{\"id\":\"a\",\"owned_by\":\"VLLM\",\"max_model_len\":4096},"
                + "{\"owned_by\":\"sglang\"},{\"id\":\"b\",\"owned_by\":\"sglang\",\"max_model_len\":0},{\"id\":\"c\",\"max_model_len\":\"big\"},"
                + "{\"id\":\"d\",\"max_model_len\":1}]}"));
        assertThat(s.dialect()).isEqualTo(EndpointDialect.VLLM);
        assertThat(s.ids()).containsExactly("a", "b", "c", "d");
        assertThat(s.windows()).containsEntry("a", 4096).containsEntry("b", null).containsEntry("c", null).containsEntry("d", 1);
        assertThat(ServedModels.parse(JSON.readTree("{\"data\":[{\"id\":\"x\",\"owned_by\":\"SGLang\"}]}")).dialect())
                .isEqualTo(EndpointDialect.SGLANG);
        assertThat(ServedModels.parse(JSON.readTree("{\"data\":[{\"id\":\"x\",\"owned_by\":\"DeepSeek\"}]}")).dialect())
                .isEqualTo(EndpointDialect.DEEPSEEK);
        assertThat(ServedModels.parse(JSON.readTree("{\"data\":[]}")).dialect()).isEqualTo(EndpointDialect.OPENAI_COMPATIBLE);
    }

    @Test
    void theModelListIsAskedForWithTheKeyAndOnlyAListIsBelieved() {
        String list = "{\"object\":\"list\",\"data\":[{\"id\":\"m\",\"owned_by\":\"vllm\"}]}";
        endpoint.then(new RawEndpoint.Answer(200, Map.of("Content-Type", "application/json"), list));
        assertThat(ServedModels.fetch(endpoint.baseUrl() + "/v1/models", "sk-m", Duration.ofSeconds(30), JSON).ids()).containsExactly("m");
        RawEndpoint.Seen asked = endpoint.seen.get(0);
        assertThat(asked.method()).isEqualTo("GET");
        assertThat(asked.path()).isEqualTo("/v1/models");
        assertThat(asked.headers().get("Authorization")).containsExactly("Bearer sk-m");
        assertThat(asked.headers().get("Accept")).containsExactly("application/json");

        endpoint.then(new RawEndpoint.Answer(200, Map.of(), list));
        assertThat(ServedModels.fetch(endpoint.baseUrl() + "/models", null, Duration.ofSeconds(30), JSON)).isNotNull();
        assertThat(endpoint.seen.get(1).headers().containsKey("Authorization")).as("no key, no header").isFalse();

        endpoint.then(new RawEndpoint.Answer(401, Map.of(), list)).then(new RawEndpoint.Answer(200, Map.of(), "{\"object\":\"list\"}"))
                .then(new RawEndpoint.Answer(200, Map.of(), "not json"));
        for (int i = 0; i < 3; i++) {
            assertThat(ServedModels.fetch(endpoint.baseUrl() + "/models", "k", Duration.ofSeconds(30), JSON)).as("answer %d", i).isNull();
        }
        assertThat(ServedModels.fetch("no scheme at all", "k", Duration.ofSeconds(30), JSON)).isNull();
    }

    @Test
    void theWordingsOfAMissingModelAreRecognised() {
        assertThat(ServedModels.saysModelMissing("Model Not Exist")).isTrue();
        assertThat(ServedModels.saysModelMissing("The model `v5` does not exist.")).isTrue();
        assertThat(ServedModels.saysModelMissing("File does not exist")).isFalse();
        assertThat(ServedModels.saysModelMissing("model overloaded")).isFalse();
    }

    @Test
    void aSwitchIsAllowedWhenTheServerListsNothingAndRefusedWhenItListsOthers() {
        ModelTable table = ModelTable.load(JSON);
        endpoint.then(new RawEndpoint.Answer(200, Map.of(), "{\"data\":[]}"))
                .then(new RawEndpoint.Answer(200, Map.of(), "{\"data\":[{\"id\":\"local\",\"owned_by\":\"vllm\"}]}"));
        assertThat(ServedModels.refusal(endpoint.baseUrl() + "/", "k", "pro", table, Duration.ofSeconds(30), JSON)).isNull();
        assertThat(endpoint.seen.get(0).path()).as("a trailing slash is not doubled").isEqualTo("/models");
        assertThat(ServedModels.refusal(endpoint.baseUrl(), "k", "pro", table, Duration.ofSeconds(30), JSON)).isEqualTo(
                "the endpoint does not serve model 'deepseek-v4-pro' (not in its model list); it serves: local.\n"
                        + "Pass one with --model (aliases: pro = deepseek-v4-pro, flash = deepseek-flash).");
    }

    @Test
    void theProbeCachesPerBaseUrlAsksAgainForAnUnlistedModelAndSurvivesADamagedCache() throws Exception {
        String vllm = "{\"data\":[{\"id\":\"local\",\"owned_by\":\"vllm\",\"max_model_len\":8192}]}";
        endpoint.then(new RawEndpoint.Answer(200, Map.of(), vllm));
        EndpointProbe probe = new EndpointProbe(home, JSON, Duration.ofSeconds(30));
        assertThat(probe.resolve(endpoint.baseUrl() + "/", "k", null, "local", false))
                .isEqualTo(new EndpointProbe.Endpoint(EndpointDialect.VLLM, 8192));
        assertThat(JSON.readTree(home.resolve(EndpointProbe.CACHE_FILE).toFile()))
                .isEqualTo(JSON.readTree("{\"" + endpoint.baseUrl() + "\":{\"dialect\":\"vllm\",\"models\":{\"local\":8192}}}"));
        // Without the slash: the same entry, no request.
        assertThat(probe.resolve(endpoint.baseUrl(), "k", null, "local", false).servedWindow()).isEqualTo(8192);
        assertThat(endpoint.seen).hasSize(1);
        // A known model's window is the table's: none is reported, and nothing is asked.
        assertThat(probe.resolve(endpoint.baseUrl(), "k", null, "deepseek-v4-pro", true)).isEqualTo(new EndpointProbe.Endpoint(EndpointDialect.VLLM, null));
        assertThat(endpoint.seen).hasSize(1);
        // A model the cached list lacks: asked again (the server may serve another model now).
        endpoint.then(new RawEndpoint.Answer(200, Map.of(), "{\"data\":[{\"id\":\"other\",\"owned_by\":\"sglang\"}]}"));
        assertThat(probe.resolve(endpoint.baseUrl(), "k", null, "other", false)).isEqualTo(new EndpointProbe.Endpoint(EndpointDialect.SGLANG, null));
        assertThat(endpoint.seen).hasSize(2);
        // A forced dialect wins over the detected one.
        assertThat(probe.resolve(endpoint.baseUrl(), "k", EndpointDialect.VLLM, "other", false).dialect()).isEqualTo(EndpointDialect.VLLM);

        Files.writeString(home.resolve(EndpointProbe.CACHE_FILE), "{ damaged");
        endpoint.then(new RawEndpoint.Answer(200, Map.of(), vllm));
        assertThat(probe.resolve(endpoint.baseUrl(), "k", null, "local", false).dialect()).isEqualTo(EndpointDialect.VLLM);
        assertThat(JSON.readTree(home.resolve(EndpointProbe.CACHE_FILE).toFile()).path(endpoint.baseUrl()).path("dialect").asText()).isEqualTo("vllm");
        try (var files = Files.list(home)) {
            assertThat(files).as("no temporary file is left").containsExactly(home.resolve(EndpointProbe.CACHE_FILE));
        }

        // An entry in a dialect this version does not know is ignored: the server is asked.
        Files.writeString(home.resolve(EndpointProbe.CACHE_FILE), "{\"" + endpoint.baseUrl() + "\":{\"dialect\":\"tgi\",\"models\":{\"local\":1}}}");
        endpoint.then(new RawEndpoint.Answer(200, Map.of(), vllm));
        assertThat(probe.resolve(endpoint.baseUrl(), "k", null, "local", false).servedWindow()).isEqualTo(8192);
        assertThat(endpoint.seen).hasSize(4);
    }

    @Test
    void onlyDeepSeeksOwnHostIsDeepSeekWithoutAsking() {
        assertThat(EndpointProbe.isDeepSeekHost("https://API.DeepSeek.com/v1")).isTrue();
        assertThat(EndpointProbe.isDeepSeekHost("https://api.deepseek.com.example.net")).isFalse();
        assertThat(EndpointProbe.isDeepSeekHost("http://127.0.0.1:8000")).isFalse();
        assertThat(EndpointProbe.isDeepSeekHost("not a url")).isFalse();
    }

    @Test
    void theTableGivesWindowsCapsAndAliasesAndAConfiguredWindowNarrowsTheCap() {
        ModelTable table = ModelTable.load(JSON);
        ModelInfo pro = table.lookup("pro", null);
        assertThat(pro).extracting(ModelInfo::id, ModelInfo::contextWindow, ModelInfo::maxOutput).containsExactly("deepseek-v4-pro", 1_048_576, 393_216);
        assertThat(table.lookup("deepseek-v4-pro", 500_000)).extracting(ModelInfo::contextWindow, ModelInfo::maxOutput).containsExactly(500_000, 393_216);
        ModelInfo narrow = table.lookup("pro", 100_000);
        assertThat(narrow).extracting(ModelInfo::contextWindow, ModelInfo::maxOutput).containsExactly(100_000, 100_000);
        assertThat(pro.offPeak().cost(1_000_000, 0, 0)).as("prices read from the table, not left out").isEqualTo(0.022);
        assertThat(pro.peak().cost(0, 0, 1_000_000)).isEqualTo(3.96);
        assertThat(narrow.peak()).isSameAs(pro.peak());
        assertThat(narrow.offPeak()).isSameAs(pro.offPeak());
        assertThat(table.lookup("mine", null)).extracting(ModelInfo::contextWindow, ModelInfo::maxOutput)
                .containsExactly(ModelTable.UNKNOWN_MODEL_WINDOW_TOKENS, ModelTable.UNKNOWN_MODEL_MAX_OUTPUT_TOKENS);
        assertThat(table.lookup("mine", 8_192)).extracting(ModelInfo::contextWindow, ModelInfo::maxOutput).containsExactly(8_192, 8_192);
        assertThat(table.lookup("mine", 65_536).maxOutput()).isEqualTo(ModelTable.UNKNOWN_MODEL_MAX_OUTPUT_TOKENS);
        assertThat(table.resolveName("flash")).isEqualTo("deepseek-flash");
        assertThat(table.resolveName("mine")).isEqualTo("mine");
        assertThat(table.isKnown("flash")).isTrue();
        assertThat(table.isKnown("deepseek-v4-flash")).isTrue();
        assertThat(table.isKnown("mine")).isFalse();
        assertThat(table.aliases()).containsExactly(Map.entry("pro", "deepseek-v4-pro"), Map.entry("flash", "deepseek-flash"));
        assertThatThrownBy(() -> table.aliases().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void dialectsAreNamedAsUsersWriteThem() {
        assertThat(EndpointDialect.forced("VLLM")).isEqualTo(EndpointDialect.VLLM);
        assertThat(EndpointDialect.forced("SGLang")).isEqualTo(EndpointDialect.SGLANG);
        assertThat(EndpointDialect.forced("deepseek")).isEqualTo(EndpointDialect.DEEPSEEK);
        assertThat(EndpointDialect.forced("Auto")).isNull();
        assertThatThrownBy(() -> EndpointDialect.forced("tgi")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("endpoint dialect must be deepseek, vllm, sglang or auto, got 'tgi'");
        for (EndpointDialect d : EndpointDialect.values()) {
            assertThat(EndpointDialect.fromWireName(d.wireName())).isEqualTo(d);
            assertThat(d.pricesApply()).as(d.name()).isEqualTo(d == EndpointDialect.DEEPSEEK);
        }
        assertThat(EndpointDialect.OPENAI_COMPATIBLE.wireName()).isEqualTo("openai-compatible");
        assertThat(EndpointDialect.fromWireName("tgi")).isNull();
    }

    @Test
    void theUrlsTolerateATrailingSlash() {
        for (String base : new String[] {"http://h:8000/v1", "http://h:8000/v1/"}) {
            V4Options o = new V4Options(base, "k", "m", false, null, null, Duration.ofSeconds(1), Duration.ofSeconds(1), RetryPolicy.DEFAULT);
            assertThat(o.chatCompletionsUrl()).isEqualTo("http://h:8000/v1/chat/completions");
            assertThat(o.modelsUrl()).isEqualTo("http://h:8000/v1/models");
            assertThat(o.dialect()).isEqualTo(EndpointDialect.DEEPSEEK);
        }
    }
}
