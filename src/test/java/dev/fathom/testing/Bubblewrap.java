package dev.fathom.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fathom.safety.Sandbox;

/** Sandbox tests need bubblewrap: without it they are skipped, except in CI (CI=true), where that is a failure. */
public final class Bubblewrap {
    private Bubblewrap() {
    }

    public static void require() {
        boolean installed = Sandbox.find(System.getenv("PATH")) != null;
        if (!installed && "true".equals(System.getenv("CI"))) {
            fail("bubblewrap (bwrap) is not installed, and CI=true: sandbox tests must run in CI (.ci/run installs it)");
        }
        assumeTrue(installed, "bubblewrap is not installed (.ci/run installs it)");
    }
}
