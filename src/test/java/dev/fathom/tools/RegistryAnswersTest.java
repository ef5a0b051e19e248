package dev.fathom.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.safety.ApprovalPolicy;
import dev.fathom.safety.SecretRedactor;
import dev.fathom.safety.WorkspaceGuard;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The registry's own answers: an unknown tool, a tool that fails unexpectedly, a refused path, secrets and long output
 * in a result, external tools added once, withdrawn tools, explore before it is bound, and how calls are classified.
 */
class RegistryAnswersTest extends ToolTestSupport {
    static final String SECRET = "sk-live-0123456789abcdef0123";

    /** An external (MCP-like) tool whose answer the test chooses. */
    record Fake(String name, boolean mutates, java.util.function.Function<String, ToolResult> answer) implements ExternalTool {
        @Override
        public ToolSpecification specification() {
            return ToolSpecification.builder().name(name).description("fake").build();
        }

        @Override
        public ToolResult run(String arguments, ToolContext context) {
            return answer.apply(arguments);
        }
    }

    private ToolContext context(SecretRedactor redactor) {
        return ToolContext.create(new WorkspaceGuard(ws), Map.of(), tmp.resolve("out"), null, redactor, Checkpointing.none());
    }

    private static ToolResult call(ToolRegistry registry, String name, String arguments, ToolContext ctx) throws InterruptedException {
        return registry.execute(ToolExecutionRequest.builder().id("c").name(name).arguments(arguments).build(), ctx);
    }

    @Test
    void anUnknownToolIsAnsweredWithTheToolsOnOffer() throws Exception {
        ToolRegistry registry = new ToolRegistry(List.of(new GlobTool(), new UpdatePlanTool()), ToolHarness.JSON);
        ToolResult r = call(registry, "list_files", "{}", tools.context);
        assertThat(r.error()).isTrue();
        assertThat(r.output()).isEqualTo("Unknown tool 'list_files'. Available tools: glob, update_plan.");
    }

    @Test
    void anExternalToolsFailureOrPathRefusalOrSecretIsAnsweredAsText() throws Exception {
        ToolRegistry registry = new ToolRegistry(List.of(), ToolHarness.JSON).withExternal(List.of(
                new Fake("boom", true, a -> {
                    throw new IllegalStateException("bad state");
                }),
                new Fake("refused", true, a -> {
                    throw new WorkspaceGuard.PathRefusedException("/etc is outside the workspace");
                }),
                new Fake("leaks", false, a -> ToolResult.ok("token " + SECRET + " and " + "y".repeat(40_000), "done"))));
        ToolContext ctx = context(SecretRedactor.from(Map.of("OPENAI_API_KEY", SECRET)));
        ToolResult boom = call(registry, "boom", "{}", ctx);
        assertThat(boom.error()).isTrue();
        assertThat(boom.output()).isEqualTo("boom failed unexpectedly: java.lang.IllegalStateException: bad state. Try a different approach.");
        ToolResult refused = call(registry, "refused", "{}", ctx);
        assertThat(refused.error()).isTrue();
        assertThat(refused.output()).isEqualTo("/etc is outside the workspace");
        ToolResult leaks = call(registry, "leaks", "{}", ctx);
        assertThat(leaks.error()).isFalse();
        assertThat(leaks.summary()).isEqualTo("done");
        assertThat(leaks.output()).doesNotContain(SECRET).startsWith("token ").contains("characters (0 lines) omitted")
                .hasSizeLessThan(OutputLimits.MAX_TOOL_OUTPUT_CHARS + 100);
    }

    @Test
    void aToolErrorIsRedactedToo() throws Exception {
        ToolRegistry registry = new ToolRegistry(List.of(new ReadFileTool()), ToolHarness.JSON);
        ToolContext ctx = context(SecretRedactor.from(Map.of("OPENAI_API_KEY", SECRET)));
        ToolResult r = call(registry, "read_file", "{\"file_path\":\"" + SECRET + ".txt\"}", ctx);
        assertThat(r.error()).isTrue();
        assertThat(r.output()).doesNotContain(SECRET).startsWith("File not found: ");
    }

