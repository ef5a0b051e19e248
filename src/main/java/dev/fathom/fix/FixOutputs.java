package dev.fathom.fix;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fathom.loop.RunCosts;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes what a fix run leaves for people and CI: the report, the summary and the patch (each when asked, each
 * atomically), and on stdout either one line with the outcome or, with {@code --output json}, the report as one JSON
 * document. Nothing else ever goes to stdout, so a CI step can parse it.
 */
public final class FixOutputs {
    private final Path startDir;
    private final Path report;
    private final Path summary;
    private final Path patch;
    private final boolean jsonOnStdout;

    public FixOutputs(Path startDir, Path report, Path summary, Path patch, boolean jsonOnStdout) {
        this.startDir = startDir;
        this.report = report;
        this.summary = summary;
        this.patch = patch;
        this.jsonOnStdout = jsonOnStdout;
    }

    /** Writes every output; {@code costs} (null when the model was never called) adds the per-model cost table. */
    public void write(ObjectMapper json, FixReport rep, ObjectNode ci, String patchText, RunCosts costs, PrintStream out)
            throws IOException {
        String reportJson = costs == null ? rep.toJson(json, ci) : costs.addTo(rep.toJson(json, ci), json);
        write(report, reportJson);
        write(summary, rep.toMarkdown() + (costs == null ? "" : costs.markdown()));
        write(patch, patchText);
        if (jsonOnStdout) {
            out.print(reportJson);
        } else {
            out.println(line(rep));
        }
        out.flush();
    }

    /** The one line a person reads on stdout. */
    static String line(FixReport r) {
        int n = r.attempts();
        String attempts = n + (n == 1 ? " attempt" : " attempts");
        return switch (r.status()) {
            case "fixed" -> "fixed in " + attempts + (r.branch() != null ? " on branch " + r.branch() : "")
                    + (r.commit() != null ? ", commit " + r.commit() : "");
            case "already_passing" -> "already passing";
            case "flaky" -> "not fixed: the check is flaky (it passed again without any change)";
            case "commit_failed" -> "fixed, but the commit failed: " + r.error();
            case "push_failed" -> "fixed" + (r.commit() != null ? " in commit " + r.commit() : "") + ", but the push failed: " + r.error();
            case "not_fixed" -> "not fixed after " + attempts + (r.timedOutAfter() && r.checkTimeout() != null
                    ? " (the last check run timed out after " + CheckRunner.seconds(r.checkTimeout()) + ")" : "");
            case "limit" -> "stopped: the " + r.limit() + " limit was reached";
            case "interrupted" -> "interrupted";
            default -> "endpoint error: " + r.error();
        };
    }

    private void write(Path file, String content) throws IOException {
        if (file == null) {
            return;
        }
        Path target = startDir.resolve(file).toAbsolutePath();
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
