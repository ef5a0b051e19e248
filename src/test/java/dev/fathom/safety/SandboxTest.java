package dev.fathom.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.testing.Bubblewrap;
import dev.fathom.testing.Poll;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The session sandbox through its own API, with real bubblewrap: what commands can see, reach and change. The home
 * folder lies outside /tmp (the sandbox replaces /tmp, so a home there would be hidden whatever the code does).
 */
class SandboxTest {
    @TempDir
    Path tmp;
    Path home;
    Path ws;
    Path outputs;
    Sandbox sandbox;

    @BeforeEach
    void setUp() throws IOException {
        Bubblewrap.require();
        home = SandboxHomes.create("sandbox-test");
        ws = Files.createDirectories(tmp.resolve("ws"));
        outputs = Files.createDirectories(home.resolve(".fathom/sessions/x/outputs"));
    }

    @AfterEach
    void tearDown() throws IOException {
        if (sandbox != null) {
            sandbox.close();
        }
        SandboxHomes.delete(home);
    }

    Sandbox sandbox(boolean writable, List<String> writableExtra, List<String> readable) {
        Map<String, String> env = ChildEnvironment.scrub(Map.of("PATH", System.getenv("PATH"), "HOME", home.toString(), "LANG", "C.UTF-8"),
                List.of());
        sandbox = Sandbox.detect(Sandbox.Policy.of(ws, home, home.resolve(".fathom"), null, outputs, false, writable, writableExtra,
                readable), env);
        return sandbox;
    }

    String run(String command) throws Exception {
        Path log = Files.createTempFile(outputs, "cmd-", ".log");
        RunningCommand c = sandbox.start(command, log);
        assertThat(c.waitFor(60, TimeUnit.SECONDS)).as("the command ends").isTrue();
        return Files.readString(log) + "[exit " + c.exitValue() + "]";
    }

    @Test
    void commandsRunUnprivilegedInTheirOwnPidNamespace() throws Exception {
        sandbox(true, List.of(), List.of());
        long me = ProcessHandle.current().pid();
        String out = run("id -u; grep CapEff /proc/self/status; cat /proc/" + me + "/environ && echo READ_ENVIRON; "
                + "ls /proc/" + me + "/root/ && echo SAW_ROOT; kill -0 " + me + " && echo CAN_SIGNAL; test -t 0 || echo NO_TTY");
        assertThat(out).contains("CapEff:\t0000000000000000").contains("NO_TTY")
                .doesNotContain("READ_ENVIRON").doesNotContain("SAW_ROOT").doesNotContain("CAN_SIGNAL");
        if (sandbox.root()) {
            assertThat(out).startsWith("65534\n");
        }
    }

    @Test
    void leftBehindProcessesLiveUntilTheSessionEndsThenDie() throws Exception {
        sandbox(true, List.of(), List.of());
        String marker = "fathom-survivor-" + System.nanoTime();
        assertThat(run("(setsid sh -c 'while :; do date >> ticks; sleep 0.05; done' " + marker + " &) ; nohup sleep 300 >/dev/null 2>&1 &"
                + " echo started")).contains("started").contains("[exit 0]");
        assertThat(Poll.until(Duration.ofSeconds(10), () -> lines(ws.resolve("ticks")) > 2)).as("the loop runs after its command").isTrue();
        sandbox.close();
        assertThat(Poll.until(Duration.ofSeconds(10), () -> !hostProcessWith(marker))).as("the loop died with the session").isTrue();
        long after = lines(ws.resolve("ticks"));
        assertThat(hostProcessWith(marker)).isFalse();
        assertThat(lines(ws.resolve("ticks"))).isEqualTo(after);
    }

    @Test
    void killEndsTheWholeTreeOfACommand() throws Exception {
        sandbox(true, List.of(), List.of());
        String marker = "fathom-tree-" + System.nanoTime();
        Path log = Files.createTempFile(outputs, "cmd-", ".log");
        RunningCommand c = sandbox.start("sh -c 'sleep 300; : " + marker + "' & sh -c 'sleep 301; : " + marker + "'", log);
        assertThat(Poll.until(Duration.ofSeconds(10), () -> hostProcessWith(marker))).isTrue();
        c.kill();
        assertThat(c.isAlive()).isFalse();
        assertThat(Poll.until(Duration.ofSeconds(10), () -> !hostProcessWith(marker))).isTrue();
        assertThat(run("echo still-usable")).contains("still-usable");
    }

