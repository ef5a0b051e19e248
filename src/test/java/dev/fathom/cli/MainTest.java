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
        assertThat(Main.subcommandsFor(new String[] {"--help"})).contains("exec", "fix", "doctor", "mcp").hasSize(13);
        assertThat(Main.subcommandsFor(new String[] {"--bogus"})).as("the usage shown with the error lists them").hasSize(13);
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

    @Test
    void everyGlobalOptionIsKnownAtTheRootWithoutBuildingACommand() throws Exception {
        java.util.Set<String> names = GlobalOptions.optionNames(GlobalOptions.class);
        assertThat(names).contains("--model", "--endpoint-dialect", "--trust-project").hasSizeGreaterThan(12);
        for (String name : names) {
            assertThat(Main.subcommandsFor(new String[] {name, "x"})).as(name).isEmpty();
        }
    }

    @Test
    void everyGlobalOptionFallsBackToTheRootsValue() throws Exception {
        GlobalOptions parent = new GlobalOptions();
        GlobalOptions child = new GlobalOptions();
        int i = 0;
        for (java.lang.reflect.Field f : GlobalOptions.class.getDeclaredFields()) {
            if (!f.isAnnotationPresent(picocli.CommandLine.Option.class)) {
                continue;
            }
            Object value = f.getType() == boolean.class ? Boolean.TRUE : f.getType() == Integer.class ? Integer.valueOf(1000 + i)
                    : f.getType() == java.nio.file.Path.class ? java.nio.file.Path.of("p" + i) : (Object) ("v" + i);
            f.set(parent, value);
            assertThat(f.get(child.or(parent))).as(f.getName() + " falls back to the root's").isEqualTo(value);
            i++;
        }
        assertThat(i).isGreaterThan(12);
        GlobalOptions own = new GlobalOptions();
        own.model = "flash";
        assertThat(own.or(parent).model).as("the subcommand's own value wins").isEqualTo("flash");
    }
}
