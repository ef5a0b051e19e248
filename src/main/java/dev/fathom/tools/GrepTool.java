package dev.fathom.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code grep}: a regex search over text files, .gitignore-aware, as {@code path:line:text}, capped. Runs ripgrep when
 * it is installed and a pure-Java walk otherwise (or when rg refuses the pattern); both give the same answer.
 */
public final class GrepTool extends BaseTool<GrepTool.Args> {
    public static final int DEFAULT_MAX_RESULTS = 100;
    public static final int MAX_RESULTS_CAP = 1000;
    public static final int MAX_CONTEXT_LINES = 10;
    /** Files above this size are skipped: generated or data files, rarely what a search is for. */
    public static final long MAX_FILE_BYTES = 10L * 1024 * 1024;

    public record Args(String pattern, String path, String glob, Boolean ignoreCase, Integer context, Integer maxResults) {
    }

    private final boolean useRipgrep;

    /** Uses ripgrep when it is installed. */
    public GrepTool() {
        this(true);
    }

    /** @param useRipgrep false to always use the Java engine (tests compare the two) */
    public GrepTool(boolean useRipgrep) {
        super("grep", Args.class, false);
        this.useRipgrep = useRipgrep;
    }

    @Override
    public ToolResult run(Args args, ToolContext ctx) throws ToolException, InterruptedException {
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
        String rel = ctx.guard().display(base);
        Path rg = useRipgrep ? Ripgrep.find() : null;
        if (rg != null) {
            try {
                GrepHits hits = Ripgrep.search(rg, ctx.workspace(), rel.equals(".") ? null : rel, args.pattern(),
                        Boolean.TRUE.equals(args.ignoreCase()), context, args.glob() == null || args.glob().isBlank() ? null : args.glob());
                if (hits != null) {
                    return answer(hits, max, regex);
                }
            } catch (IOException e) {
                // rg failed to run: the Java engine below gives the same answer
            }
        }
        return answer(searchInJava(base, regex, context, filter, args.glob(), ctx), max, regex);
    }

    private static ToolResult answer(GrepHits hits, int max, Pattern regex) {
        String rendered = hits.render(max);
        if (rendered == null) {
            return ToolResult.ok("No matches for /" + regex.pattern() + "/.", "0 matches");
        }
        int matches = Math.min(hits.matchCount(), max);
        return ToolResult.ok(rendered, matches + " matches");
    }

    /** The pure-Java engine: walks the tree with the same ignore rules and collects matches with context. */
    private static GrepHits searchInJava(Path base, Pattern regex, int context, PathMatcher filter, String glob, ToolContext ctx)
            throws ToolException {
        List<Path> files = new ArrayList<>();
        if (Files.isRegularFile(base)) {
            files.add(base);
        } else {
            boolean byName = glob != null && !glob.contains("/");
            try {
                WorkspaceWalker.walk(ctx.workspace(), base, (file, attrs) -> {
                    if (attrs.size() <= MAX_FILE_BYTES && (filter == null || filter.matches(byName ? file.getFileName() : base.relativize(file)))) {
                        files.add(file);
                    }
                    return true;
                });
            } catch (IOException e) {
                throw new ToolException("Cannot search " + ctx.guard().display(base) + ": " + e.getMessage());
            }
        }
        GrepHits hits = new GrepHits();
        for (Path file : files) {
            List<String> lines = readTextLines(file);
            if (lines == null) {
                continue;
            }
            String shown = ctx.guard().display(file);
            for (int i = 0; i < lines.size(); i++) {
                if (regex.matcher(lines.get(i)).find()) {
                    for (int c = Math.max(0, i - context); c <= Math.min(lines.size() - 1, i + context); c++) {
                        hits.add(shown, c + 1, lines.get(c), c == i);
                    }
                }
            }
        }
        return hits;
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
