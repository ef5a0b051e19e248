package dev.fathom.safety;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM for {@link GitGuardExitTest}: opens a sandbox on the workspace and home it is given, runs {@code args[2]}
 * there, says {@code ready} and waits for the end of its input, as a session waits for the user; it never closes the
 * sandbox itself, so only the JVM's own end can.
 */
public final class GitGuardExitMain {
    private GitGuardExitMain() {
    }

    public static void main(String[] args) throws Exception {
        Path ws = Path.of(args[0]);
        Path home = Path.of(args[1]);
        Sandbox sandbox = SandboxRuns.open(ws, home, List.of());
        RunningCommand c = sandbox.start(args[2], SandboxRuns.outputs(home).resolve("cmd.log"));
        if (!c.waitFor(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the command did not end");
        }
        System.out.println("ready");
        System.out.flush();
        System.in.read(); // until the test ends this JVM
    }
}
