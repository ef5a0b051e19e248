package dev.fathom.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/** What a command may use of the process it runs in; tests pass their own. */
public record Launch(Map<String, String> env, Path startDir, PrintStream out, PrintStream err) {
}
