package dev.fathom.bench;

import dev.fathom.safety.ChildEnvironment;
import dev.fathom.safety.RunningCommand;
import dev.fathom.safety.Sandbox;
import dev.fathom.safety.Shell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The sandbox's cost: per command (median of 50 {@code true}, unconfined, entered into the session sandbox, and with one
 * bubblewrap per command as the alternative design), and the start of the session sandbox (median of 10). Printed, not
 * asserted. Run with {@code src/bench/bench.sh sandbox}.
 */
public final class SandboxBench {
    private static final int COMMANDS = 50;
    private static final int STARTS = 10;

    private SandboxBench() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Files.createDirectories(Path.of("target", "bench-home").toAbsolutePath());
        Path ws = Files.createTempDirectory("fathom-bench-ws");
        Path outputs = Files.createDirectories(home.resolve("outputs"));
        Map<String, String> env = ChildEnvironment.scrub(Map.of("PATH", System.getenv("PATH"), "HOME", home.toString()), List.of());
        Sandbox.Policy policy = Sandbox.Policy.of(ws, home, null, null, outputs, false, true, List.of(), List.of());
        Path log = outputs.resolve("true.log");
        System.out.printf("true, unconfined:                   median %.2f ms of %d%n", median(COMMANDS, () -> once(null, ws, env, log)), COMMANDS);
        try (Sandbox sandbox = Sandbox.detect(policy, env)) {
            if (sandbox == null) {
                System.out.println("no bubblewrap: nothing more to measure");
                return;
            }
            sandbox.warmUp();
            System.out.printf("true, in the session sandbox:       median %.2f ms of %d%n", median(COMMANDS, () -> once(sandbox, ws, env, log)), COMMANDS);
            List<String> perCommand = new ArrayList<>(sandbox.arguments());
            perCommand.addAll(List.of("bash", "-c", "true"));
            System.out.printf("true, one bubblewrap per command:   median %.2f ms of %d%n", median(COMMANDS, () -> {
                Process p = new ProcessBuilder(perCommand).directory(ws.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectErrorStream(true).start();
                p.waitFor();
            }), COMMANDS);
        }
        System.out.printf("session sandbox start (to ready):   median %.2f ms of %d%n", median(STARTS, () -> {
            try (Sandbox s = Sandbox.detect(policy, env)) {
                s.warmUp();
            }
        }), STARTS);
        System.out.printf("session sandbox start + first true: median %.2f ms of %d%n", median(STARTS, () -> {
            try (Sandbox s = Sandbox.detect(policy, env)) {
                once(s, ws, env, log);
            }
        }), STARTS);
    }

    private static void once(Sandbox sandbox, Path ws, Map<String, String> env, Path log) throws Exception {
        RunningCommand c = Shell.start("true", ws, env, sandbox, log);
        c.waitFor(60, TimeUnit.SECONDS);
    }

    interface Body {
        void run() throws Exception;
    }

    private static double median(int n, Body body) throws Exception {
        body.run(); // warm-up, not counted
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            body.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return n % 2 == 1 ? ms[n / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2;
    }
}