    @Test
    void anExternalToolIsAddedOnceAndNeverOverABuiltInOne() {
        ToolRegistry registry = new ToolRegistry(List.of(new GlobTool()), ToolHarness.JSON).withExternal(List.of(
                new Fake("glob", false, a -> ToolResult.ok("external glob", "")),
                new Fake("search", false, a -> ToolResult.ok("first", "")),
                new Fake("search", true, a -> ToolResult.ok("second", ""))));
        assertThat(registry.specifications()).extracting(ToolSpecification::name).containsExactly("glob", "search");
        assertThat(registry.mutates("search")).isFalse();
        assertThat(registry.mutates("glob")).isFalse();
        assertThat(registry.mutates("no_such_tool")).isTrue();
        assertThat(new ToolRegistry(List.of(new WriteFileTool()), ToolHarness.JSON).mutates("write_file")).isTrue();
    }

    @Test
    void aWithdrawnToolLeavesTheOfferOnlyWhenWithdrawalsAreApplied() {
        ToolRegistry registry = new ToolRegistry(List.of(new GlobTool()), ToolHarness.JSON).withExternal(List.of(
                new Fake("search", false, a -> ToolResult.ok("", "")), new Fake("fetch", true, a -> ToolResult.ok("", ""))));
        assertThat(registry.applyWithdrawals()).isFalse();
        registry.withdrawLater("search");
        assertThat(registry.specifications()).extracting(ToolSpecification::name).containsExactly("glob", "search", "fetch");
        assertThat(registry.applyWithdrawals()).isTrue();
        assertThat(registry.specifications()).extracting(ToolSpecification::name).containsExactly("glob", "fetch");
        assertThat(registry.applyWithdrawals()).isFalse();
    }

    @Test
    void exploreAnswersThatItIsUnavailableUntilBoundAndThenHandsTheTaskOn() throws Exception {
        ToolRegistry registry = new ToolRegistry(List.of(), ToolHarness.JSON).withExplore(ToolHarness.JSON);
        ToolResult before = call(registry, "explore", "{\"task\":\"find x\"}", tools.context);
        assertThat(before.error()).isTrue();
        assertThat(before.output()).isEqualTo("explore is not available in this session; investigate with the other tools.");
        registry.bindExplorer((task, ctx) -> ToolResult.ok("report on [" + task + "]", "explored"));
        ToolResult after = call(registry, "explore", "{\"task\":\"  find x \\n\"}", tools.context);
        assertThat(after.output()).isEqualTo("report on [find x]");
        assertThat(after.summary()).isEqualTo("explored");
        assertThat(call(registry, "explore", "{\"task\":\" \"}", tools.context).output())
                .isEqualTo("task is empty; say what to find out, e.g. \"where is the retry delay computed and how is it tested\".");
        assertThat(registry.mutates("explore")).isFalse();
    }

    @Test
    void callsAreClassifiedByTheirToolAndArgumentsThatAreNotAnObjectTouchNothing() {
        ToolRegistry registry = ToolRegistry.standard(ToolHarness.JSON).withExternal(List.of(
                new Fake("lookup", false, a -> ToolResult.ok("", "")), new Fake("deploy", true, a -> ToolResult.ok("", ""))));
        var classify = registry.classifier(ws);
        assertThat(classify.classify("write_file", "{\"file_path\":\"src/A.java\",\"content\":\"\"}"))
                .isEqualTo(new ApprovalPolicy.Action("write_file", ApprovalPolicy.Kind.EDIT, List.of("src/A.java")));
        assertThat(classify.classify("write_file", "[1,2]")).isEqualTo(new ApprovalPolicy.Action("write_file", ApprovalPolicy.Kind.EDIT, List.of()));
        assertThat(classify.classify("write_file", "{not json")).isEqualTo(new ApprovalPolicy.Action("write_file", ApprovalPolicy.Kind.EDIT, List.of()));
        assertThat(classify.classify("write_file", null)).isEqualTo(new ApprovalPolicy.Action("write_file", ApprovalPolicy.Kind.EDIT, List.of()));
        assertThat(classify.classify("lookup", "{}")).isEqualTo(new ApprovalPolicy.Action("lookup", ApprovalPolicy.Kind.READ, List.of()));
        assertThat(classify.classify("deploy", "{}")).isEqualTo(new ApprovalPolicy.Action("deploy", ApprovalPolicy.Kind.OTHER, List.of()));
        assertThat(classify.classify("mystery", "{}")).isEqualTo(new ApprovalPolicy.Action("mystery", ApprovalPolicy.Kind.OTHER, List.of()));
    }
}
