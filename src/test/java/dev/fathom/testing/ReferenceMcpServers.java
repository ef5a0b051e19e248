package dev.fathom.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The official MCP reference servers from npm, installed by {@code .ci/run} under target/mcp-servers (pinned
 * versions there). Tests never install them: without them a test skips, or fails when CI=true.
 */
public final class ReferenceMcpServers {
    public static final Path DIR = Path.of("target", "mcp-servers", "node_modules", "@modelcontextprotocol").toAbsolutePath();

    private ReferenceMcpServers() {
    }

    /** The entry script of a server package (e.g. "server-everything"), skipping or failing the test when it is missing. */
    public static Path script(String pkg) {
        Path script = DIR.resolve(pkg).resolve("dist").resolve("index.js");
        if (!Files.isRegularFile(script) || !onPath("node")) {
            String why = "the MCP reference server " + pkg + " is not installed (run .ci/run, or npm install --prefix target/mcp-servers"
                    + " @modelcontextprotocol/" + pkg + ")";
            if ("true".equals(System.getenv("CI"))) {
                fail(why);
            }
            Assumptions.abort(why);
        }
        return script;
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /** server-everything in streamable HTTP mode on a free port; its stdout (the server's own log) goes to {@code log}. */
    public static final class EverythingOverHttp implements AutoCloseable {
        private final Process process;
        private final int port;

        public EverythingOverHttp(Path log) throws IOException {
            Path script = script("server-everything");
            try (ServerSocket probe = new ServerSocket(0)) {
                port = probe.getLocalPort();
            }
            ProcessBuilder pb = new ProcessBuilder("node", script.toString(), "streamableHttp").redirectOutput(log.toFile());
            pb.environment().put("PORT", String.valueOf(port));
            process = pb.start();
            // It writes one stderr line when it listens (or why it could not): reading it is the wait.
            BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = err.readLine()) != null && !line.contains("listening on port")) {
                if (line.contains("Failed")) {
                    throw new IOException("server-everything did not start: " + line);
                }
            }
            if (line == null) {
                throw new IOException("server-everything ended before it listened");
            }
            Thread drain = new Thread(() -> {
                try {
                    err.transferTo(java.io.Writer.nullWriter());
                } catch (IOException ignored) {
                    // it ended
                }
            }, "everything-stderr");
            drain.setDaemon(true);
            drain.start();
        }

        public String url() {
            return "http://127.0.0.1:" + port + "/mcp";
        }

        @Override
        public void close() {
            process.destroy();
        }
    }
}
