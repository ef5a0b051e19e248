package dev.fathom.tools;

import dev.fathom.git.GitException;
import dev.fathom.git.GitRepo;
import dev.fathom.git.WorkStatus;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** {@code git_status}: branch, staged, unstaged, untracked and conflicting files. */
public final class GitStatusTool extends BaseTool<GitStatusTool.Args> {
    /** Files listed per section; beyond this the count is given. */
    public static final int MAX_FILES_PER_SECTION = 200;

    public record Args() {
    }

    public GitStatusTool() {
        super("git_status", Args.class, false);
    }

    @Override
    public ToolResult run(Args args, ToolContext ctx) throws ToolException {
        try (GitRepo repo = GitRepo.open(ctx.workspace())) {
            WorkStatus s = repo.workStatus();
            StringBuilder out = new StringBuilder("On branch " + repo.branchDescription());
            if (repo.isShallow()) {
                out.append(" (shallow clone)");
            }
            out.append('\n');
            String operation = repo.operationInProgress();
            if (operation != null) {
                out.append(operation).append('\n');
            }
            int total = 0;
            total += section(out, "Conflicts (unmerged)", marked(s.conflicting(), "U"));
            total += section(out, "Staged", marked(s.added(), "A", s.changed(), "M", s.removed(), "D"));
            total += section(out, "Unstaged", marked(s.modified(), "M", s.missing(), "D", s.intentToAdd(), "A"));
            total += section(out, "Untracked", marked(s.untracked(), "?"));
            if (total == 0) {
                out.append("Nothing to commit; the working tree is clean.\n");
            }
            String note = repo.skippedFilterNote();
            if (note != null) {
                out.append(note).append('\n');
            }
            return ToolResult.ok(out.toString(), total + " changed");
        } catch (GitException e) {
            throw new ToolException(e.getMessage());
        }
    }

    /** Pairs of (files, mark) into one sorted path-to-mark map. */
    private static Map<String, String> marked(Object... filesAndMarks) {
        Map<String, String> out = new TreeMap<>();
        for (int i = 0; i < filesAndMarks.length; i += 2) {
            @SuppressWarnings("unchecked")
            Set<String> files = (Set<String>) filesAndMarks[i];
            for (String f : files) {
                out.put(f, (String) filesAndMarks[i + 1]);
            }
        }
        return out;
    }

    private static int section(StringBuilder out, String title, Map<String, String> files) {
        if (files.isEmpty()) {
            return 0;
        }
        out.append(title).append(":\n");
        int n = 0;
        for (Map.Entry<String, String> f : files.entrySet()) {
            if (n++ == MAX_FILES_PER_SECTION) {
                out.append("  ... and ").append(files.size() - MAX_FILES_PER_SECTION).append(" more\n");
                break;
            }
            out.append("  ").append(f.getValue()).append(' ').append(f.getKey()).append('\n');
        }
        return files.size();
    }
}
