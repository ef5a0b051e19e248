package dev.fathom.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import dev.fathom.safety.ConfinedWriter;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;

/**
 * The state a fix run started from, and the two things done with it at the end: stage exactly what the run changed,
 * or put back exactly the start. A file the run did not create or change is never staged, committed or deleted: the
 * user's untracked notes, screenshots and {@code .env} stay as they are in every outcome.
 */
public final class FixBaseline {
    private static final String FATHOM_REFS = "refs/fathom/";
    private final GitRepo repo;
    private final ObjectId start;
    private final String startBranch;
    private final Set<String> untrackedAtStart;
    private final Set<String> excluded;
    private final Set<String> fathomRefsAtStart;

    private FixBaseline(GitRepo repo, ObjectId start, String startBranch, Set<String> untrackedAtStart, Set<String> excluded,
            Set<String> fathomRefsAtStart) {
        this.repo = repo;
        this.start = start;
        this.startBranch = startBranch;
        this.untrackedAtStart = untrackedAtStart;
        this.excluded = excluded;
        this.fathomRefsAtStart = fathomRefsAtStart;
    }

    /**
     * Records the start: HEAD, the branch, the untracked files. {@code excluded} paths (the run's own report, patch and
     * summary) are never staged nor deleted.
     */
    public static FixBaseline record(GitRepo repo, Collection<String> excluded) throws GitException {
        Status status = repo.status();
        return new FixBaseline(repo, repo.head(), repo.currentBranch(), new TreeSet<>(status.getUntracked()), Set.copyOf(excluded),
                fathomRefs(repo));
    }

    private static Set<String> fathomRefs(GitRepo repo) throws GitException {
        try {
            Set<String> names = new TreeSet<>();
            repo.jgit().getRepository().getRefDatabase().getRefsByPrefix(FATHOM_REFS).forEach(r -> names.add(r.getName()));
            return names;
        } catch (IOException e) {
            throw new GitException("Cannot list " + FATHOM_REFS + ": " + e.getMessage());
        }
    }

    /**
     * Deletes the refs under {@code refs/fathom/} that the run made (its checkpoints): a CI clone keeps no trace of
     * Fathom but the branch and the commit. Refs that were there before are kept.
     */
    public void dropRunRefs() throws GitException {
        Set<String> made = fathomRefs(repo);
        made.removeAll(fathomRefsAtStart);
        try {
            for (String name : made) {
                var update = repo.jgit().getRepository().updateRef(name);
                update.setForceUpdate(true);
                update.delete();
            }
        } catch (IOException e) {
            throw new GitException("Cannot delete Fathom's checkpoints: " + e.getMessage());
        }
    }

    public ObjectId start() {
        return start;
    }

    /** The paths the run changed: tracked files modified or deleted, and files created that were not there at the start. */
    public Changes changes() throws GitException {
        Status s = repo.status();
        Set<String> tracked = new TreeSet<>();
        tracked.addAll(s.getModified());
        tracked.addAll(s.getMissing());
        tracked.addAll(s.getChanged());
        tracked.addAll(s.getRemoved());
        tracked.addAll(s.getConflicting());
        Set<String> created = new TreeSet<>(s.getUntracked());
        created.addAll(s.getAdded());
        created.removeAll(untrackedAtStart);
        created.removeAll(excluded);
        tracked.removeAll(excluded);
        tracked.removeAll(untrackedAtStart);
        return new Changes(List.copyOf(tracked), List.copyOf(created));
    }

    /** What a run changed: tracked paths (modified or deleted) and paths it created. */
    public record Changes(List<String> tracked, List<String> created) {
        public List<String> all() {
            Set<String> all = new TreeSet<>(tracked);
            all.addAll(created);
            return List.copyOf(all);
        }

        public boolean isEmpty() {
            return tracked.isEmpty() && created.isEmpty();
        }
    }

    /**
     * Makes the index hold exactly the start plus {@code changes}: other staged entries (a {@code git add} of the
     * user's untracked file by the model) are unstaged first.
     */
    public void stage(Changes changes) throws GitException {
        repo.staging(false, () -> {
            stageNow(changes);
            return null;
        });
    }

