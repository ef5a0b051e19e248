package dev.fathom.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Standard input: whether a user types into it, and text piped into it, read up to a bound. */
final class StandardInput {
    /** The most piped text a prompt takes; the rest is left out with a note (a log can be gigabytes). */
    static final int MAX_BYTES = 512 * 1024;

    private StandardInput() {
    }

    /**
     * Whether file descriptor 0 is a terminal. On Linux its link in /proc names the device; elsewhere the JVM's console
     * (present only when standard input and output are both terminals, on the Java versions without isTerminal).
     */
    static boolean isTerminal() {
        Path fd0 = Path.of("/proc/self/fd/0");
        if (Files.exists(Path.of("/proc/self/fd"))) {
            try {
                String target = Files.readSymbolicLink(fd0).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
            } catch (IOException | UnsupportedOperationException e) {
                return false; // fd 0 closed
            }
        }
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException olderJava) {
            return true;
        }
    }

    /** Piped text: decoded leniently, cut after {@link #MAX_BYTES} bytes with a note saying how much was left out. */
    static String read(InputStream in, java.io.PrintStream err) throws IOException {
        // A caller that leaves an idle pipe open (not /dev/null) would wait here silently: say once what is awaited.
        Thread hint = new Thread(() -> {
            try {
                Thread.sleep(3000);
                err.println("fathom: waiting for standard input to end (run with </dev/null when nothing is piped).");
            } catch (InterruptedException done) {
                // read before the hint was due
            }
        }, "fathom-stdin-hint");
        hint.setDaemon(true);
        hint.start();
        try {
            return readAll(in);
        } finally {
            hint.interrupt();
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        long total = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            int room = (int) Math.max(0, Math.min(n, MAX_BYTES - total));
            kept.write(buffer, 0, room);
            total += n;
        }
        String text = decode(kept.toByteArray());
        if (total > MAX_BYTES) {
            text += "\n[standard input cut: " + (total - MAX_BYTES) + " of " + total + " bytes left out]";
        }
        return text;
    }

    private static String decode(byte[] bytes) throws IOException {
        // Replace what is not UTF-8 (and a character cut at the bound) rather than fail.
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPLACE)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPLACE).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    }
}
