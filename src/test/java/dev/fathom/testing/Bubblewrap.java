package dev.fathom.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Tests that need a tool (bubblewrap, tmux, ripgrep): without it they are skipped, except in CI (CI=true), where that is a failure. */
public final class Bubblewrap {
    private Bubblewrap() {
    }

    public static void require() {
        boolean installed = false;
        for (String dir : String.valueOf(System.getenv("PATH")).split(File.pathSeparator)) {
            installed |= Files.isExecutable(Path.of(dir.isEmpty() ? "." : dir, "bwrap"));
        }
        requireTool(installed, "bubblewrap (bwrap)");
    }

    /**
     * Skips a test whose tool is missing, except under CI=true, where a missing tool fails it: CI must never pass
     * because the tests that would have caught something did not run.
     */
    public static void requireTool(boolean installed, String tool) {
        if (!installed && "true".equals(System.getenv("CI"))) {
            fail(tool + " is not installed, and CI=true: these tests must run in CI (.ci/run installs it)");
        }
        assumeTrue(installed, tool + " is not installed (.ci/run installs it)");
    }
}
