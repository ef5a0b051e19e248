package dev.fathom.tools;

import dev.fathom.git.GitException;
import dev.fathom.git.GitRepo;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.api.Status;

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
            Status s = repo.status();
            StringBuilder out = new StringBuilder("On branch " + repo.branchDescription());
            if (repo.isShallow()) {
                out.append(" (shallow clone)");
            }
            out.append('\n');
            int total = 0;
            total += section(out, "Conflicts (unmerged)", s.getConflicting(), "U");
            total += section(out, "Staged", merge(s.getAdded(), s.getChanged(), s.getRemoved()), null, s);
            total += section(out, "Unstaged", merge(s.getModified(), s.getMissing()), null, s);
            total += section(out, "Untracked", s.getUntracked(), "?");
            if (total == 0) {
                out.append("Nothing to commit; the working tree is clean.\n");
            }
            return ToolResult.ok(out.toString(), total + " changed");
        } catch (GitException e) {
            throw new ToolException(e.getMessage());
        }
    }

    @SafeVarargs
    private static Set<String> merge(Set<String>... sets) {
        Set<String> all = new TreeSet<>();
        for (Set<String> s : sets) {
            all.addAll(s);
        }
        return all;
    }

    private static int section(StringBuilder out, String title, Set<String> files, String mark) {
        return section(out, title, files, mark, null);
    }

    /** Writes one section; the mark per file is given, or derived from the status (A added, M modified, D deleted). */
    private static int section(StringBuilder out, String title, Set<String> files, String mark, Status s) {
        if (files.isEmpty()) {
            return 0;
        }
        out.append(title).append(":\n");
        int n = 0;
        for (String f : new TreeSet<>(files)) {
            if (n++ == MAX_FILES_PER_SECTION) {
                out.append("  ... and ").append(files.size() - MAX_FILES_PER_SECTION).append(" more\n");
                break;
            }
            out.append("  ").append(mark != null ? mark : markOf(f, s)).append(' ').append(f).append('\n');
        }
        return files.size();
    }

    private static String markOf(String f, Status s) {
        if (s.getAdded().contains(f)) {
            return "A";
        }
        if (s.getRemoved().contains(f) || s.getMissing().contains(f)) {
            return "D";
        }
        return "M";
    }
}
