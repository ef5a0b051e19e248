package dev.fathom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void onlyTheSubcommandsACommandLineNeedsAreBuilt() {
        assertThat(Main.subcommandsFor(new String[] {"exec", "--output", "json", "fix the resume bug"})).containsExactly("exec");
        assertThat(Main.subcommandsFor(new String[] {"--model", "flash", "resume", "--last"})).containsExactly("resume");
        assertThat(Main.subcommandsFor(new String[] {"--model=flash", "-c", "explain this"})).isEmpty();
        assertThat(Main.subcommandsFor(new String[] {})).isEmpty();
        assertThat(Main.subcommandsFor(new String[] {"--help"})).contains("exec", "fix", "doctor", "mcp").hasSize(9);
        assertThat(Main.subcommandsFor(new String[] {"--bogus"})).as("the usage shown with the error lists them").hasSize(9);
    }

    @Test
    void helpStillListsEveryCommand() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream o = new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8);
        int code = Main.run(new String[] {"--help"}, new Launch(java.util.Map.of(), java.nio.file.Path.of("."), o, o));
        assertThat(code).isZero();
        assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("exec ", "fix ", "resume ", "sessions ", "doctor ",
                "undo ", "checkpoints ", "mcp ").doesNotContain("train-cache");
    }
}
