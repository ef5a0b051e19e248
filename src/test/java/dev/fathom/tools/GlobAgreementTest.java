package dev.fathom.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.safety.ApprovalMode;
import dev.fathom.safety.ApprovalPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One glob dialect: a permission rule names exactly the files the glob tool lists for the same pattern. */
class GlobAgreementTest {
    static final List<String> FILES = List.of("A.java", "src/main/B.java", "src/C.txt", "docs/D.java", "docs/x/E.md");

    @TempDir
    Path ws;

    @Test
    void aPermissionRuleAndTheGlobToolAgree() throws Exception {
        for (String f : FILES) {
            Files.createDirectories(ws.resolve(f).getParent());
            Files.writeString(ws.resolve(f), "x\n");
        }
        ToolHarness tools = new ToolHarness(ws, Files.createDirectories(ws.resolve("../outputs").normalize()));
        for (String glob : List.of("*.java", "src/**", "src/*.txt", "**/*.java", "docs/*", "docs/**/*.md", "*.{java,md}")) {
            String listed = tools.call("glob", "{\"pattern\":\"" + glob + "\"}").output();
            ApprovalPolicy policy = new ApprovalPolicy(ApprovalMode.FULL_AUTO, List.of(), List.of("edit_file(" + glob + ")"), ws);
            for (String f : FILES) {
                boolean denied = policy.decide(new ApprovalPolicy.Action("edit_file", ApprovalPolicy.Kind.EDIT, List.of(f))).decision()
                        == ApprovalPolicy.Decision.DENY;
                assertThat(listed.lines().anyMatch(f::equals)).as("glob %s lists %s", glob, f).isEqualTo(denied);
            }
        }
    }
}
