package dev.fathom.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bubblewrap command line of a session, as a user's settings shape it: a later mount covers an earlier one, so
 * what is exposed must come after what is emptied, and what is protected after the workspace it lies in.
 */
class SandboxArgumentsTest {
    static final Path BWRAP = Path.of("/usr/bin/bwrap");
    @TempDir
    Path tmp;

    Sandbox.Policy policy(Path ws, Path home, Path fathomHome, boolean network, boolean writable, List<Path> w, List<Path> r) throws Exception {
        Path exchange = Files.createDirectories(tmp.resolve("exchange"));
        return new Sandbox.Policy(ws, home, fathomHome, null, exchange, network, writable, w, r);
    }

    static int at(List<String> args, String... sequence) {
        return Collections.indexOfSubList(args, List.of(sequence));
    }

    @Test
    void anExposedFolderIsMountedAfterTheEmptiedHomeThatWouldHideIt() throws Exception {
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path m2 = Files.createDirectories(home.resolve(".m2"));
        Path cache = Files.createDirectories(home.resolve(".cache"));
        List<String> a = SandboxMounts.arguments(BWRAP, policy(ws, home, null, false, true, List.of(m2), List.of(cache)), false);
        assertThat(a.subList(0, 7)).containsExactly(BWRAP.toString(), "--unshare-all", "--unshare-user", "--die-with-parent", "--new-session",
                "--cap-drop", "ALL");
        int emptied = at(a, "--tmpfs", home.toString());
        assertThat(emptied).isPositive();
        assertThat(at(a, "--ro-bind", cache.toString(), cache.toString())).isGreaterThan(emptied);
        assertThat(at(a, "--bind", m2.toString(), m2.toString())).isGreaterThan(emptied);
        assertThat(a).doesNotContain("--share-net", "--uid");
        assertThat(at(a, "--dev", "/dev")).as("once, at the start").isEqualTo(a.lastIndexOf("--dev"));
        assertThat(a.subList(a.size() - 5, a.size())).containsExactly("--bind", tmp.resolve("exchange").toString(),
                tmp.resolve("exchange").toString(), "--chdir", ws.toString());
    }

    @Test
    void exposingTheRootDoesNotBringBackTheHostsDevicesOrProc() throws Exception {
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        List<String> a = SandboxMounts.arguments(BWRAP, policy(ws, null, null, true, true, List.of(), List.of(Path.of("/"))), false);
        int base = at(a, "--ro-bind", "/", "/");
        int exposed = base + 3 + at(a.subList(base + 3, a.size()), "--ro-bind", "/", "/");
        assertThat(exposed).as("the user's exposure of / after the base mount").isGreaterThan(base + 2);
        List<String> after = a.subList(exposed + 3, a.size());
        assertThat(at(after, "--dev", "/dev")).isNotNegative();
        assertThat(at(after, "--proc", "/proc")).isNotNegative();
        assertThat(a).contains("--share-net");

        Path sys = Path.of("/sys");
        List<String> other = SandboxMounts.arguments(BWRAP, policy(ws, null, null, false, true, List.of(), List.of(sys)), false);
        assertThat(at(other.subList(at(other, "--ro-bind", "/sys", "/sys"), other.size()), "--dev", "/dev"))
                .as("a folder that holds neither needs no new /dev").isNegative();
        assertThat(at(other.subList(at(other, "--ro-bind", "/sys", "/sys"), other.size()), "--proc", "/proc")).isNegative();
    }

    @Test
    void readOnlyModeBindsTheWorkspaceReadOnlyAndGitAndFathomFoldersAlwaysAre() throws Exception {
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        Files.createDirectories(ws.resolve(".git/objects"));
        Files.createDirectories(ws.resolve("lib/vendored/.git"));
        Files.writeString(Files.createDirectories(ws.resolve("worktree")).resolve(".git"), "gitdir: /elsewhere\n");
        Files.createDirectories(ws.resolve("node_modules/pkg/.git"));
        List<String> ro = SandboxMounts.arguments(BWRAP, policy(ws, null, null, false, false, List.of(), List.of()), false);
        int workspace = at(ro, "--ro-bind", ws.toString(), ws.toString());
        assertThat(workspace).isPositive();
        assertThat(at(ro, "--bind", ws.toString(), ws.toString())).isNegative();
        for (Path p : List.of(ws.resolve(".git"), ws.resolve("lib/vendored/.git"), ws.resolve("worktree/.git"), ws.resolve(".fathom"))) {
            assertThat(at(ro, "--ro-bind", p.toString(), p.toString())).as(p.toString()).isGreaterThan(workspace);
        }
        assertThat(String.join(" ", ro)).as("node_modules is not searched").doesNotContain("node_modules");
        assertThat(ws.resolve(".fathom")).as("an empty mount point, so nothing can plant project settings").isEmptyDirectory();
        assertThat(String.join(" ", ro)).doesNotContain(ws.resolve(".git/objects").toString());

        List<String> rw = SandboxMounts.arguments(BWRAP, policy(ws, null, null, false, true, List.of(), List.of()), false);
        assertThat(at(rw, "--bind", ws.toString(), ws.toString())).isPositive();
    }

    @Test
    void fathomsHomeIsEmptiedUnlessTheWorkspaceLiesInIt() throws Exception {
        Path fathomHome = Files.createDirectories(tmp.resolve("fathom-home"));
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        assertThat(at(SandboxMounts.arguments(BWRAP, policy(ws, null, fathomHome, false, true, List.of(), List.of()), false),
                "--tmpfs", fathomHome.toString())).isPositive();
        Path inside = Files.createDirectories(fathomHome.resolve("repos/x"));
        assertThat(at(SandboxMounts.arguments(BWRAP, policy(inside, null, fathomHome, false, true, List.of(), List.of()), false),
                "--tmpfs", fathomHome.toString())).as("emptying it would hide the workspace").isNegative();
        Path missing = tmp.resolve("no-such-home");
        assertThat(SandboxMounts.arguments(BWRAP, policy(ws, missing, missing, false, true, List.of(), List.of()), false))
                .doesNotContain(missing.toString());
    }

    @Test
    void settingsPathsExpandTheHomeAndMissingOnesAreLeftOut() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path m2 = Files.createDirectories(home.resolve(".m2"));
        Path opt = Files.createDirectories(tmp.resolve("opt"));
        Sandbox.Policy p = Sandbox.Policy.of(tmp.resolve("ws/../ws"), home, null, null, tmp, false, true,
                List.of("~/.m2", "~/.gradle", opt.toString()), List.of("~/missing", opt + "/../opt"));
        assertThat(p.workspace()).isEqualTo(tmp.resolve("ws"));
        assertThat(p.writable()).containsExactly(m2, opt);
        assertThat(p.readable()).containsExactly(opt);
    }

    @Test
    void bubblewrapIsFoundOnThePathGivenOnly() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path fake = Files.writeString(bin.resolve("bwrap"), "#!/bin/sh\n");
        assertThat(Sandbox.find(tmp.resolve("empty") + ":" + bin)).as("not executable").isNull();
        fake.toFile().setExecutable(true);
        assertThat(Sandbox.find(tmp.resolve("empty") + ":" + bin)).isEqualTo(fake);
        assertThat(Sandbox.find(null)).isNull();
        assertThat(Sandbox.detect(new Sandbox.Policy(tmp, tmp, null, null, tmp, false, true, List.of(), List.of()),
                java.util.Map.of("PATH", tmp.resolve("empty").toString()))).isNull();
    }
}
