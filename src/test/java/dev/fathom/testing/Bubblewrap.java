package dev.fathom.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Sandbox tests need bubblewrap: without it they are skipped, except in CI (CI=true), where that is a failure. */
public final class Bubblewrap {
    private Bubblewrap() {
    }

    public static void require() {
        boolean installed = false;
        for (String dir : String.valueOf(System.getenv("PATH")).split(File.pathSeparator)) {
            installed |= Files.isExecutable(Path.of(dir.isEmpty() ? "." : dir, "bwrap"));
        }
        if (!installed && "true".equals(System.getenv("CI"))) {
            fail("bubblewrap (bwrap) is not installed, and CI=true: sandbox tests must run in CI (.ci/run installs it)");
        }
        assumeTrue(installed, "bubblewrap is not installed (.ci/run installs it)");
    }
}
