package dev.fathom.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a command may use of the process it runs in; tests pass their own.
 *
 * @param in standard input
 * @param inIsTerminal whether standard input is a terminal (a user typing) rather than a pipe or a file
 */
public record Launch(Map<String, String> env, Path startDir, PrintStream out, PrintStream err, InputStream in, boolean inIsTerminal) {

    /** A launch whose standard input is a terminal with nothing typed: nothing is piped in. */
    public Launch(Map<String, String> env, Path startDir, PrintStream out, PrintStream err) {
        this(env, startDir, out, err, new ByteArrayInputStream(new byte[0]), true);
    }

    /** The same launch with this text piped into standard input. */
    public Launch piped(byte[] input) {
        return new Launch(env, startDir, out, err, new ByteArrayInputStream(input), false);
    }
}
