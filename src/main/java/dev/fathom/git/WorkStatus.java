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
 * its folder with a trailing slash, as git shows it. An unmerged path is in {@code conflicting} only. A new file marked
 * with {@code git add -N} is in {@code intentToAdd}: git keeps only a placeholder for it in the index, so it is an
 * unstaged addition, not a staged one (once deleted, it is {@code missing}).
 */
public record WorkStatus(SortedSet<String> added, SortedSet<String> changed, SortedSet<String> removed, SortedSet<String> modified,
        SortedSet<String> missing, SortedSet<String> untracked, SortedSet<String> conflicting, SortedSet<String> intentToAdd) {

    public WorkStatus {
        added = frozen(added);
        changed = frozen(changed);
        removed = frozen(removed);
        modified = frozen(modified);
        missing = frozen(missing);
        untracked = frozen(untracked);
        conflicting = frozen(conflicting);
        intentToAdd = frozen(intentToAdd);
    }

    WorkStatus(SortedSet<String> added, SortedSet<String> changed, SortedSet<String> removed, SortedSet<String> modified,
            SortedSet<String> missing, SortedSet<String> untracked, SortedSet<String> conflicting) {
        this(added, changed, removed, modified, missing, untracked, conflicting, new TreeSet<>());
    }

    /**
     * JGit's own status, for the repositories {@link StatusScan} leaves to JGit. JGit takes the placeholders of
     * {@code intentToAdd} for staged files (and, when the file is not empty, for modified ones); git does not.
     */
    static WorkStatus of(Status s, Set<String> intentToAdd) {
        SortedSet<String> added = new TreeSet<>(s.getAdded());
        SortedSet<String> modified = new TreeSet<>(s.getModified());
        SortedSet<String> missing = new TreeSet<>(s.getMissing());
        SortedSet<String> newFiles = new TreeSet<>();
        for (String p : intentToAdd) {
            added.remove(p);
            modified.remove(p);
            if (!missing.contains(p)) {
                newFiles.add(p);
            }
        }
        return new WorkStatus(added, new TreeSet<>(s.getChanged()), new TreeSet<>(s.getRemoved()), modified, missing,
                new TreeSet<>(s.getUntracked()), new TreeSet<>(s.getConflicting()), newFiles);
    }

    /** Whether nothing at all is reported. */
    public boolean isClean() {
        return added.isEmpty() && changed.isEmpty() && removed.isEmpty() && modified.isEmpty() && missing.isEmpty() && untracked.isEmpty()
                && conflicting.isEmpty() && intentToAdd.isEmpty();
    }

    private static SortedSet<String> frozen(Set<String> paths) {
        return Collections.unmodifiableSortedSet(new TreeSet<>(paths));
    }
}