    @Test
    void anInterruptedWaitKillsTheCommand() throws Exception {
        sandbox(true, List.of(), List.of());
        Path log = Files.createTempFile(outputs, "cmd-", ".log");
        RunningCommand c = sandbox.start("sleep 20 && touch finished.txt", log);
        Thread waiter = new Thread(() -> {
            try {
                c.waitFor(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                c.kill();
            }
        });
        waiter.start();
        assertThat(Poll.until(Duration.ofSeconds(10), () -> c.pid() > 0)).isTrue();
        waiter.interrupt();
        waiter.join(10_000);
        assertThat(c.isAlive()).as(sandbox.toString()).isFalse();
        assertThat(ws.resolve("finished.txt")).doesNotExist();
    }

    /** Esc can arrive while the session sandbox is still starting: the interrupt must not be lost. */
    @Test
    void anInterruptDuringTheSandboxStartIsNotLost() throws Exception {
        sandbox(true, List.of(), List.of());
        Path log = Files.createTempFile(outputs, "cmd-", ".log");
        java.util.concurrent.CompletableFuture<String> outcome = new java.util.concurrent.CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                RunningCommand c = sandbox.start("sleep 20", log);
                if (c.waitFor(30, TimeUnit.SECONDS)) {
                    outcome.complete("ended " + c.exitValue());
                } else {
                    outcome.complete("timed out");
                }
            } catch (IOException e) {
                outcome.complete("refused: " + e.getMessage());
            } catch (InterruptedException e) {
                outcome.complete("interrupted");
            }
        });
        t.start();
        Thread.yield();
        t.interrupt();
        assertThat(outcome.get(15, TimeUnit.SECONDS)).isIn("interrupted", "refused: interrupted while the sandbox started");
    }

    @Test
    void homeShowsOnlyWhatTheSettingsExpose() throws Exception {
        Files.createDirectories(home.resolve(".config/sometool"));
        Files.writeString(home.resolve(".config/sometool/token"), "tool-token-123\n");
        Files.writeString(home.resolve(".bash_history"), "mysql -psecret\n");
        Files.writeString(home.resolve(".pgpass"), "db:5432:*:app:pgsecret\n");
        Files.writeString(home.resolve(".gitconfig"), "[user]\n\tname = Me\n");
        Files.createDirectories(home.resolve(".m2"));
        sandbox(true, List.of("~/.m2"), List.of("~/.gitconfig"));
        String out = run("cat ~/.config/sometool/token ~/.bash_history ~/.pgpass; cat ~/.gitconfig; ls -A ~; echo x > ~/.m2/cached;"
                + " echo y >> ~/.gitconfig || echo GITCONFIG_READ_ONLY; ls " + home.resolve(".fathom/sessions") + " | wc -l");
        assertThat(out).doesNotContain("tool-token-123").doesNotContain("mysql -psecret").doesNotContain("pgsecret")
                .contains("name = Me").contains("GITCONFIG_READ_ONLY");
        assertThat(Files.readString(home.resolve(".m2/cached"))).isEqualTo("x\n");
        assertThat(Files.readString(home.resolve(".gitconfig"))).doesNotContain("y");
    }

    @Test
    void gitAndFathomFoldersAreReadOnlyAndTheWorkspaceWritable() throws Exception {
        Files.createDirectories(ws.resolve(".git/hooks"));
        Files.createDirectories(ws.resolve("sub/.git/hooks"));
        sandbox(true, List.of(), List.of());
        String out = run("echo evil > .git/hooks/pre-commit || echo TOP_RO; echo evil > sub/.git/hooks/pre-commit || echo NESTED_RO;"
                + " mkdir -p .fathom && echo '{}' > .fathom/settings.json || echo FATHOM_RO; echo ok > made.txt");
        assertThat(out).contains("TOP_RO").contains("NESTED_RO").contains("FATHOM_RO");
        assertThat(ws.resolve(".git/hooks/pre-commit")).doesNotExist();
        assertThat(ws.resolve("sub/.git/hooks/pre-commit")).doesNotExist();
        assertThat(ws.resolve(".fathom/settings.json")).doesNotExist();
        assertThat(ws.resolve("made.txt")).hasContent("ok");
        sandbox.close();
        assertThat(ws.resolve(".fathom")).as("the mount point made for .fathom is removed").doesNotExist();
    }

    @Test
    void readOnlyModeMountsTheWorkspaceReadOnly() throws Exception {
        Files.writeString(ws.resolve("README.md"), "keep\n");
        sandbox(false, List.of(), List.of());
        assertThat(run("rm README.md; touch new.txt; cat README.md")).contains("keep");
        assertThat(ws.resolve("README.md")).hasContent("keep");
        assertThat(ws.resolve("new.txt")).doesNotExist();
    }

    @Test
    void hostUnixSocketsCannotBeReached() throws Exception {
        Path inHome = home.resolve("agent.sock");
        Path inTmp = tmp.resolve("agent.sock");
        try (ServerSocketChannel a = ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX);
                ServerSocketChannel b = ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            a.bind(UnixDomainSocketAddress.of(inHome));
            b.bind(UnixDomainSocketAddress.of(inTmp));
            sandbox(true, List.of(), List.of());
            String connect = "perl -MIO::Socket::UNIX -e 'print IO::Socket::UNIX->new(Peer => $ARGV[0]) ? \"CONNECTED\\n\" : \"refused\\n\"' ";
            String out = run(connect + inHome + "; " + connect + inTmp);
            assertThat(out).doesNotContain("CONNECTED").contains("refused");
        } finally {
            Files.deleteIfExists(inHome);
            Files.deleteIfExists(inTmp);
        }
    }

    private static long lines(Path f) {
        try {
            return Files.exists(f) ? Files.readAllLines(f).size() : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** Whether any process on the host has {@code marker} in its command line. */
    static boolean hostProcessWith(String marker) {
        return ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine().orElse("").contains(marker)
                || p.info().arguments().map(a -> String.join(" ", a).contains(marker)).orElse(false));
    }
}
