package dev.fathom.fix;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FailureReducerTest {
    @TempDir
    Path ws;

    @Test
    void keepsWhatMattersFromALongNoisyLog() throws IOException {
        Files.createDirectories(ws.resolve("src/main/java/com/acme"));
        Files.writeString(ws.resolve("src/main/java/com/acme/Parser.java"), "class Parser {}");
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            log.append("[INFO] Downloading artifact ").append(i).append(" from the cache, all fine\n");
        }
        log.append("[ERROR] Tests run: 12, Failures: 1, Errors: 0, Skipped: 0 <<< FAILURE! -- in com.acme.ParserTest\n")
                .append("[ERROR] com.acme.ParserTest.parsesIsoWeeks -- Time elapsed: 0.01 s <<< FAILURE!\n")
                .append("org.opentest4j.AssertionFailedError: expected: <2026-W47> but was: <null>\n")
                .append("\tat org.junit.jupiter.api.AssertionUtils.fail(AssertionUtils.java:38)\n")
                .append("\tat com.acme.Parser.parse(Parser.java:88)\n")
                .append("\tat com.acme.ParserTest.parsesIsoWeeks(ParserTest.java:21)\n")
                .append("\tat java.base/java.lang.reflect.Method.invoke(Method.java:580)\n");
        for (int i = 0; i < 300; i++) {
            log.append("[INFO] more noise after the failure ").append(i).append('\n');
        }
        log.append("[ERROR] BUILD FAILURE\n");
        String reduced = new FailureReducer(ws, FailureReducer.DEFAULT_BUDGET_CHARS).reduce(log.toString());
        assertThat(reduced.length()).isLessThan(log.length() / 20);
        assertThat(reduced).contains("Failures: 1").contains("parsesIsoWeeks").contains("expected: <2026-W47> but was: <null>")
                .contains("at com.acme.Parser.parse(Parser.java:88)").contains("BUILD FAILURE")
                .doesNotContain("AssertionUtils.fail").doesNotContain("Method.invoke").doesNotContain("Downloading artifact 17 ");
        assertThat(reduced).contains("[...]");
    }

    @Test
    void staysWithinItsBudget() {
        StringBuilder distinct = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            distinct.append("error: something broke in module ").append(Integer.toString(i, 26).replaceAll("[0-9]", "x")).append(" with details\n");
        }
        String log = distinct.toString();
        String reduced = new FailureReducer(ws, 2_000).reduce(log);
        assertThat(reduced.length()).isLessThan(2_200);
        assertThat(reduced).contains("more relevant lines left out");
    }

    @Test
    void identicalFailuresAreSentOnceWithACount() {
        String log = "error: something broke on this line with details\n".repeat(10_000);
        String reduced = new FailureReducer(ws, 2_000).reduce(log);
        assertThat(reduced).isEqualTo("error: something broke on this line with details  [and 9999 more like it]\n");
    }

    @Test
    void errorClassesCountAndWordsThatMerelyContainExpectedDoNot() {
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            log.append("  ✓ handles unexpected input number ").append(i).append('\n').append("info: unexpected but harmless detail ").append(i).append('\n');
        }
        log.append("\u001B[31mTypeError\u001B[39m: Cannot read properties of undefined (reading 'x')\n").append("KeyError: 'kiwi'\n");
        for (int i = 0; i < 100; i++) {
            log.append("progress ").append(i).append('\n');
        }
        String reduced = new FailureReducer(ws, FailureReducer.DEFAULT_BUDGET_CHARS).reduce(log.toString());
        assertThat(reduced).contains("TypeError: Cannot read properties of undefined", "KeyError: 'kiwi'")
                .doesNotContain("\u001B", "handles unexpected input", "unexpected but harmless");
    }
}
