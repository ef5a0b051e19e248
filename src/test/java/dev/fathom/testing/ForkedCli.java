package dev.fathom.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code fathom} as a real child JVM ({@code java -cp <test class path> dev.fathom.cli.Main ...}) with exactly the
 * environment given, so that its secrets sit in a real process environment (what {@code /proc/PID/environ} shows),
 * optionally as an unprivileged user (setpriv) and on a pseudo-terminal (script), the way a user starts it.
 */
public final class ForkedCli {
    public static final int NOBODY = 65534;
    private static final long RUN_LIMIT_SECONDS = 240;

    /** Exit code, stdout (with stderr, when on a terminal) and stderr. */
    public record Result(int exitCode, String out, String err) {
    }

    private final Path workspace;
    private final Map<String, String> env = new LinkedHashMap<>();
    private Integer uid;
    private boolean terminal;

    public ForkedCli(Path home, Path workspace) {
        this.workspace = workspace;
        env.put("HOME", home.toString());
        env.put("FATHOM_HOME", home.resolve(".fathom").toString());
        env.put("PATH", System.getenv("PATH"));
        env.put("LANG", "C.UTF-8");
    }

    /** Points the run at the fake server with fast retries (the user settings file is written now). */
    public ForkedCli against(FakeV4Server server) throws IOException {
        env.put("DEEPSEEK_API_KEY", server.apiKey());
        env.put("DEEPSEEK_BASE_URL", server.baseUrl());
        return settings("{\"retry_base_delay_ms\": 5, \"idle_timeout_seconds\": 30}");
    }

    public ForkedCli settings(String json) throws IOException {
        Path dir = Files.createDirectories(Path.of(env.get("FATHOM_HOME")));
        Files.writeString(dir.resolve("settings.json"), json);
        return this;
    }

    public ForkedCli env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Runs as this uid and gid (through setpriv); the caller makes the home and workspace theirs. */
    public ForkedCli asUser(int id) {
        this.uid = id;
        return this;
    }

    /** Runs on a pseudo-terminal (through script), as an interactive user would. */
    public ForkedCli onTerminal() {
        this.terminal = true;
        return this;
    }

    public Result run(String... args) throws IOException, InterruptedException {
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath(), "dev.fathom.cli.Main"));
        java.addAll(List.of(args));
        List<String> inner = new ArrayList<>();
        if (uid != null) {
            inner.addAll(List.of("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups", "--inh-caps=-all", "--"));
        }
        inner.addAll(java);
        List<String> argv = terminal ? List.of("script", "-qefc", shellQuote(inner), "/dev/null") : inner;
        Path out = Files.createTempFile("forked-out", ".txt");
        Path err = Files.createTempFile("forked-err", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(argv).directory(workspace.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.PIPE);
            pb.environment().clear();
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!terminal) {
                p.getOutputStream().close(); // nothing is piped in: exec reads a piped standard input to its end
            }
            if (!p.waitFor(RUN_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IllegalStateException("fathom did not end within " + RUN_LIMIT_SECONDS + " s: " + Files.readString(err));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String shellQuote(List<String> words) {
        StringBuilder s = new StringBuilder();
        for (String w : words) {
            s.append(s.length() == 0 ? "" : " ").append('\'').append(w.replace("'", "'\\''")).append('\'');
        }
        return s.toString();
    }

    /**
     * The test class path, readable by any user: the clone may sit in a folder others may not enter (a mktemp folder,
     * root's home), so every entry is linked (or copied) into a folder under /var/tmp that everyone may read, once.
     */
    /** The test class path, readable by every user, for a child JVM of a test's own. */
    public static String testClassPath() throws IOException {
        return classPath();
    }

    private static synchronized String classPath() throws IOException {
        if (sharedClassPath != null) {
            return sharedClassPath;
        }
        Path shared = Files.createTempDirectory(dev.fathom.safety.SandboxHomes.sharedBase(), "classpath-");
        List<String> out = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry).toAbsolutePath();
            if (!Files.exists(p)) {
                continue;
            }
            Path copy = shared.resolve((n++) + "-" + p.getFileName());
            try (var all = Files.walk(p)) {
                for (Path f : all.toList()) {
                    Path to = copy.resolve(p.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(to);
                    } else {
                        try {
                            Files.createLink(to, f);
                        } catch (IOException | UnsupportedOperationException e) {
                            Files.copy(f, to);
                        }
                    }
                }
            }
            out.add(copy.toString());
        }
        try (var all = Files.walk(shared)) {
            for (Path f : all.toList()) {
                Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString(
                        Files.isDirectory(f) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        sharedClassPath = String.join(File.pathSeparator, out);
        return sharedClassPath;
    }

    private static String sharedClassPath;
}
