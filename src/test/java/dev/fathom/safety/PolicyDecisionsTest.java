package dev.fathom.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.safety.ApprovalPolicy.Action;
import dev.fathom.safety.ApprovalPolicy.Decision;
import dev.fathom.safety.ApprovalPolicy.Kind;
import dev.fathom.safety.ApprovalPolicy.Verdict;
import dev.fathom.safety.Approvals.Approver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The approval policy as a table of mode × what a call does, with the reason each verdict gives, and the rules and
 * answers that change it: deny wins over everything, a dangerous command is never covered by a blanket allow or an
 * "always", and a rule on paths must hold for every path a call touches to allow it, for one of them to deny it.
 */
class PolicyDecisionsTest {
    static final Path WS = Path.of("/work/project");

    static Action command(String c) {
        return new Action("bash", Kind.COMMAND, List.of(c));
    }

    static Action of(Kind kind, String... subjects) {
        String tool = switch (kind) {
            case READ -> "read_file";
            case EDIT -> "edit_file";
            case COMMAND -> "bash";
            case OTHER -> "mcp_deploy";
        };
        return new Action(tool, kind, List.of(subjects));
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource(delimiterString = " | ", quoteCharacter = '"', value = {
        "FULL_AUTO | READ | a.txt | ALLOW | full-auto mode",
        "AUTO_EDIT | READ | a.txt | ALLOW | auto-edit mode",
        "ASK | READ | a.txt | ALLOW | a read",
        "READ_ONLY | READ | a.txt | ALLOW | a read",
        "FULL_AUTO | EDIT | a.txt | ALLOW | full-auto mode",
        "AUTO_EDIT | EDIT | a.txt | ALLOW | auto-edit mode",
        "ASK | EDIT | a.txt | ASK | ask mode asks before edits",
        "READ_ONLY | EDIT | a.txt | DENY | refused: the session is read-only (--approval read-only)",
        "FULL_AUTO | COMMAND | ls -la | ALLOW | full-auto mode",
        "AUTO_EDIT | COMMAND | ls -la | ALLOW | auto-edit mode",
        "ASK | COMMAND | ls -la | ALLOW | a read",
        "READ_ONLY | COMMAND | ls -la | ALLOW | a read",
        "FULL_AUTO | COMMAND | mvn test | ALLOW | full-auto mode",
        "AUTO_EDIT | COMMAND | mvn test | ASK | auto-edit mode asks before running commands that are not plain reads; mvn is not a known read-only program",
        "ASK | COMMAND | mvn test | ASK | ask mode asks before commands that are not plain reads; mvn is not a known read-only program",
        "READ_ONLY | COMMAND | mvn test | DENY | refused: the session is read-only (--approval read-only)",
        "FULL_AUTO | COMMAND | git reset --hard | ASK | it is a dangerous command: git reset --hard throws away uncommitted work",
        "AUTO_EDIT | COMMAND | git clean -fdx | ASK | it is a dangerous command: git clean deletes untracked files for good",
        "ASK | COMMAND | rm -rf .git | ASK | it is a dangerous command: deleting .git destroys the repository's history",
        "FULL_AUTO | OTHER | x | ALLOW | full-auto mode",
        "AUTO_EDIT | OTHER | x | ASK | auto-edit mode asks before tools that may change things",
        "ASK | OTHER | x | ASK | ask mode asks before tools that may change things",
        "READ_ONLY | OTHER | x | DENY | refused: the session is read-only (--approval read-only)",
    })
    void eachModeDecidesEachKindOfCall(ApprovalMode mode, Kind kind, String subject, Decision decision, String reason) {
        Verdict v = new ApprovalPolicy(mode, List.of(), List.of(), WS).decide(of(kind, subject));
        assertThat(v.decision()).isEqualTo(decision);
        assertThat(v.reason().strip()).isEqualTo(reason);
        assertThat(v.dangerous()).isEqualTo(reason.startsWith("it is a dangerous command"));
    }

    @Test
    void aDenyRuleCatchesACallThatTouchesOneDeniedPathAmongOthers() {
        ApprovalPolicy policy = new ApprovalPolicy(ApprovalMode.FULL_AUTO, List.of(), List.of("apply_patch(secret/**)"), WS);
        Action patch = new Action("apply_patch", Kind.EDIT, List.of("src/ok.txt", "secret/k.pem"));
        assertThat(policy.decide(patch).decision()).isEqualTo(Decision.DENY);
        assertThat(policy.decide(patch).reason()).isEqualTo("denied by the rule 'apply_patch(secret/**)' in the settings");
        Action clean = new Action("apply_patch", Kind.EDIT, List.of("src/ok.txt", "docs/a.md"));
        assertThat(policy.decide(clean).decision()).isEqualTo(Decision.ALLOW);
    }

    @Test
    void anAllowRuleOnPathsMustHoldForEveryPathTheCallTouches() {
        ApprovalPolicy policy = new ApprovalPolicy(ApprovalMode.ASK, List.of("apply_patch(src/**)"), List.of(), WS);
        assertThat(policy.decide(new Action("apply_patch", Kind.EDIT, List.of("src/a.txt", "src/b/c.txt"))).decision()).isEqualTo(Decision.ALLOW);
        assertThat(policy.decide(new Action("apply_patch", Kind.EDIT, List.of("src/a.txt", "pom.xml"))).decision()).isEqualTo(Decision.ASK);
        assertThat(policy.decide(new Action("apply_patch", Kind.EDIT, List.of())).decision()).as("a rule on paths needs a path").isEqualTo(Decision.ASK);
        assertThat(policy.decide(new Action("edit_file", Kind.EDIT, List.of("src/a.txt"))).decision()).as("another tool").isEqualTo(Decision.ASK);
    }

    @Test
    void aStarRuleCoversEveryToolAndABareToolRuleEveryCallOfIt() {
        ApprovalPolicy policy = new ApprovalPolicy(ApprovalMode.FULL_AUTO, List.of(), List.of("*(secret/**)", "mcp_deploy"), WS);
        assertThat(policy.decide(new Action("read_file", Kind.READ, List.of("secret/k.pem"))).decision()).isEqualTo(Decision.DENY);
        assertThat(policy.decide(new Action("read_file", Kind.READ, List.of("src/k.pem"))).decision()).isEqualTo(Decision.ALLOW);
        assertThat(policy.decide(new Action("mcp_deploy", Kind.OTHER, List.of())).decision()).isEqualTo(Decision.DENY);
        assertThat(policy.decide(new Action("mcp_deployx", Kind.OTHER, List.of())).decision()).isEqualTo(Decision.ALLOW);
    }

    @Test
    void commandRulesMatchTheWholeCommandWithStarAsTheOnlyWildcard() {
        ApprovalPolicy policy = new ApprovalPolicy(ApprovalMode.ASK, List.of("bash(make a.b)", "bash(npm run*)", "bash(*--dry-run)"), List.of(), WS);
        assertThat(policy.decide(command("make a.b")).decision()).isEqualTo(Decision.ALLOW);
        assertThat(policy.decide(command("make axb")).decision()).as("a dot is a dot").isEqualTo(Decision.ASK);
        assertThat(policy.decide(command("make a.b c")).decision()).as("the whole command").isEqualTo(Decision.ASK);
        assertThat(policy.decide(command("npm run build")).decision()).isEqualTo(Decision.ALLOW);
        assertThat(policy.decide(command("npm publish --dry-run")).decision()).isEqualTo(Decision.ALLOW);
        assertThat(policy.decide(command("npm publish")).decision()).isEqualTo(Decision.ASK);
        assertThat(ApprovalPolicy.commandGlob("a*b")).isEqualTo("\\Qa\\E.*\\Qb\\E");
    }

    @Test
    void aDangerousCommandStaysAskedAfterAnAlwaysAndUnderABlanketAllow() {
        ApprovalPolicy policy = new ApprovalPolicy(ApprovalMode.FULL_AUTO, List.of("bash", "*"), List.of(), WS);
        Action reset = command("git reset --hard");
        policy.allowForSession(reset);
        Verdict v = policy.decide(reset);
        assertThat(v.decision()).isEqualTo(Decision.ASK);
        assertThat(v.dangerous()).isTrue();
        assertThat(policy.decide(command("mvn test")).reason()).isEqualTo("allowed by the rule 'bash'");
    }

    @Test
    void anAlwaysAnswerCoversTheSameToolOnTheSameSubjectOnly() {
        ApprovalPolicy policy = new ApprovalPolicy(ApprovalMode.ASK, List.of(), List.of(), WS);
        policy.allowForSession(new Action("edit_file", Kind.EDIT, List.of("a.txt")));
        assertThat(policy.decide(new Action("edit_file", Kind.EDIT, List.of("a.txt"))).reason()).isEqualTo("allowed for this session");
        assertThat(policy.decide(new Action("write_file", Kind.EDIT, List.of("a.txt"))).decision()).isEqualTo(Decision.ASK);
        assertThat(policy.decide(new Action("edit_file", Kind.EDIT, List.of("b.txt"))).decision()).isEqualTo(Decision.ASK);
        assertThat(policy.decide(new Action("edit_file", Kind.EDIT, List.of("a.txt", "b.txt"))).decision()).isEqualTo(Decision.ASK);
    }

    @Test
    void rulesAreCheckedBeforeTheyAreUsed() {
        for (String good : List.of("bash", "*", "bash(git *)", "edit_file(src/**)", "mcp-tool_x(a)")) {
            assertThat(ApprovalPolicy.invalidRule(List.of(good))).as(good).isNull();
        }
        for (String bad : List.of("bash(ls", "two words", "edit_file([)", "edit_file({a)", "")) {
            assertThat(ApprovalPolicy.invalidRule(List.of("bash", bad))).as(bad).isEqualTo(bad);
        }
    }

    @Test
    void aSubjectIsRelativeInsideTheWorkspaceAndAbsoluteOutside() {
        assertThat(Action.subject(WS, "src/../a.txt")).isEqualTo("a.txt");
        assertThat(Action.subject(WS, "/work/project/src/A.java")).isEqualTo("src/A.java");
        assertThat(Action.subject(WS, "../other/x")).isEqualTo("/work/other/x");
        assertThat(Action.subject(WS, "/etc/passwd")).isEqualTo("/etc/passwd");
        assertThat(Action.subject(WS, "bad\0path")).isEqualTo("bad\0path");
    }

    @Test
    void aCallIsDescribedByItsCommandOrItsToolAndPaths() {
        assertThat(command("git status").describe()).isEqualTo("`git status`");
        assertThat(new Action("apply_patch", Kind.EDIT, List.of("a.txt", "b.txt")).describe()).isEqualTo("apply_patch a.txt, b.txt");
        assertThat(new Action("git_commit", Kind.EDIT, List.of()).describe()).isEqualTo("git_commit");
    }

    /** The front end's answers: yes runs once, always runs and is remembered, no is told to the model with the user's words. */
    @Test
    void theUsersAnswerDecidesAndIsPassedTheVerdict() {
        ApprovalPolicy policy = new ApprovalPolicy(ApprovalMode.ASK, List.of(), List.of("bash(rm *)"), WS);
        List<Verdict> seen = new ArrayList<>();
        Approver.Answer[] answer = {Approver.Answer.YES};
        String[] instead = {null};
        Approvals approvals = new Approvals(policy, (action, verdict) -> {
            seen.add(verdict);
            return new Approver.Response(answer[0], instead[0]);
        }, (tool, args) -> command(args));
        assertThat(approvals.policy()).isSameAs(policy);
        assertThat(approvals.refusal("bash", "mvn test")).isNull();
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).decision()).isEqualTo(Decision.ASK);
        assertThat(approvals.refusal("bash", "mvn test")).as("yes is for once").isNull();
        assertThat(seen).hasSize(2);
        answer[0] = Approver.Answer.ALWAYS;
        assertThat(approvals.refusal("bash", "mvn test")).isNull();
        assertThat(approvals.refusal("bash", "mvn test")).isNull();
        assertThat(seen).as("always is remembered").hasSize(3);
        answer[0] = Approver.Answer.NO;
        instead[0] = "  run the unit tests only \n";
        assertThat(approvals.refusal("bash", "make")).isEqualTo("Not run: the user declined `make` and says: run the unit tests only");
        instead[0] = "  ";
        assertThat(approvals.refusal("bash", "make")).isEqualTo("Not run: the user declined `make`. Ask or try another way.");
        assertThat(approvals.refusal("bash", "rm x")).as("a denial is not asked")
                .isEqualTo("Not run: `rm x` was denied by the rule 'bash(rm *)' in the settings. Do not retry it; do without, or say in your "
                        + "answer what is needed.");
        assertThat(approvals.refusal("bash", "ls")).isNull();
        assertThat(seen).hasSize(5);
    }

    @Test
    void aHeadlessRunTurnsAQuestionIntoADenialThatSaysWhy() {
        ApprovalPolicy policy = new ApprovalPolicy(ApprovalMode.ASK, List.of(), List.of(), WS);
        Approvals headless = new Approvals(policy, null, (tool, args) -> command(args));
        assertThat(headless.refusal("bash", "make")).isEqualTo("Not run: `make` needs the user's approval (ask mode asks before commands that "
                + "are not plain reads; make is not a known read-only program), and this run is headless, so it was denied. Do not retry "
                + "it; find another way, or say in your answer what the user should run.");
        assertThat(headless.refusal("bash", "cat README.md")).isNull();
    }
}
