package dev.fathom.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the sandbox hides and protects, read from its bubblewrap arguments on this machine, and what a session's
 * sandbox refuses before it starts anything: the host's socket and home folders emptied (a symlink such as /var/run
 * left to its target), the runtime folder emptied, folders below .fathom not searched, a log outside the session's
 * folder refused, and the empty .fathom mount point cleaned up.
 */
class SandboxLayoutTest {
    static final Path BWRAP = Path.of("/usr/bin/bwrap");
    @TempDir
    Path tmp;

    Sandbox.Policy policy(Path ws, Path runtimeDir, List<Path> writable) throws IOException {
        return new Sandbox.Policy(ws, null, null, runtimeDir, Files.createDirectories(tmp.resolve("exchange")), false, true, writable, List.of());
    }

    static int at(List<String> args, String... sequence) {
        return Collections.indexOfSubList(args, List.of(sequence));
    }

    @Test
    void theHostsSocketAndHomeFoldersAndTheRuntimeFolderAreEmptied() throws Exception {
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        Path runtime = Files.createDirectories(tmp.resolve("run-user"));
        List<String> a = SandboxMounts.arguments(BWRAP, policy(ws, runtime, List.of()), false);
        int base = at(a, "--ro-bind", "/", "/");
        for (String dir : List.of("/tmp", "/run", "/home", "/root")) {
            if (Files.isDirectory(Path.of(dir)) && !Files.isSymbolicLink(Path.of(dir))) {
                assertThat(at(a, "--tmpfs", dir)).as(dir).isGreaterThan(base);
            }
        }
        assertThat(at(a, "--tmpfs", runtime.toString())).isGreaterThan(base);
        if (Files.isSymbolicLink(Path.of("/var/run"))) {
            assertThat(at(a, "--tmpfs", "/var/run")).as("a symlink is not mounted over").isNegative();
        }
        assertThat(at(a, "--dev", "/dev")).isEqualTo(base + 3);
        assertThat(at(a, "--proc", "/proc")).isEqualTo(base + 5);
    }

    @Test
    void aWritableFolderThatHoldsDevBringsBackAFreshDevAndProc() throws Exception {
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        List<String> a = SandboxMounts.arguments(BWRAP, policy(ws, null, List.of(Path.of("/"))), false);
        int exposed = at(a, "--bind", "/", "/");
        assertThat(exposed).isPositive();
        assertThat(at(a.subList(exposed, a.size()), "--dev", "/dev")).isPositive();
        assertThat(at(a.subList(exposed, a.size()), "--proc", "/proc")).isPositive();
        List<String> devOnly = SandboxMounts.arguments(BWRAP, policy(ws, null, List.of(Path.of("/dev"))), false);
        int dev = at(devOnly, "--bind", "/dev", "/dev");
        assertThat(at(devOnly.subList(dev, devOnly.size()), "--dev", "/dev")).isPositive();
        assertThat(at(devOnly.subList(dev, devOnly.size()), "--proc", "/proc")).as("/dev holds no /proc").isNegative();
    }

    @Test
    void gitFoldersBelowDotFathomOrNodeModulesAreNotSearchedButALinkedDotFathomIsKept() throws Exception {
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        Files.createDirectories(ws.resolve(".fathom/cache/.git"));
        Files.createDirectories(ws.resolve("a/b/c/.git/hooks"));
        List<Path> found = SandboxMounts.protectedInWorkspace(ws);
        assertThat(found).containsExactlyInAnyOrder(ws.resolve(".fathom"), ws.resolve("a/b/c/.git"));

        Path other = Files.createDirectories(tmp.resolve("other"));
        Path target = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.createSymbolicLink(other.resolve(".fathom"), target);
        assertThat(SandboxMounts.protectedInWorkspace(other)).containsExactly(other.resolve(".fathom"));
        assertThat(other.resolve(".fathom")).isSymbolicLink();
    }

    @Test
    void aSessionRefusesALogOutsideItsFolderAndAnythingAfterItEnds() throws Exception {
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        Sandbox sandbox = Sandbox.detect(policy(ws, null, List.of()), Map.of("PATH", "/nonexistent::" + BWRAP.getParent()));
        assertThat(sandbox).as("bubblewrap on the PATH given").isNotNull();
        assertThat(sandbox.path()).isEqualTo("/nonexistent::" + BWRAP.getParent());
        assertThat(sandbox.root()).isEqualTo(Files.getAttribute(Path.of("/proc/self"), "unix:uid").equals(0));
        assertThat(sandbox.arguments().get(0)).isEqualTo(BWRAP.toString());
        assertThatThrownBy(() -> sandbox.start("true", tmp.resolve("elsewhere.log"))).isInstanceOf(IOException.class)
                .hasMessage("a sandboxed command's log must be in " + tmp.resolve("exchange"));
        assertThat(ws.resolve(".fathom")).as("the arguments made the mount point").isDirectory();
        sandbox.close();
        assertThat(ws.resolve(".fathom")).as("the empty mount point is removed at the end").doesNotExist();
        assertThatThrownBy(() -> sandbox.start("true", tmp.resolve("exchange/x.log"))).isInstanceOf(IOException.class)
                .hasMessage("the session has ended");
    }

    @Test
    void aDotFathomTheUserHadOrThatGotContentIsKept() throws Exception {
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        Files.createDirectories(ws.resolve(".fathom"));
        Sandbox had = Sandbox.detect(policy(ws, null, List.of()), Map.of("PATH", BWRAP.getParent().toString()));
        had.arguments();
        had.close();
        assertThat(ws.resolve(".fathom")).isDirectory();

        Path ws2 = Files.createDirectories(tmp.resolve("ws2"));
        Sandbox made = Sandbox.detect(policy(ws2, null, List.of()), Map.of("PATH", BWRAP.getParent().toString()));
        made.arguments();
        Files.writeString(ws2.resolve(".fathom/settings.json"), "{}");
        made.close();
        assertThat(ws2.resolve(".fathom/settings.json")).hasContent("{}");
    }

    @Test
    void anEmptyPathEntryMeansTheCurrentFolder() {
        assertThat(Sandbox.find("")).isEqualTo(Files.isExecutable(Path.of("./bwrap")) ? Path.of("./bwrap") : null);
        assertThat(Sandbox.find("/nonexistent:" + BWRAP.getParent())).isEqualTo(BWRAP);
    }
}
