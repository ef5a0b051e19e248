package dev.fathom.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the sandbox hides when Fathom runs as root: every entry (to three levels) that others may not read, a folder
 * as an empty one, a file as /dev/null; and the folders that hold sockets, homes and Fathom's own state emptied.
 */
class SandboxMountsTest {
    @TempDir
    Path tmp;

    @Test
    void entriesOthersMayNotReadAreFoundToThreeLevels() throws Exception {
        Path top = Files.createDirectories(tmp.resolve("etc"));
        Path open = file(top.resolve("hosts"), "rw-r--r--");
        Path secret = file(top.resolve("shadow"), "rw-r-----");
        Path keys = dir(top.resolve("ssl/private"), "rwx--x---"); // others may enter but not list: hidden
        file(keys.resolve("server.key"), "rw-------");
        Path listedOnly = dir(top.resolve("listed"), "rwxr--r--"); // others may list but not enter: hidden too
        Path deep = dir(top.resolve("a/b"), "rwxr-xr-x");
        Path level3 = file(deep.resolve("token"), "rw-------");
        Path tooDeep = file(dir(deep.resolve("c"), "rwxr-xr-x").resolve("token"), "rw-------");
        Path fifo = top.resolve("fifo");
        new ProcessBuilder("mkfifo", "-m", "600", fifo.toString()).start().waitFor();

        List<Path> hidden = SandboxMounts.rootOnly(top);
        assertThat(hidden).contains(secret, keys, listedOnly, level3)
                .doesNotContain(open, top, top.resolve("ssl"), deep, fifo)
                .as("a hidden folder's contents are not listed one by one").doesNotContain(keys.resolve("server.key"))
                .as("deeper than three levels is not scanned").doesNotContain(tooDeep);
    }

    @Test
    void aMissingOrLinkedTopHidesNothing() throws Exception {
        assertThat(SandboxMounts.rootOnly(tmp.resolve("missing"))).isEmpty();
        Path real = dir(tmp.resolve("real"), "rwxr-xr-x");
        file(real.resolve("secret"), "rw-------");
        Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
        assertThat(SandboxMounts.rootOnly(link)).as("a symlinked top is not followed").isEmpty();
        assertThat(SandboxMounts.rootOnly(real)).containsExactly(real.resolve("secret"));
    }

    @Test
    void asRootTheSystemsUnreadableFilesAreCoveredAndOtherwiseNot() throws Exception {
        Path shadow = Path.of("/etc/shadow");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(shadow)
                && !Files.getPosixFilePermissions(shadow).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ),
                "this machine has no /etc/shadow that only root may read");
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path fathomHome = Files.createDirectories(tmp.resolve("fathom-home"));
        Path exchange = Files.createDirectories(tmp.resolve("exchange"));
        Sandbox.Policy policy = new Sandbox.Policy(ws, home, fathomHome, null, exchange, false, true, List.of(), List.of());

        String asRoot = String.join(" ", SandboxMounts.arguments(Path.of("/usr/bin/bwrap"), policy, true));
        assertThat(asRoot).contains("--ro-bind /dev/null /etc/shadow", "--uid 65534 --gid 65534", "--tmpfs " + home,
                "--tmpfs " + fathomHome, "--bind " + ws + " " + ws, "--ro-bind " + ws.resolve(".fathom") + " " + ws.resolve(".fathom"),
                "--bind " + exchange + " " + exchange + " --chdir " + ws);
        assertThat(asRoot).doesNotContain("--share-net");
        String asUser = String.join(" ", SandboxMounts.arguments(Path.of("/usr/bin/bwrap"), policy, false));
        assertThat(asUser).as("a user cannot read them anyway").doesNotContain("/etc/shadow").doesNotContain("--uid");
        assertThat(Collections.indexOfSubList(SandboxMounts.arguments(Path.of("/usr/bin/bwrap"), policy, true),
                List.of("--ro-bind", "/", "/"))).as("the root is read-only, bound before anything is hidden in it").isPositive();
    }

    private static Path file(Path p, String mode) throws Exception {
        Files.createDirectories(p.getParent());
        Files.writeString(p, "x");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
        return p;
    }

    private static Path dir(Path p, String mode) throws Exception {
        Files.createDirectories(p);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
        return p;
    }
}
