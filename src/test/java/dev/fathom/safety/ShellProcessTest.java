package dev.fathom.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.testing.Poll;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unconfined shell commands as real processes: only the environment given, the folder given, stdin at /dev/null,
 * stderr merged into stdout, a session of their own, and a kill that reaches every process they started.
 */
class ShellProcessTest {
    @TempDir
    Path tmp;

    @Test
    void theChildSeesOnlyTheEnvironmentItIsGiven() throws Exception {
        // Something this JVM really has in its environment, which the child must not inherit.
        String inherited = System.getenv().keySet().stream().filter(k -> k.matches("[A-Z_][A-Z0-9_]*")).sorted().findFirst().orElseThrow();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", System.getenv("PATH"));
        env.put("FATHOM_SHELL_PROBE", "given value");
        String out = run(Shell.command("env", tmp, env));
        List<String> names = out.lines().map(l -> l.substring(0, l.indexOf('='))).toList();
        assertThat(out).contains("FATHOM_SHELL_PROBE=given value\n");
        // bash adds PWD, SHLVL and _ itself; nothing else may appear.
        assertThat(names).as("inherited %s must be gone", inherited).doesNotContain(inherited.equals("PATH") ? "HOME" : inherited)
                .allSatisfy(n -> assertThat(n).isIn("PATH", "FATHOM_SHELL_PROBE", "PWD", "SHLVL", "_", "OLDPWD"));
    }

    @Test
    void aScrubbedEnvironmentKeepsNoSecretsInTheRealChild() throws Exception {
        Map<String, String> parent = new LinkedHashMap<>(Map.of("PATH", System.getenv("PATH"), "HOME", tmp.toString(),
                "LC_ALL", "C", "DB_PASS", "hunter2", "GH_PAT", "ghp_x", "DATABASE_URL", "postgres://a:b@db/x"));
        Map<String, String> env = ChildEnvironment.scrub(parent, List.of("MY_ALLOWED"));
        String out = run(Shell.command("env", tmp, env));
        assertThat(out).contains("HOME=" + tmp + "\n", "LC_ALL=C\n", "GIT_CONFIG_KEY_1=core.hooksPath\n", "GIT_CONFIG_VALUE_1=/dev/null\n")
                .doesNotContain("hunter2", "ghp_x", "postgres://");
    }

    @Test
    void itRunsInTheFolderGivenWithStdinAtDevNullAndStderrMerged() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("work dir"));
        String out = run(Shell.command("pwd; readlink /proc/$$/fd/0; echo to-stderr >&2", dir, Map.of("PATH", System.getenv("PATH"))));
        assertThat(out).isEqualTo(dir.toRealPath() + "\n/dev/null\nto-stderr\n");
    }

    @Test
    void anUnconfinedCommandLeadsItsOwnSession() throws Exception {
        // Field 6 of /proc/PID/stat is the session id: the shell's own pid when it leads a new session.
        String out = run(Shell.command("echo $$ $(cut -d' ' -f6 /proc/$$/stat)", tmp, Map.of("PATH", System.getenv("PATH"))));
        String[] ids = out.strip().split(" ");
        assertThat(ids[1]).as("session id of shell %s", ids[0]).isEqualTo(ids[0]);
        assertThat(Long.parseLong(ids[1])).isNotEqualTo(sessionOf(ProcessHandle.current().pid()));
    }

    @Test
    void aStartedCommandAppendsToItsLogAndReportsItsExit() throws Exception {
        Path log = Files.writeString(tmp.resolve("log.txt"), "earlier\n");
        RunningCommand c = Shell.start("echo out; echo err >&2; exit 3", tmp, Map.of("PATH", System.getenv("PATH")), null, log);
        assertThat(c.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(c.isAlive()).isFalse();
        assertThat(c.exitValue()).isEqualTo(3);
        assertThat(c.pid()).isPositive();
        assertThat(Files.readString(log)).isEqualTo("earlier\nout\nerr\n");
    }

    @Test
    void killReachesEveryProcessTheCommandStarted() throws Exception {
        // The shell, its two subshells (their command lines hold the marker) and their sleeps (an unusual duration).
        String marker = "sleep " + (7_000 + System.nanoTime() % 1_000);
        RunningCommand c = Shell.start("(" + marker + "; :) & (" + marker + "; :) & wait", tmp,
                Map.of("PATH", System.getenv("PATH")), null, tmp.resolve("log.txt"));
        assertThat(Poll.until(Duration.ofSeconds(60), () -> live(marker) == 5)).as("the shell, both subshells, both sleeps").isTrue();
        assertThat(c.isAlive()).isTrue();
        assertThat(c.waitFor(0, TimeUnit.SECONDS)).isFalse();
        c.kill();
        assertThat(c.isAlive()).isFalse();
        // They sleep two hours: only the kill can end them within the wait.
        assertThat(Poll.until(Duration.ofSeconds(60), () -> live(marker) == 0)).as("children of the killed command").isTrue();
    }

    private static long live(String marker) {
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(marker))
                .filter(p -> dev.fathom.cli.ExecFailuresTestAccess.running(p.pid())).count();
    }

    private static long sessionOf(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[3]);
    }

    private static String run(ProcessBuilder pb) throws Exception {
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
