package dev.fathom.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.safety.ApprovalMode;
import dev.fathom.safety.ApprovalPolicy;
import dev.fathom.tools.ToolRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unknown keys at every depth, and Claude-style permission rules: understood or refused, never inert. */
class SettingsKeysTest {
    @TempDir
    Path tmp;

    private Settings load(String json) throws IOException {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Files.writeString(home.resolve("settings.json"), json);
        Path work = Files.createDirectories(tmp.resolve("work"));
        return new SettingsLoader(new ObjectMapper(), Map.of("FATHOM_HOME", home.toString(), "HOME", tmp.toString()), work)
                .load(new SettingsLoader.Flags(null, null, null, null, null, null, null, null, false, null, false, false, null, null));
    }

    @Test
    void anUnknownKeyAtAnyDepthIsAnErrorWithTheClosestKnownKey() {
        assertThatThrownBy(() -> load("{\"modle\": \"flash\"}")).hasMessageEndingWith("unknown setting 'modle'; did you mean 'model'?");
        assertThatThrownBy(() -> load("{\"permissions\": {\"alow\": [\"bash(ls*)\"]}}"))
                .hasMessageEndingWith("unknown setting 'permissions.alow'; did you mean 'allow'?");
        assertThatThrownBy(() -> load("{\"mcpServers\": {\"gh\": {\"comand\": \"x\"}}}"))
                .hasMessageEndingWith("unknown setting 'mcpServers.gh.comand'; did you mean 'command'?");
        assertThatThrownBy(() -> load("{\"hooks\": {\"pre_tool\": [{\"command\": \"true\", \"timeout\": 5}]}}"))
                .hasMessageContaining("unknown setting 'hooks.pre_tool.timeout'; did you mean 'timeout_seconds'?");
        assertThatThrownBy(() -> load("{\"permissions\": {\"zzzzzz\": []}}")).hasMessageEndingWith("Known here: allow, deny.");
    }

    @Test
    void freeFormObjectsAndChosenNamesAreNotKeys() throws IOException {
        Settings s = load("{\"mcpServers\": {\"my-server\": {\"command\": \"x\", \"env\": {\"ANY_NAME\": \"1\"}, \"headers\": {\"X-Y\": \"2\"}}}}");
        assertThat(s.mcpServers()).hasSize(1);
    }

    @Test
    void claudeStyleRulesAreTranslatedAndWork() throws IOException {
        Settings s = load("{\"permissions\": {\"allow\": [\"Bash(npm test:*)\", \"Read(./docs/**)\"], \"deny\": [\"Edit(//etc/**)\"]}}");
        assertThat(s.allowRules()).containsExactly("bash(npm test*)", "read_file(docs/**)", "grep(docs/**)", "glob(docs/**)");
        assertThat(s.denyRules()).containsExactly("edit_file(//etc/**)", "write_file(//etc/**)", "apply_patch(//etc/**)");
        // ask mode, where allow rules apply (read-only refuses every change whatever the rules say) and npm test would be asked
        ApprovalPolicy policy = new ApprovalPolicy(ApprovalMode.ASK, s.allowRules(), s.denyRules(), tmp);
        ApprovalPolicy.Verdict test = policy.decide(new ApprovalPolicy.Action("bash", ApprovalPolicy.Kind.COMMAND, List.of("npm test --watch")));
        assertThat(test.decision()).as(test.reason()).isEqualTo(ApprovalPolicy.Decision.ALLOW);
        ApprovalPolicy.Verdict edit = new ApprovalPolicy(ApprovalMode.FULL_AUTO, List.of(), s.denyRules(), tmp)
                .decide(new ApprovalPolicy.Action("write_file", ApprovalPolicy.Kind.EDIT, List.of("/etc/passwd")));
        assertThat(edit.decision()).as(edit.reason()).isEqualTo(ApprovalPolicy.Decision.DENY);
    }

    @Test
    void aRuleForAToolFathomLacksIsRefused() {
        assertThatThrownBy(() -> load("{\"permissions\": {\"allow\": [\"WebFetch(domain:example.com)\"]}}"))
                .hasMessageContaining("rule 'WebFetch(domain:example.com)' names no tool Fathom has");
        assertThatThrownBy(() -> load("{\"permissions\": {\"deny\": [\"Bahs(rm*)\"]}}")).hasMessageEndingWith("did you mean 'Bash'?");
        assertThatThrownBy(() -> load("{\"permissions\": {\"deny\": [\"Read(~/.ssh/**)\"]}}")).hasMessageEndingWith("write the absolute path instead of ~.");
    }

    @Test
    void theRuleToolListIsTheRegistrys() {
        List<String> registry = ToolRegistry.standard(new ObjectMapper()).specifications().stream().map(t -> t.name()).toList();
        assertThat(PermissionRules.TOOLS).containsExactlyInAnyOrderElementsOf(registry);
    }
}
