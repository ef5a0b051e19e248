package dev.fathom.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code fathom train-cache} (hidden): the training run the launcher uses to build the JVM's class-data cache. It
 * runs a real {@code exec} (settings, streaming client, tools, renderers) against a loopback endpoint that plays a
 * two-request conversation (read, edit with its checkpoint, bash in the session sandbox; then an answer) in a git
 * repository, so the cache holds the classes a real run loads.
 */
@Command(name = "train-cache", hidden = true, description = "Exercise a real run against a loopback endpoint (used to build the JVM cache).")
public final class TrainCommand implements Callable<Integer> {
    private static final String TOOL_TURN = "data: {\"id\":\"t\",\"object\":\"chat.completion.chunk\",\"model\":\"deepseek-v4-pro\","
            + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null,\"reasoning_content\":\"Look.\","
            + "\"tool_calls\":[{\"index\":0,\"id\":\"call_0\",\"type\":\"function\",\"function\":{\"name\":\"read_file\","
            + "\"arguments\":\"{\\\"file_path\\\":\\\"a.txt\\\"}\"}},{\"index\":1,\"id\":\"call_1\",\"type\":\"function\","
            + "\"function\":{\"name\":\"edit_file\",\"arguments\":\"{\\\"file_path\\\":\\\"a.txt\\\",\\\"old_string\\\":\\\"a\\\","
            + "\\\"new_string\\\":\\\"b\\\"}\"}},{\"index\":2,\"id\":\"call_2\",\"type\":\"function\",\"function\":{\"name\":\"bash\","
            + "\"arguments\":\"{\\\"command\\\":\\\"ls\\\"}\"}}]},\"finish_reason\":null}],\"usage\":null}\n\n"
            + "data: {\"id\":\"t\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\"},\"finish_reason\":\"tool_calls\"}],"
            + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5,\"prompt_cache_hit_tokens\":0,\"prompt_cache_miss_tokens\":10,"
            + "\"completion_tokens_details\":{\"reasoning_tokens\":1}}}\n\ndata: [DONE]\n\n";
    private static final String TEXT_TURN = ": keep-alive\n\ndata: {\"id\":\"u\",\"object\":\"chat.completion.chunk\","
            + "\"model\":\"deepseek-v4-pro\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Done.\","
            + "\"reasoning_content\":\"\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":2,"
            + "\"prompt_cache_hit_tokens\":10,\"prompt_cache_miss_tokens\":10}}\n\ndata: [DONE]\n\n";

    @ParentCommand
    FathomCommand root;

    @Override
    public Integer call() throws IOException {
        Path dir = Files.createTempDirectory("fathom-train");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AtomicInteger served = new AtomicInteger();
        server.createContext("/", ex -> answer(ex, served.getAndIncrement() % 2 == 0 ? TOOL_TURN : TEXT_TURN));
        server.start();
        try {
            Files.writeString(dir.resolve("a.txt"), "a\n");
            // A repository, so that the edit's checkpoint brings JGit's classes into the cache, as the bash call brings the sandbox's.
            try (Git git = Git.init().setDirectory(dir.toFile()).call()) {
                git.add().addFilepattern("a.txt").call();
                git.commit().setMessage("train").setAuthor("fathom", "fathom@localhost").setCommitter("fathom", "fathom@localhost")
                        .setSign(false).call();
            } catch (GitAPIException e) {
                throw new IOException(e);
            }
            Map<String, String> env = new HashMap<>(root.launch.env());
            env.put("DEEPSEEK_API_KEY", "training");
            env.put("FATHOM_HOME", dir.resolve("home").toString());
            PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
            int code = 0;
            for (String output : new String[] {"text", "json", "stream-json"}) {
                code |= Main.run(new String[] {"exec", "--base-url", "http://127.0.0.1:" + server.getAddress().getPort(),
                        "--output", output, "train"}, new Launch(env, dir, sink, sink));
                Files.writeString(dir.resolve("a.txt"), "a\n");
            }
            code |= interactive(env, dir, sink, server.getAddress().getPort());
            root.launch.out().println(code == 0 ? "training run complete" : "training run failed with exit code " + code);
            return code == 0 ? ExitCodes.OK : ExitCodes.FAILED;
        } finally {
            server.stop(0);
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * The assistant on a terminal over in-memory streams: a turn (streamed Markdown, tool lines, the status line),
     * slash commands, then end of input. The terminal classes, the line reader and the renderers join the cache.
     */
    private static int interactive(Map<String, String> env, Path dir, PrintStream sink, int port) throws IOException {
        byte[] typed = "train\n/help\n/cost\n/context\n/diff\n".getBytes(StandardCharsets.UTF_8);
        // The exec provider gives an ExternalTerminal over the streams (the JNI one would open a pty that never ends).
        try (Terminal terminal = TerminalBuilder.builder().system(false).provider("exec").streams(new ByteArrayInputStream(typed), new ByteArrayOutputStream())
                .type("xterm-256color").size(new Size(120, 40)).encoding(StandardCharsets.UTF_8).build()) {
            GlobalOptions options = new GlobalOptions();
            options.baseUrl = "http://127.0.0.1:" + port;
            options.approval = "full-auto";
            FathomCommand root = new FathomCommand(new Launch(env, dir, sink, sink));
            root.global = new GlobalOptions();
            return new InteractiveSession(root, options, terminal, InputStream.nullInputStream()).start(null);
        }
    }

    private static void answer(HttpExchange ex, String body) throws IOException {
        try (ex) {
            ex.getRequestBody().readAllBytes();
            ex.getResponseHeaders().set("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            out.write(body.getBytes(StandardCharsets.UTF_8));
        }
    }
}
