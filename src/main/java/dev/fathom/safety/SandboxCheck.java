package dev.fathom.safety;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What {@code fathom doctor} says about the sandbox, measured rather than assumed: it starts the session sandbox and
 * asks, from inside, which uid and capabilities commands have, whether Fathom's own process is visible, which network
 * interfaces exist and what the home folder holds.
 */
public final class SandboxCheck {
    /** One line of the report: whether it is good, and what it says. */
    public record Finding(boolean ok, String text) {
    }

    private static final String PROBE = String.join("\n",
            "echo uid=$(id -u)",
            "while read -r k v; do if [ \"$k\" = CapEff: ]; then echo cap=$v; fi; done </proc/self/status",
            "if [ -r /proc/$FATHOM_PID/environ ]; then echo fathom=visible; else echo fathom=hidden; fi",
            "echo interfaces=$(tail -n +3 /proc/net/dev | wc -l)",
            "echo home=$(ls -A \"$HOME\" 2>/dev/null | wc -l)",
            "if [ -e /run/dbus ] || [ -n \"$(ls -A /run 2>/dev/null)\" ]; then echo run=visible; else echo run=empty; fi",
            "if touch .fathom/probe 2>/dev/null; then rm -f .fathom/probe; echo fathom_dir=writable; else echo fathom_dir=read-only; fi");

    private SandboxCheck() {
    }

    /** Starts {@code sandbox}, probes it and ends it. */
    public static List<Finding> run(Sandbox sandbox) {
        List<Finding> out = new ArrayList<>();
        Map<String, String> found = new HashMap<>();
        long t0 = System.nanoTime();
        try {
            sandbox.warmUp();
            long startMillis = (System.nanoTime() - t0) / 1_000_000;
            Path log = Files.createTempFile(sandbox.policy().exchange(), "probe-", ".log");
            RunningCommand probe = sandbox.start("FATHOM_PID=" + ProcessHandle.current().pid() + "\n" + PROBE, log);
            if (!probe.waitFor(20, TimeUnit.SECONDS)) {
                probe.kill();
            }
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    found.put(line.substring(0, eq), line.substring(eq + 1).strip());
                }
            }
            Files.deleteIfExists(log);
            out.add(new Finding(true, "sandbox: bubblewrap works (session sandbox started in " + startMillis
                    + " ms); shell commands are confined in every approval mode"));
        } catch (IOException e) {
            out.add(new Finding(false, "sandbox: bubblewrap is installed but the sandbox does not start or hold here: " + e.getMessage()
                    + " (user namespaces disabled?); shell commands will be refused"));
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return out;
        } finally {
            sandbox.close();
        }
        boolean unprivileged = !"0".equals(found.get("uid")) && String.valueOf(found.get("cap")).matches("0+");
        out.add(new Finding(unprivileged, unprivileged
                ? "sandbox: commands run as uid " + found.get("uid") + " with no capabilities" + (sandbox.root()
                        ? " (Fathom runs as root; a user namespace maps the sandbox user to root's files only where mounted)" : "")
                : "sandbox: NOT confined: commands run as uid " + found.get("uid") + " with capabilities " + found.get("cap")));
        boolean pid = "hidden".equals(found.get("fathom"));
        out.add(new Finding(pid, pid ? "sandbox: own PID namespace and /proc: Fathom and your other processes are invisible"
                : "sandbox: NOT confined: commands can see Fathom's process and its environment"));
        boolean network = sandbox.policy().network() || "1".equals(found.get("interfaces"));
        out.add(new Finding(network, sandbox.policy().network() ? "sandbox: network allowed (settings or --network)"
                : network ? "sandbox: no network (loopback only)" : "sandbox: NOT confined: network interfaces are visible"));
        boolean hidden = "empty".equals(found.get("run")) && "read-only".equals(found.get("fathom_dir"));
        out.add(new Finding(hidden, "sandbox: home shows " + found.get("home") + " exposed entries (sandbox_readable, sandbox_writable); "
                + (hidden ? "/run, /tmp and FATHOM_HOME are empty; .git and .fathom are read-only"
                        : "NOT confined: /run is visible or .fathom is writable")));
        List<String> hiddenPath = hiddenPathEntries(sandbox.policy(), sandbox.path());
        if (!hiddenPath.isEmpty()) {
            out.add(new Finding(true, "sandbox: PATH folders in your home are hidden from commands: " + String.join(", ", hiddenPath)
                    + " (expose them with \"sandbox_readable\")"));
        }
        return out;
    }

    /** PATH folders under $HOME that no exposed path covers: their programs cannot run inside. */
    static List<String> hiddenPathEntries(Sandbox.Policy policy, String path) {
        List<String> out = new ArrayList<>();
        for (String dir : (path == null ? "" : path).split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir).toAbsolutePath().normalize();
            boolean exposed = policy.readable().stream().anyMatch(p::startsWith) || policy.writable().stream().anyMatch(p::startsWith)
                    || p.startsWith(policy.workspace());
            if (p.startsWith(policy.home()) && !exposed && !out.contains(p.toString())) {
                out.add(p.toString());
            }
        }
        return out;
    }
}
