package dev.fathom.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.testing.ForkedCli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link GitGuard} run by a user who is not root (a child JVM under setpriv, as uid 65534): a command that rewrites
 * the user's hook and then makes its folder unwritable must not cost the user the hook. Root is never refused a
 * write, so only an unprivileged run shows it: the folder was opened for the rename alone, and the old bytes could
 * not be written back.
 */
class GitGuardUnprivilegedTest {
    Path ws;

    @BeforeEach
    void setUp() throws Exception {
        ws = SandboxHomes.create("git-guard-unprivileged");
        SandboxGitLinkTest.git(ws, "init", "-q");
        SandboxGitLinkTest.git(ws, "config", "core.hooksPath", "githooks");
        Files.createDirectories(ws.resolve("githooks"));
        Files.writeString(ws.resolve("githooks/pre-commit"), "#!/bin/sh\necho the user's hook\n");
        Files.setPosixFilePermissions(ws.resolve("githooks/pre-commit"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Process chown = new ProcessBuilder("chown", "-R", ForkedCli.NOBODY + ":" + ForkedCli.NOBODY, ws.toString()).inheritIO().start();
        assertThat(chown.waitFor()).isZero();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (ws != null && Files.exists(ws.resolve("githooks"))) {
            Files.setPosixFilePermissions(ws.resolve("githooks"), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        SandboxHomes.delete(ws);
    }

    @Test
    void aHookWhoseFolderTheCommandMadeUnwritableIsPutBack() throws Exception {
        List<String> argv = List.of("setpriv", "--reuid=" + ForkedCli.NOBODY, "--regid=" + ForkedCli.NOBODY, "--clear-groups", "--",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", ForkedCli.testClassPath(),
                GitGuardUnprivilegedMain.class.getName(), ws.toString());
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();

        assertThat(out).contains("githooks/pre-commit: its content or mode changed, put back");
        assertThat(ws.resolve("githooks/pre-commit")).as(out).hasContent("#!/bin/sh\necho the user's hook");
        assertThat(ws.resolve("githooks/pre-commit" + GitGuard.ASIDE)).hasContent("#!/bin/sh\necho the command's hook");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ws.resolve("githooks")))).as("its mode given back")
                .isEqualTo("r-xr-xr-x");
    }
}
