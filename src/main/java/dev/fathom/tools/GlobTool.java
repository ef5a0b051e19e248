package dev.fathom.tools;

import dev.fathom.safety.Glob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/** {@code glob}: files whose path matches a glob, .gitignore-aware, newest first, capped. */
public final class GlobTool extends BaseTool<GlobTool.Args> {
    public static final int MAX_RESULTS = 200;

    public record Args(String pattern, String path) {
    }

    public GlobTool() {
        super("glob", Args.class, false);
    }

    private record Found(String path, long modifiedMillis) {
    }

    @Override
    public ToolResult run(Args args, ToolContext ctx) throws ToolException {
        if (args.pattern().isBlank()) {
            throw new ToolException("pattern is empty; give a glob such as **/*.java or src/*.ts.");
        }
        Path base = ctx.guard().resolveForRead(args.path() == null || args.path().isBlank() ? "." : args.path());
        if (!Files.isDirectory(base)) {
            throw new ToolException("path " + ctx.guard().display(base) + " is not a directory.");
        }
        Pattern matcher;
        try {
            matcher = Glob.path(args.pattern()); // without a folder part (*.java) it matches at any depth, as users mean it
        } catch (IllegalArgumentException e) {
            throw new ToolException("Invalid glob pattern '" + args.pattern() + "': " + e.getMessage());
        }
        List<Found> found = new ArrayList<>();
        try {
            WorkspaceWalker.walk(ctx.workspace(), base, (file, attrs) -> {
                Path rel = base.relativize(file);
                if (matcher.matcher(rel.toString().replace('\\', '/')).matches()) {
                    found.add(new Found(ctx.guard().display(file), attrs.lastModifiedTime().toMillis()));
                }
                return true;
            });
        } catch (IOException e) {
            throw new ToolException("Cannot search " + ctx.guard().display(base) + ": " + e.getMessage());
        }
        if (found.isEmpty()) {
            return ToolResult.ok("No files match " + args.pattern() + " under " + ctx.guard().display(base) + ".", "0 files");
        }
        found.sort(Comparator.comparingLong(Found::modifiedMillis).reversed().thenComparing(Found::path));
        StringBuilder out = new StringBuilder();
        found.stream().limit(MAX_RESULTS).forEach(f -> out.append(f.path).append('\n'));
        if (found.size() > MAX_RESULTS) {
            out.append("(").append(found.size() - MAX_RESULTS).append(" more files not shown; narrow the pattern or the path)\n");
        }
        return ToolResult.ok(out.toString(), found.size() + " files");
    }
}
