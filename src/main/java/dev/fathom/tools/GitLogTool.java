package dev.fathom.tools;

import dev.fathom.git.GitException;
import dev.fathom.git.GitRepo;
import java.util.List;

/** {@code git_log}: recent commits, newest first. */
public final class GitLogTool extends BaseTool<GitLogTool.Args> {
    public static final int DEFAULT_COUNT = 20;
    public static final int MAX_COUNT = 200;

    public record Args(Integer maxCount, String path) {
    }

    public GitLogTool() {
        super("git_log", Args.class, false);
    }

    @Override
    public ToolResult run(Args args, ToolContext ctx) throws ToolException {
        int n = args.maxCount() == null ? DEFAULT_COUNT : args.maxCount();
        if (n < 1 || n > MAX_COUNT) {
            throw new ToolException("max_count must be between 1 and " + MAX_COUNT + ", got " + n + ".");
        }
        try (GitRepo repo = GitRepo.open(ctx.workspace())) {
            String path = GitDiffTool.repoRelative(args.path(), repo, ctx);
            List<String> lines = repo.log(n, path);
            if (lines.isEmpty()) {
                return ToolResult.ok("No commits" + (path != null ? " touching " + path : " yet") + ".", "0 commits");
            }
            String note = repo.isShallow() && lines.size() < n ? "(shallow clone: older history is not available)\n" : "";
            return ToolResult.ok(String.join("\n", lines) + "\n" + note, lines.size() + " commits");
        } catch (GitException e) {
            throw new ToolException(e.getMessage());
        }
    }
}
