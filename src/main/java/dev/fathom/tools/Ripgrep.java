package dev.fathom.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The grep engine that runs ripgrep ({@code rg --json}) when it is installed, with flags that make it see the same
 * files as the Java engine: hidden files searched, {@code .git} skipped, .gitignore honoured inside or outside a git
 * repository, no global or .ignore files, files over 10 MB skipped.
 */
final class Ripgrep {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile Path executable;
    private static volatile boolean looked;

    private Ripgrep() {
    }

    /** The rg binary on PATH, or null. Looked up once, without starting a process. */
    static Path find() {
        if (!looked) {
            String path = System.getenv("PATH");
            Path found = null;
            if (path != null) {
                for (String dir : path.split(File.pathSeparator)) {
                    Path candidate = Path.of(dir.isEmpty() ? "." : dir, "rg");
                    if (Files.isExecutable(candidate)) {
                        found = candidate;
                        break;
                    }
                }
            }
            executable = found;
            looked = true;
        }
        return executable;
    }

    /**
     * Searches with rg; returns null when rg cannot take the pattern (its regex syntax differs from Java's), so that
     * the caller falls back to the Java engine.
     */
    static GrepHits search(Path rg, Path workspace, String relativePath, String pattern, boolean ignoreCase, int context,
            String glob) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(rg.toString(), "--json", "--no-require-git", "--hidden", "--no-ignore-global",
                "--no-ignore-dot", "--no-ignore-exclude", "--no-config", "--crlf", "--glob", "!.git", "--max-filesize", "10M"));
        if (ignoreCase) {
            cmd.add("--ignore-case");
        }
        if (context > 0) {
            cmd.add("--context=" + context);
        }
        if (glob != null) {
            cmd.add("--glob");
            cmd.add(glob);
        }
        cmd.add("--regexp=" + pattern);
        cmd.add("--");
        cmd.add(relativePath != null ? relativePath : "."); // explicit: with no path rg may read stdin instead
        Process p = new ProcessBuilder(cmd).directory(workspace.toFile()).redirectInput(new File("/dev/null"))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        GrepHits hits = new GrepHits();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                JsonNode event = JSON.readTree(line);
                String type = event.path("type").asText();
                if (type.equals("match") || type.equals("context")) {
                    JsonNode data = event.path("data");
                    String path = text(data.path("path"));
                    if (path.startsWith("./")) {
                        path = path.substring(2);
                    }
                    String text = text(data.path("lines")).replaceAll("\r?\n$", "");
                    hits.add(path, data.path("line_number").asInt(), text, type.equals("match"));
                }
            }
        }
        int exit = p.waitFor();
        // 0: matches, 1: none, 2: an error; with no output that means the pattern (or a flag) was refused.
        return exit == 2 && hits.matchCount() == 0 ? null : hits;
    }

    private static String text(JsonNode field) {
        if (field.has("text")) {
            return field.get("text").asText();
        }
        byte[] raw = Base64.getDecoder().decode(field.path("bytes").asText(""));
        return new String(raw, StandardCharsets.UTF_8);
    }
}
