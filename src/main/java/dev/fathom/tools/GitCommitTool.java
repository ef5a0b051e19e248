package dev.fathom.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fathom.git.GitException;
import dev.fathom.git.GitRepo;
import dev.fathom.safety.ApprovalPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code git_commit}: stages the given paths (or every change) and commits, never signing. */
public final class GitCommitTool extends BaseTool<GitCommitTool.Args> {

    public record Args(String message, List<String> paths) {
    }

    public GitCommitTool() {
        super("git_commit", Args.class, true);
    }

    @Override
    public ToolResult run(Args args, ToolContext ctx) throws ToolException {
        if (args.message().isBlank()) {
            throw new ToolException("message is empty; write a commit message (a short summary line, then details if useful).");
        }
        try (GitRepo repo = GitRepo.open(ctx.workspace())) {
            List<String> paths = new ArrayList<>();
            for (String p : args.paths() == null ? List.<String>of() : args.paths()) {
                String rel = GitDiffTool.repoRelative(p, repo, ctx);
                if (rel == null) {
                    paths.clear();
                    break; // "." means everything
                }
                paths.add(rel);
            }
            GitRepo.CommitResult c = repo.commit(args.message().strip(), paths);
            String note = repo.skippedFilterNote();
            return ToolResult.ok("Committed " + c.id() + " on " + repo.branchDescription() + " (" + c.paths().size()
                    + (c.paths().size() == 1 ? " file" : " files") + "): " + String.join(", ", c.paths()) + (note == null ? "" : "\n" + note),
                    c.id());
        } catch (GitException e) {
            throw new ToolException(e.getMessage());
        }
    }

    @Override
    public ApprovalPolicy.Action action(JsonNode args, Path workspace) {
        return new ApprovalPolicy.Action(name(), ApprovalPolicy.Kind.EDIT, java.util.List.of());
    }
}
