package dev.fathom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.testing.CliRun;
import dev.fathom.testing.Reply;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which MCP tools are offered and under which names: the 128-tool cap, allow lists, unique and stable wire names. */
class McpToolSelectionTest extends McpSupport {
    static final String LONG = "a_tool_whose_name_is_far_too_long_to_fit_in_a_wire_name_of_sixty_four";

    @Test
    void moreThan128ToolsAreCutToTheCapWithANoticeAndBuiltInsKept() throws IOException {
        settings("{\"mcpServers\": {\"big\": " + stdioServer(", \"extra-tools=140\"") + "}}}");
        server.enqueue(request -> {
            List<String> names = toolNames(request);
            assertThat(names).hasSize(128).contains("read_file", "bash", "update_plan", "mcp__big__lookup");
            return Reply.toolCall("mcp__big__lookup_2", "{\"key\":\"k\"}");
        }).enqueue(Reply.text("Done."));
        CliRun.Result r = cli.run("exec", "Look it up");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(server.badRequests()).isZero();
        assertThat(r.err()).contains("128").contains("left out").contains("mcp__big__lookup_140").contains("\"tools\"")
                .contains("\"enabled\": false");
        assertThat(r.err().split("left out", -1)).as("said once").hasSize(2);

        CliRun.Result list = cli.run("mcp", "list");
        assertThat(list.out()).contains("mcp__big__lookup_140").containsPattern("mcp__big__lookup_140 +\\(left out");

        settings("{\"mcpServers\": {\"big\": " + stdioServer(", \"extra-tools=140\"") + ", \"tools\": [\"lookup\", \"lookup_7\"]},"
                + " \"off\": " + stdioServer("") + ", \"enabled\": false}}}");
        server.enqueue(request -> {
            assertThat(toolNames(request).stream().filter(n -> n.startsWith("mcp__"))).containsExactly("mcp__big__lookup", "mcp__big__lookup_7");
            return Reply.text("Fine.");
        });
        CliRun.Result chosen = cli.run("exec", "Nothing");
        assertThat(chosen.exitCode()).as(chosen.err()).isZero();
        assertThat(chosen.err()).doesNotContain("left out");
        assertThat(cli.run("mcp", "list").out()).contains("off").contains("disabled").doesNotContain("lookup_8");
    }

    @Test
    void wireNamesAreUniqueStableAndWhatRulesAndCallsUse() throws IOException {
        settings("{\"mcpServers\": {\"ns\": " + stdioServer(", \"names=ns.dotted|ns_dotted|" + LONG + "\"") + "}}}");
        CliRun.Result list = cli.run("mcp", "list");
        List<String> listed = Arrays.stream(list.out().split("\n")).map(String::strip).filter(l -> l.startsWith("mcp__"))
                .map(l -> l.split(" ")[0]).toList();
        assertThat(listed).doesNotHaveDuplicates().allMatch(n -> n.matches("[A-Za-z0-9_-]{1,64}")).contains("mcp__ns__ns_dotted");
        String dotted = listed.stream().filter(n -> n.startsWith("mcp__ns__ns_dotted_")).findFirst().orElseThrow();
        String longName = listed.stream().filter(n -> n.startsWith("mcp__ns__a_tool_")).findFirst().orElseThrow();
        assertThat(cli.run("mcp", "list").out()).as("stable across runs").contains(dotted).contains(longName);

        settings("{\"mcpServers\": {\"ns\": " + stdioServer(", \"names=ns.dotted|ns_dotted|" + LONG + "\"") + "}},"
                + " \"permissions\": {\"deny\": [\"" + longName + "\"]}}");
        server.enqueue(request -> {
            assertThat(toolNames(request)).containsAll(listed);
            return Reply.toolCall(dotted, "{}").andToolCall("mcp__ns__ns_dotted", "{}").andToolCall(longName, "{}");
        }).enqueue(Reply.text("Done."));
        CliRun.Result r = cli.run("exec", "Call them");
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> results = ExecFailuresTest.toolResults(server.requests().get(1).json());
        assertThat(results.get(0)).isEqualTo("called ns.dotted");
        assertThat(results.get(1)).isEqualTo("called ns_dotted");
        assertThat(results.get(2)).startsWith("Not run:");
    }
}
