package dev.fathom.safety;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The bubblewrap sandbox for shell commands: the whole file system read-only, the workspace (and a fresh /tmp)
 * writable, the user's credential folders hidden, and no network unless allowed.
 */
public record Sandbox(Path bwrap, Path workspace, boolean network, List<Path> hidden, List<Path> writable) {
    /** Credential stores under $HOME that commands never need to see. */
    public static final List<String> HIDDEN_IN_HOME = List.of(".ssh", ".aws", ".config/gh", ".config/gcloud", ".azure", ".gnupg",
            ".docker", ".kube", ".netrc", ".git-credentials", ".npmrc", ".pypirc", ".m2/settings-security.xml", ".fathom");

    /** System files with secrets in them, hidden even from a root user inside the sandbox. */
    public static final List<String> HIDDEN_SYSTEM = List.of("/etc/shadow", "/etc/gshadow", "/etc/shadow-", "/etc/gshadow-",
            "/etc/sudoers", "/root/.ssh");

    /** The sandbox for a workspace, or null when bubblewrap is not installed. */
    public static Sandbox detect(Path workspace, Path home, boolean network, String path) {
        return detect(workspace, home, network, path, List.of());
    }

    /**
     * @param extraWritable more folders commands may write (build caches such as ~/.m2 or ~/.npm); {@code ~/} is
     *     expanded, folders that do not exist are skipped
     */
    public static Sandbox detect(Path workspace, Path home, boolean network, String path, List<String> extraWritable) {
        Path bwrap = null;
        for (String dir : (path == null ? "" : path).split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "bwrap");
            if (Files.isExecutable(candidate)) {
                bwrap = candidate;
                break;
            }
        }
        if (bwrap == null) {
            return null;
        }
        List<Path> hidden = new ArrayList<>();
        for (String h : HIDDEN_IN_HOME) {
            Path p = home.resolve(h);
            if (Files.exists(p) && !workspace.startsWith(p)) {
                hidden.add(p);
            }
        }
        for (String h : HIDDEN_SYSTEM) {
            Path p = Path.of(h);
            if (Files.exists(p) && !workspace.startsWith(p) && !hidden.contains(p)) {
                hidden.add(p);
            }
        }
        List<Path> writable = new ArrayList<>();
        for (String w : extraWritable) {
            Path p = w.startsWith("~/") ? home.resolve(w.substring(2)) : Path.of(w);
            if (Files.isDirectory(p)) {
                writable.add(p.toAbsolutePath().normalize());
            }
        }
        return new Sandbox(bwrap, workspace, network, hidden, writable);
    }

    /**
     * The command line that runs {@code bash -c command} inside the sandbox. The command leads a new session (and
     * process group), so that it cannot push keystrokes into the user's terminal and {@link Shell#killTree} can kill
     * everything it started at once.
     */
    public List<String> wrap(String command) {
        List<String> cmd = new ArrayList<>(List.of(bwrap.toString(), "--die-with-parent", "--new-session", "--ro-bind", "/", "/", "--dev", "/dev",
                "--proc", "/proc", "--tmpfs", "/tmp"));
        for (Path h : hidden) {
            if (Files.isDirectory(h)) {
                cmd.addAll(List.of("--tmpfs", h.toString()));
            } else {
                cmd.addAll(List.of("--ro-bind", "/dev/null", h.toString()));
            }
        }
        for (Path w : writable) {
            cmd.addAll(List.of("--bind", w.toString(), w.toString()));
        }
        cmd.addAll(List.of("--bind", workspace.toString(), workspace.toString()));
        if (!network) {
            cmd.add("--unshare-net");
        }
        cmd.addAll(List.of("--chdir", workspace.toString(), "bash", "-c", command));
        return cmd;
    }
}