    private void stageNow(Changes changes) throws GitException {
        Git git = repo.jgit();
        try {
            git.reset().setMode(ResetCommand.ResetType.MIXED).setRef(start.name()).call();
            List<String> present = new ArrayList<>();
            List<String> gone = new ArrayList<>();
            for (String p : changes.all()) {
                (Files.exists(repo.topLevel().resolve(p), LinkOption.NOFOLLOW_LINKS) ? present : gone).add(p);
            }
            if (!present.isEmpty()) {
                var add = git.add();
                present.forEach(add::addFilepattern);
                add.call();
            }
            if (!gone.isEmpty()) {
                var rm = git.rm().setCached(true);
                gone.forEach(rm::addFilepattern);
                rm.call();
            }
        } catch (GitAPIException | RuntimeException e) {
            throw new GitException("Cannot stage the changes: " + e.getMessage(), e);
        }
    }

    /**
     * The staged change as a patch from the start commit, with binary files and full object ids ({@code git diff
     * --cached --binary --full-index}): {@code git apply} on a checkout of the start recreates it.
     */
    public String patch() throws GitException {
        return FullIndexPatch.of(repo.jgit().getRepository(), start);
    }

    /**
     * Puts back the start: the files the run created are removed (never through a symlinked folder), the tracked files
     * it changed are checked out from the start commit, the index entries of both are reset (and those of untracked
     * files the run staged), the start branch (or
     * detached commit) is checked out again and {@code deleteBranch}, when not null, deleted. Nothing else is touched.
     */
    public void restore(Changes changes, String deleteBranch) throws GitException {
        Git git = repo.jgit();
        try {
            Path top = repo.topLevel().toRealPath();
            ConfinedWriter writer = new ConfinedWriter(top, ConfinedWriter.Seam.NONE);
            // The index entries of the run's changes, and of the user's untracked files the run may have staged (they
            // are not changes: the file is the user's, kept as it is, only unstaged again).
            Set<String> unstage = new TreeSet<>(changes.all());
            unstage.addAll(untrackedAtStart);
            if (!unstage.isEmpty()) {
                var reset = git.reset().setRef(start.name());
                unstage.forEach(reset::addPath);
                reset.call();
            }
            List<String> created = new ArrayList<>(changes.created());
            created.sort(Comparator.comparingInt(String::length).reversed());
            for (String p : created) {
                Path file = top.resolve(p);
                if (!parentsAreRealFolders(top, p)) {
                    continue; // reached through a symlink: its own entry (the link) is removed instead
                }
                writer.delete(file); // opens each folder without following symlinks
            }
            List<String> tracked = new ArrayList<>();
            for (String p : changes.tracked()) {
                if (repo.existsAt(start, p)) {
                    clearWayTo(top, p);
                    tracked.add(p);
                }
            }
            if (!tracked.isEmpty()) {
                var checkout = git.checkout().setStartPoint(start.name());
                tracked.forEach(checkout::addPath);
                checkout.call();
            }
            git.checkout().setName(startBranch != null ? startBranch : start.name()).call();
            if (deleteBranch != null && !deleteBranch.equals(startBranch)) {
                git.branchDelete().setBranchNames(deleteBranch).setForce(true).call();
            }
        } catch (GitAPIException | IOException e) {
            throw new GitException("Cannot restore the starting state: " + e.getMessage());
        }
    }

    /** True when every folder between {@code top} and {@code rel} is a real folder, not a symlink. */
    private static boolean parentsAreRealFolders(Path top, String rel) {
        Path at = top;
        Path parent = Path.of(rel).getParent();
        if (parent == null) {
            return true;
        }
        for (Path part : parent) {
            at = at.resolve(part);
            if (Files.isSymbolicLink(at) || !Files.isDirectory(at, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Makes room to write a tracked file back: a symlink or an empty folder the run left where a folder or the file
     * belongs is removed (a symlink is removed, never followed); anything with content is left for the checkout to
     * report.
     */
    private static void clearWayTo(Path top, String rel) throws IOException {
        Path at = top;
        for (Path part : Path.of(rel)) {
            at = at.resolve(part);
            if (Files.isSymbolicLink(at)) {
                Files.delete(at);
                return;
            }
        }
        Path file = top.resolve(rel);
        if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
            try (var entries = Files.list(file)) {
                if (entries.findAny().isEmpty()) {
                    Files.delete(file);
                }
            }
        }
    }
}
