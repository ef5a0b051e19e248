package dev.fathom.git;

import java.util.Collections;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.eclipse.jgit.api.Status;

/**
 * What {@code git status} reports, as sorted sets of paths relative to the top level. Staged (HEAD against the index):
 * {@code added}, {@code changed}, {@code removed}. Unstaged (the index against the working tree): {@code modified},
 * {@code missing}. {@code untracked} lists every untracked file (as {@code -uall} does), and a nested repository as
 * its folder with a trailing slash, as git shows it. An unmerged path is in {@code conflicting} only.
 */
public record WorkStatus(SortedSet<String> added, SortedSet<String> changed, SortedSet<String> removed, SortedSet<String> modified,
        SortedSet<String> missing, SortedSet<String> untracked, SortedSet<String> conflicting) {

    public WorkStatus {
        added = frozen(added);
        changed = frozen(changed);
        removed = frozen(removed);
        modified = frozen(modified);
        missing = frozen(missing);
        untracked = frozen(untracked);
        conflicting = frozen(conflicting);
    }

    /** JGit's own status, for the repositories {@link StatusScan} leaves to JGit. */
    static WorkStatus of(Status s) {
        return new WorkStatus(new TreeSet<>(s.getAdded()), new TreeSet<>(s.getChanged()), new TreeSet<>(s.getRemoved()),
                new TreeSet<>(s.getModified()), new TreeSet<>(s.getMissing()), new TreeSet<>(s.getUntracked()),
                new TreeSet<>(s.getConflicting()));
    }

    /** Whether nothing at all is reported. */
    public boolean isClean() {
        return added.isEmpty() && changed.isEmpty() && removed.isEmpty() && modified.isEmpty() && missing.isEmpty() && untracked.isEmpty()
                && conflicting.isEmpty();
    }

    private static SortedSet<String> frozen(Set<String> paths) {
        return Collections.unmodifiableSortedSet(new TreeSet<>(paths));
    }
}
