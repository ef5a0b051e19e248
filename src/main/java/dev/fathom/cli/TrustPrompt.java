package dev.fathom.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.config.ProjectTrust;
import dev.fathom.config.Settings;
import dev.fathom.config.TrustStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The interactive assistant's one question at start when project settings ask for what needs trust: it lists each
 * entry verbatim (control characters escaped) and, on yes, pins the exact content of the listed files.
 */
final class TrustPrompt {
    /** The interactive default mode, against which an untrusted project's approval is weighed. */
    static final String MODE = "ask";

    private TrustPrompt() {
    }

    /** Whether a project file asks for something that needs trust (then {@link #ask} has a question). */
    static boolean needed(Settings settings) {
        return !settings.project().untrusted(MODE).isEmpty();
    }

    /** Asks when needed; true when the user trusted the files (the settings must then be loaded again). */
    static boolean ask(Settings settings, ObjectMapper json, PrintWriter out, Reader in) throws IOException {
        List<ProjectTrust.FileState> untrusted = settings.project().untrusted(MODE);
        if (untrusted.isEmpty()) {
            return false;
        }
        out.println("This repository's settings would run commands, widen permissions or redirect traffic:");
        Map<java.nio.file.Path, String> pins = new LinkedHashMap<>();
        for (ProjectTrust.FileState f : untrusted) {
            out.println("  " + f.file());
            f.ignored(MODE).forEach(e -> out.println("    " + e));
            pins.put(f.file(), f.sha256());
        }
        out.print("Trust this exact content and enable it? [y/N] ");
        out.flush();
        String answer = line(in).strip();
        if (!answer.equalsIgnoreCase("y") && !answer.equalsIgnoreCase("yes")) {
            out.println("Not trusted: running without them (you will be asked again next time).");
            return false;
        }
        new TrustStore(settings.fathomHome(), json).trust(pins);
        out.println("Trusted; a change to the file will need trusting again.");
        return true;
    }

    /** A line for entries ignored in {@code after} that {@code before} did not ignore (the files changed); null if none. */
    static String changed(Settings before, Settings after) {
        List<String> was = new ArrayList<>();
        before.project().untrusted(MODE).forEach(f -> was.addAll(f.ignored(MODE)));
        List<String> now = new ArrayList<>();
        after.project().untrusted(MODE).forEach(f -> f.ignored(MODE).stream().filter(e -> !was.contains(e)).forEach(now::add));
        return now.isEmpty() ? null : "project settings changed and are not trusted, so ignored: " + String.join("; ", now)
                + " (restart Fathom to review them)";
    }

    private static String line(Reader in) throws IOException {
        StringBuilder s = new StringBuilder();
        for (int c = in.read(); c >= 0 && c != '\n' && c != '\r'; c = in.read()) {
            s.append((char) c);
        }
        return s.toString();
    }
}
