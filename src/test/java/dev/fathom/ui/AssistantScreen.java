package dev.fathom.ui;

import dev.fathom.testing.FakeV4Server;
import dev.fathom.testing.Poll;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The assistant in a pseudo-terminal of a given size, on a tmux server of its own ({@code tmux -L}), so that tests
 * running at the same time (and the user's own tmux) are never touched; {@link #close} ends that server.
 */
final class AssistantScreen implements AutoCloseable {
    private final String socket = "fathom-tui-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    private final Path tmp;

    private AssistantScreen(Path tmp) {
        this.tmp = tmp;
    }

    /** Starts {@code fathom} (in {@code repo}, against {@code server}) in a terminal of {@code width} x {@code height}. */
    static AssistantScreen start(Path tmp, Path repo, FakeV4Server server, int width, int height) throws IOException {
        AssistantScreen s = new AssistantScreen(tmp);
        Path home = Files.createDirectories(tmp.resolve("home"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path script = tmp.resolve("start.sh");
        Files.writeString(script, "#!/bin/sh\nexport DEEPSEEK_API_KEY=" + server.apiKey() + " DEEPSEEK_BASE_URL=" + server.baseUrl()
                + " FATHOM_HOME=" + home.resolve(".fathom") + " HOME=" + home + " TERM=xterm-256color\ncd " + repo + "\n" + java
                + " -cp '" + System.getProperty("java.class.path") + "' dev.fathom.cli.Main 2>" + tmp.resolve("stderr.txt")
                + "\necho FATHOM-EXITED\nsleep 60\n");
        script.toFile().setExecutable(true);
        String started = s.tmux("new-session", "-d", "-s", "main", "-x", String.valueOf(width), "-y", String.valueOf(height), script.toString());
        if (!started.isBlank()) {
            throw new AssertionError("tmux: " + started);
        }
        return s;
    }

    /** Types text literally, or sends one tmux key name ({@code Enter}, {@code BTab}, {@code C-u}). */
    void type(String text) throws IOException {
        boolean key = text.equals("Enter") || text.equals("BTab") || text.equals("Tab") || text.startsWith("C-");
        String out = key ? tmux("send-keys", "-t", "main", text) : tmux("send-keys", "-t", "main", "-l", text);
        if (!out.isBlank()) {
            throw new AssertionError("tmux send-keys: " + out);
        }
    }

    /** Everything shown so far, scrollback included, each screen row as a line (no joining of wrapped rows). */
    String rows() throws IOException {
        return tmux("capture-pane", "-p", "-S", "-", "-E", "-", "-t", "main");
    }

    /** As {@link #rows}, with colours and styles as escape sequences ({@code capture-pane -e}). */
    String styledRows() throws IOException {
        return tmux("capture-pane", "-p", "-e", "-S", "-", "-E", "-", "-t", "main");
    }

    /** The visible screen, as the user sees it. */
    String visible() throws IOException {
        return tmux("capture-pane", "-p", "-t", "main");
    }

    /** Waits until {@code text} is shown at least {@code times} times. */
    void waitFor(String text, int times) throws IOException {
        String[] last = {""};
        boolean seen = Poll.until(Duration.ofSeconds(60), () -> {
            try {
                last[0] = rows();
            } catch (IOException e) {
                return false;
            }
            return last[0].split(Pattern.quote(text), -1).length - 1 >= times;
        });
        if (!seen) {
            String err = Files.exists(tmp.resolve("stderr.txt")) ? Files.readString(tmp.resolve("stderr.txt")) : "";
            throw new AssertionError("did not see '" + text + "' on the screen:\n" + last[0] + "\nstderr:\n" + err);
        }
    }

    void waitFor(String text) throws IOException {
        waitFor(text, 1);
    }

    int count(String text) throws IOException {
        return rows().split(Pattern.quote(text), -1).length - 1;
    }

    /** Saves the screen (scrollback included) as a text file for the documentation. */
    void save(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, rows().replaceAll("(?m)[ \\t]+$", "").replaceAll("\n{3,}", "\n\n").strip() + "\n");
    }

    @Override
    public void close() throws IOException {
        tmux("kill-server");
    }

    private String tmux(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out;
    }
}
