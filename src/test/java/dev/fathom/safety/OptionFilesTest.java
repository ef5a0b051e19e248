package dev.fathom.safety;

import static dev.fathom.safety.CommandRulesTest.Verdict;
import static dev.fathom.safety.CommandRulesTest.classify;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file named by an option ({@code grep -f FILE}, {@code --file=FILE}, also glued to a short option as in
 * {@code -f../x}) is read like an operand, so the same workspace rules hold for it: no {@code ..} out, no absolute path
 * outside, no link that leads out. Otherwise {@code grep -f../secret x} reads a file outside the workspace without
 * asking.
 */
class OptionFilesTest {
    @TempDir
    Path tmp;
    Path ws;

    @BeforeEach
    void setUp() throws Exception {
        ws = Files.createDirectories(tmp.resolve("ws"));
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "token\n");
        Files.writeString(tmp.resolve("x"), "token\n");
        Files.createSymbolicLink(ws.resolve("escape"), outside);
        Files.createSymbolicLink(ws.resolve("leak"), outside.resolve("secret"));
        Files.writeString(ws.resolve("patterns.txt"), "TODO\n");
        Files.createDirectories(ws.resolve("src"));
    }

    @Test
    void aFileGluedToAShortOptionIsCheckedLikeAnOperand() {
        for (String c : List.of("grep -f../x pattern", "grep -f../x src", "grep -rnf../x src", "rg -f../x src", "grep -fsrc/../../x src",
                "grep -fleak src", "rg -fescape/secret src", "grep -rfleak src", "grep -f/etc/passwd src", "rg -f" + tmp.resolve("x") + " src")) {
            assertThat(classify(c, ws)).as(c).isEqualTo(Verdict.ASK);
            assertThat(CommandRules.readOnlyProblem(c, ws)).as(c).startsWith("'" + c.split(" ")[1] + "' ");
        }
    }

    @Test
    void aFileGivenAfterALongOptionsEqualsIsCheckedLikeAnOperand() {
        for (String c : List.of("grep --file=../x src", "rg --file=../x src", "grep --file=leak src", "rg --file=escape/secret src",
                "grep --exclude-from=leak -r x src", "rg --ignore-file=escape/secret x", "wc --files0-from=leak", "sort --files0-from=../x",
                "diff --from-file=leak src/a", "grep --file=/etc/passwd src")) {
            assertThat(classify(c, ws)).as(c).isEqualTo(Verdict.ASK);
        }
    }

    @Test
    void aFileInTheNextWordWasAndIsChecked() {
        for (String c : List.of("grep -f ../x src", "grep --file ../x src", "rg -f leak src", "grep -f escape/secret src", "rg --file leak src")) {
            assertThat(classify(c, ws)).as(c).isEqualTo(Verdict.ASK);
        }
    }

    @Test
    void filesInsideTheWorkspaceAreStillReadWithoutAsking() {
        for (String c : List.of("grep -fpatterns.txt src", "grep -f patterns.txt src", "grep --file=patterns.txt src", "rg -fpatterns.txt src",
                "rg --file=patterns.txt -n src", "grep -rn TODO src", "grep -A3 TODO src", "grep -e-x src", "grep --color=never x src",
                "grep -f" + ws.resolve("patterns.txt") + " src", "grep -f-", "head -n5 patterns.txt")) {
            assertThat(classify(c, ws)).as(c).isEqualTo(Verdict.READ);
        }
    }

    @Test
    void aFileNotYetThereBehindALinkOutIsOutsideToo() {
        for (String c : List.of("cat escape/missing.txt", "grep -fescape/missing.txt src", "grep --file=escape/new/missing.txt src")) {
            assertThat(classify(c, ws)).as(c).isEqualTo(Verdict.ASK);
            assertThat(CommandRules.readOnlyProblem(c, ws)).as(c).endsWith("' leads out of the workspace through a link");
        }
        assertThat(classify("cat src/missing.txt", ws)).isEqualTo(Verdict.READ);
    }

    @Test
    void aGlobThatCouldExpandToAnOptionIsAskedAndSaysWhy() throws Exception {
        assertThat(classify("grep x *", ws)).isEqualTo(Verdict.READ);
        Files.writeString(ws.resolve("-fescape"), "");
        assertThat(CommandRules.readOnlyProblem("grep x *", ws)).isEqualTo("'*' could expand to a file name that reads as an option");
    }
}
