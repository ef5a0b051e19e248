package dev.fathom.git;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryState;

/** The line git_status gives on an operation git left in progress, as {@code git status} says it. */
final class OperationInProgress {
    private OperationInProgress() {
    }

    /** A line on an operation in progress (merge, rebase, cherry-pick, revert, bisect), or null when there is none. */
    static String describe(Repository repo) {
        RepositoryState state = repo.getRepositoryState();
        return switch (state) {
            case MERGING -> "A merge is in progress: resolve the conflicts, then commit without paths to conclude it (git merge --abort gives up).";
            case MERGING_RESOLVED -> "A merge is in progress, its conflicts resolved: commit without paths to conclude it.";
            case REBASING, REBASING_REBASING, REBASING_MERGE, REBASING_INTERACTIVE, APPLY -> "A rebase is in progress (onto " + rebaseOnto(repo)
                    + "): resolve, stage, then git rebase --continue (git rebase --abort gives up).";
            case CHERRY_PICKING, CHERRY_PICKING_RESOLVED -> "A cherry-pick is in progress.";
            case REVERTING, REVERTING_RESOLVED -> "A revert is in progress.";
            case BISECTING -> "A bisect is in progress.";
            default -> null;
        };
    }

    private static String rebaseOnto(Repository repo) {
        for (String dir : new String[] {"rebase-merge", "rebase-apply"}) {
            File onto = new File(new File(repo.getDirectory(), dir), "onto");
            try {
                if (onto.isFile()) {
                    return Files.readString(onto.toPath()).strip().substring(0, 7);
                }
            } catch (IOException | IndexOutOfBoundsException e) {
                break;
            }
        }
        return "unknown";
    }
}
