package dev.fathom.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A tmux session that runs one program in a pseudo-terminal: keys are sent with {@code send-keys} and the screen read
 * with {@code capture-pane}. Used by the interactive tests and the interactive benchmark. Each session has a tmux server
 * of its own (its own socket file, no configuration file), never the user's default server, and {@link #close} ends
 * that server with everything in it and deletes the socket.
 */
public final class Tmux implements AutoCloseable {
    private final String socket;
    private final String session = "fathom";
    private Supplier<String> diagnostics = () -> "";

    private Tmux(String socket) {
        this.socket = socket;
    }

    /** Whether tmux is installed. */
    public static boolean available() {
        try {
            return run("tmux", "-V").startsWith("tmux");
        } catch (IOException e) {
            return false;
        }
    }

    /** Starts {@code command} (one shell word, such as a script) in a new detached session of the given size. */
    public static Tmux start(String command, int width, int height) throws IOException {
        // Short and under the temporary folder: a socket path may not exceed about 100 bytes.
        Tmux t = new Tmux(Path.of(System.getProperty("java.io.tmpdir"), "fathom-tmux-" + ProcessHandle.current().pid() + "-"
                + System.nanoTime()).toString());
        String started = t.tmux("-f", "/dev/null", "new-session", "-d", "-s", t.session, "-x", String.valueOf(width), "-y",
                String.valueOf(height), command);
        if (!started.isBlank()) {
            throw new AssertionError("tmux new-session: " + started);
        }
        return t;
    }

    /** The socket of this session's own server ({@code tmux -S PATH attach}, to look at it by hand). */
    public String socket() {
        return socket;
    }

    /** What a failed wait adds to its message (logs of the program under test, say). */
    public Tmux onFailure(Supplier<String> diagnostics) {
        this.diagnostics = diagnostics;
        return this;
    }

    /**
     * Sends keys: a single argument other than a key name is typed literally; {@code Escape} is sent as the raw byte
     * (tmux's own Escape handling may hold it back); otherwise tmux key names such as {@code Enter}, {@code Tab}, {@code C-c}.
     */
    public void type(String... keys) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("send-keys", "-t", session));
        cmd.addAll(List.of(keys));
        if (keys.length == 1 && keys[0].equals("Escape")) {
            cmd.set(cmd.size() - 1, "1b");
            cmd.add(1, "-H");
        } else if (keys.length == 1 && !keys[0].equals("Enter") && !keys[0].equals("Tab") && !keys[0].startsWith("C-")) {
            cmd.add(1, "-l");
        }
        String result = tmux(cmd.toArray(String[]::new));
        if (!result.isBlank()) {
            throw new AssertionError(String.join(" ", cmd) + ": " + result);
        }
    }

    /** Everything the session has shown, scrollback included, wrapped lines joined. */
    public String screen() throws IOException {
        return tmux("capture-pane", "-p", "-J", "-S", "-", "-E", "-", "-t", session);
    }

    /** The visible rows as they are, with {@code -e}: colours and styles as escape sequences. */
    public String visible(boolean styles) throws IOException {
        return styles ? tmux("capture-pane", "-p", "-e", "-t", session) : tmux("capture-pane", "-p", "-t", session);
    }

    /** How many times {@code text} is on the screen. */
    public int count(String text) throws IOException {
        return screen().split(Pattern.quote(text), -1).length - 1;
    }

    /** Waits until {@code text} is on the screen at least {@code times} times (so an old occurrence does not count). */
    public void waitFor(String text, long millis, long pollMillis, int times) throws IOException, InterruptedException {
        long end = System.currentTimeMillis() + millis;
        String last = "";
        while (System.currentTimeMillis() < end) {
            last = screen();
            if (last.split(Pattern.quote(text), -1).length - 1 >= times) {
                return;
            }
            Thread.sleep(pollMillis);
        }
        throw new AssertionError("did not see '" + text + "' on the screen:\n" + last + diagnostics.get());
    }

    public void resize(int width, int height) throws IOException {
        tmux("resize-window", "-t", session, "-x", String.valueOf(width), "-y", String.valueOf(height));
    }

    /** Pastes a file's text as a terminal paste (bracketed when the program asked for it). */
    public void paste(java.nio.file.Path file) throws IOException {
        String loaded = tmux("load-buffer", "-b", session, file.toString());
        if (!loaded.isBlank()) {
            throw new AssertionError("tmux load-buffer: " + loaded);
        }
        tmux("paste-buffer", "-p", "-d", "-b", session, "-t", session);
    }

    /** The process id of the program in the pane. */
    public long panePid() throws IOException {
        return Long.parseLong(tmux("list-panes", "-t", session, "-F", "#{pane_pid}").strip());
    }

    /** The pane's terminal settings as {@code stty -a} prints them (what the program in it has set). */
    public String paneSettings() throws IOException {
        String tty = tmux("list-panes", "-t", session, "-F", "#{pane_tty}").strip();
        return run("stty", "-a", "-F", tty);
    }

    /**
     * The pane's size as the program in it reads it ({@code stty size}: rows, then columns). tmux resizes its own screen
     * at once but tells the program's terminal later (a size change within 250 ms of the last one waits for a timer), so
     * {@code #{window_height}} can show the new size while the program still reads the old one.
     */
    public String paneSize() throws IOException {
        String tty = tmux("list-panes", "-t", session, "-F", "#{pane_tty}").strip();
        return run("stty", "size", "-F", tty).strip();
    }

    @Override
    public void close() throws IOException {
        try {
            tmux("kill-server"); // this session's own server: the program and anything it left running in the pane go too
        } finally {
            Files.deleteIfExists(Path.of(socket)); // tmux leaves the socket file behind
        }
    }

    /** Runs a tmux command against this session's own server. */
    private String tmux(String... args) throws IOException {
        String[] cmd = new String[args.length + 3];
        cmd[0] = "tmux";
        cmd[1] = "-S";
        cmd[2] = socket;
        System.arraycopy(args, 0, cmd, 3, args.length);
        return run(cmd);
    }

    /** Runs a command and returns its output (stdout and stderr together). */
    public static String run(String... cmd) throws IOException {
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
