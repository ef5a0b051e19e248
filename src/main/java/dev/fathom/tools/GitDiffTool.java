package dev.fathom.tools;

import dev.fathom.git.GitException;
import dev.fathom.git.GitRepo;

/** {@code git_diff}: a unified diff of the working tree, the index, or against a commit. */
public final class GitDiffTool extends BaseTool<GitDiffTool.Args> {

    public record Args(String path, Boolean staged, String commit) {
    }

    public GitDiffTool() {
        super("git_diff", Args.class, false);
    }

    @Override
    public ToolResult run(Args args, ToolContext ctx) throws ToolException {
        boolean staged = Boolean.TRUE.equals(args.staged());
        String commit = args.commit() == null || args.commit().isBlank() ? null : args.commit().trim();
        if (staged && commit != null) {
            throw new ToolException("Give either staged or commit, not both.");
        }
        try (GitRepo repo = GitRepo.open(ctx.workspace())) {
            String path = repoRelative(args.path(), repo, ctx);
            String diff = repo.diff(path, staged, commit);
            String note = repo.skippedFilterNote();
            String noteLine = note == null ? "" : "\n" + note;
            if (diff.isEmpty()) {
                return ToolResult.ok("No differences" + (path != null ? " in " + path : "") + "." + noteLine, "no changes");
            }
            long files = diff.lines().filter(l -> l.startsWith("diff --git ")).count();
            return ToolResult.ok(diff + noteLine, files + (files == 1 ? " file" : " files"));
        } catch (GitException e) {
            throw new ToolException(e.getMessage());
        }
    }

    /** A path the model gave (workspace-relative or absolute) as git wants it: relative to the repository top level. */
    static String repoRelative(String path, GitRepo repo, ToolContext ctx) {
        if (path == null || path.isBlank()) {
            return null;
        }
        java.nio.file.Path resolved = ctx.guard().resolveForRead(path);
        String rel = repo.topLevel().toAbsolutePath().normalize().relativize(resolved).toString().replace('\\', '/');
        return rel.isEmpty() ? null : rel;
    }
}
