package dev.fathom.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** {@code grep}: a regex search over text files, .gitignore-aware, as {@code path:line:text}, capped. */
public final class GrepTool extends BaseTool<GrepTool.Args> {
    public static final int DEFAULT_MAX_RESULTS = 100;
    public static final int MAX_RESULTS_CAP = 1000;
    public static final int MAX_CONTEXT_LINES = 10;
    /** Files above this size are skipped: generated or data files, rarely what a search is for. */
    public static final long MAX_FILE_BYTES = 10L * 1024 * 1024;
    private static final int MAX_LINE_CHARS = 500;

    public record Args(String pattern, String path, String glob, Boolean ignoreCase, Integer context, Integer maxResults) {
    }

    public GrepTool() {
        super("grep", Args.class, false);
    }

    @Override
    public ToolResult run(Args args, ToolContext ctx) throws ToolException {
        if (args.pattern().isEmpty()) {
            throw new ToolException("pattern is empty; give a regular expression to search for.");
        }
        Pattern regex;
        try {
            regex = Pattern.compile(args.pattern(), Boolean.TRUE.equals(args.ignoreCase()) ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
        } catch (PatternSyntaxException e) {
            throw new ToolException("Invalid regular expression: " + e.getDescription() + " near index " + e.getIndex()
                    + " in '" + args.pattern() + "'. Escape special characters such as ( [ { . * + ? with a backslash.");
        }
        int context = args.context() == null ? 0 : args.context();
        if (context < 0 || context > MAX_CONTEXT_LINES) {
            throw new ToolException("context must be between 0 and " + MAX_CONTEXT_LINES + ", got " + context + ".");
        }
        int max = args.maxResults() == null ? DEFAULT_MAX_RESULTS : args.maxResults();
        if (max < 1 || max > MAX_RESULTS_CAP) {
            throw new ToolException("max_results must be between 1 and " + MAX_RESULTS_CAP + ", got " + max + ".");
        }
        Path base = ctx.guard().resolveForRead(args.path() == null || args.path().isBlank() ? "." : args.path());
        if (!Files.exists(base)) {
            throw new ToolException("path " + ctx.guard().display(base) + " does not exist.");
        }
        PathMatcher filter = null;
        if (args.glob() != null && !args.glob().isBlank()) {
            try {
                filter = FileSystems.getDefault().getPathMatcher("glob:" + args.glob());
            } catch (IllegalArgumentException e) {
                throw new ToolException("Invalid glob '" + args.glob() + "': " + e.getMessage());
            }
        }
        List<Path> files = new ArrayList<>();
        if (Files.isRegularFile(base)) {
            files.add(base);
        } else {
            PathMatcher f = filter;
            boolean byName = args.glob() != null && !args.glob().contains("/");
            try {
                WorkspaceWalker.walk(ctx.workspace(), base, (file, attrs) -> {
                    if (attrs.size() <= MAX_FILE_BYTES && (f == null || f.matches(byName ? file.getFileName() : base.relativize(file)))) {
                        files.add(file);
                    }
                    return true;
                });
            } catch (IOException e) {
                throw new ToolException("Cannot search " + ctx.guard().display(base) + ": " + e.getMessage());
            }
            files.sort(Comparator.comparing(Path::toString));
        }
        return search(files, regex, context, max, ctx);
    }

    private static ToolResult search(List<Path> files, Pattern regex, int context, int max, ToolContext ctx) {
        StringBuilder out = new StringBuilder();
        int matches = 0;
        boolean capped = false;
        for (Path file : files) {
            List<String> lines = readTextLines(file);
            if (lines == null) {
                continue;
            }
            String shown = ctx.guard().display(file);
            int lastPrinted = -1;
            for (int i = 0; i < lines.size() && !capped; i++) {
                Matcher m = regex.matcher(lines.get(i));
                if (!m.find()) {
                    continue;
                }
                if (context > 0 && lastPrinted >= 0 && i - context > lastPrinted + 1) {
                    out.append("--\n");
                }
                for (int c = Math.max(Math.max(0, i - context), lastPrinted + 1); c < i; c++) {
                    appendLine(out, shown, c, lines.get(c), '-');
                }
                appendLine(out, shown, i, lines.get(i), ':');
                lastPrinted = i;
                for (int c = i + 1; c <= Math.min(lines.size() - 1, i + context); c++) {
                    if (regex.matcher(lines.get(c)).find()) {
                        break;
                    }
                    appendLine(out, shown, c, lines.get(c), '-');
                    lastPrinted = c;
                }
                capped = ++matches >= max;
            }
            if (capped) {
                break;
            }
        }
        if (matches == 0) {
            return ToolResult.ok("No matches for /" + regex.pattern() + "/ in " + files.size() + " files.", "0 matches");
        }
        if (capped) {
            out.append("(stopped at ").append(max).append(" matches; narrow the pattern, path or glob, or raise max_results)\n");
        }
        return ToolResult.ok(out.toString(), matches + " matches");
    }

    private static void appendLine(StringBuilder out, String file, int index, String line, char sep) {
        String text = line.length() > MAX_LINE_CHARS ? line.substring(0, MAX_LINE_CHARS) + "…" : line;
        out.append(file).append(sep).append(index + 1).append(sep).append(text).append('\n');
    }

    /** The file's lines, or null for a binary or unreadable file. */
    private static List<String> readTextLines(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            if (TextFile.looksBinary(bytes)) {
                return null;
            }
            return new String(bytes, StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            return null;
        }
    }
}
