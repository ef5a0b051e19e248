package dev.fathom.git;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.dircache.DirCacheIterator;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.CoreConfig.EolStreamType;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.FileTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.WorkingTreeIterator;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.eclipse.jgit.treewalk.filter.PathFilterGroup;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * The working tree as a checkpoint holds it: every regular file that is tracked or not ignored (a tracked file matching
 * .gitignore is the user's too), with its exact bytes and executable bit, plus the folders no such file vouches for
 * (empty ones, or holding only ignored or special files), so that undo keeps them and removes only folders the turn
 * made. Stored as a commit whose tree has the files and whose message lists those folders.
 */
final class TreeSnapshot {
    private static final String FOLDERS_HEADER = "Folders without files:\n";

    /** One file: its content as a blob id, and whether it is executable. */
    record FileState(ObjectId id, boolean executable) {
        FileMode mode() {
            return executable ? FileMode.EXECUTABLE_FILE : FileMode.REGULAR_FILE;
        }
    }

    /**
     * Every file's path and state in git's order, and the folders that hold none of them (see the class comment).
     * {@code knownTrees} maps folders ("" for the top) whose files are exactly the index's to the index's cached tree
     * for them, so that writing the snapshot hashes only the folders that differ (as {@code git write-tree} does).
     */
    static final class Snapshot {
        private final List<String> paths;
        private final List<FileState> states;
        private final Set<String> folders;
        private final Map<String, ObjectId> knownTrees;
        private Map<String, FileState> files;

        Snapshot(List<String> paths, List<FileState> states, Set<String> folders, Map<String, ObjectId> knownTrees) {
            this.paths = paths;
            this.states = states;
            this.folders = folders;
            this.knownTrees = knownTrees;
        }

        /** Path to state, in git's order; made on first use (a checkpoint that is only written never needs it). */
        Map<String, FileState> files() {
            if (files == null) {
                files = new LinkedHashMap<>(paths.size() * 4 / 3 + 1);
                for (int i = 0; i < paths.size(); i++) {
                    files.put(paths.get(i), states.get(i));
                }
            }
            return files;
        }

        List<String> paths() {
            return paths;
        }

        List<FileState> states() {
            return states;
        }

        Set<String> folders() {
            return folders;
        }

        Map<String, ObjectId> knownTrees() {
            return knownTrees;
        }
    }

    private TreeSnapshot() {
    }

    /**
     * The working tree now. Blobs of files that differ from the index are inserted when {@code ins} is given (only
     * their ids are computed otherwise). A file whose size and time match its index entry, and which git stores
     * without conversion, is not read: its blob is the index's, as {@code git status} and {@code git stash} assume too.
     * Symlinks, submodules and special files (FIFOs, sockets, devices: opening one can block or have effects) are left out.
     */
    static Snapshot current(Repository repo, Path workTree, ObjectInserter ins) throws IOException {
        return current(repo, workTree, ins, repo.readDirCache());
    }

    /** As {@link #current(Repository, Path, ObjectInserter)}, with the index already read. */
    static Snapshot current(Repository repo, Path workTree, ObjectInserter ins, DirCache index) throws IOException {
        return current(repo, workTree, ins, index, TreeFilter.ALL);
    }

    /**
     * What a snapshot taken now would hold at exactly {@code path}: the file's state, or null when it would hold no file
     * there (absent, a folder, a symlink, special, ignored, or below a symlink). Visits only the folders on the way.
     */
    static FileState at(Repository repo, Path workTree, DirCache index, String path) throws IOException {
        return current(repo, workTree, null, index, PathFilter.create(path)).files().get(path);
    }

    private static Snapshot current(Repository repo, Path workTree, ObjectInserter ins, DirCache index, TreeFilter filter)
            throws IOException {
        List<String> paths = new ArrayList<>(index.getEntryCount() + 16); // in the walk's order, git's
        List<FileState> states = new ArrayList<>(index.getEntryCount() + 16);
        Set<String> folders = new TreeSet<>();
        Set<String> differ = new java.util.HashSet<>(); // folders whose files are not exactly the index's
        CheckinConversions conversions = new CheckinConversions(repo, workTree, index);
        try (ObjectInserter.Formatter ids = new ObjectInserter.Formatter(); TreeWalk walk = new TreeWalk(repo)) {
            FileTreeIterator disk = new FileTreeIterator(repo);
            disk.setWalkIgnoredDirectories(true); // entered below only when the index tracks something inside
            walk.addTree(disk);
            walk.addTree(new DirCacheIterator(index));
            walk.setRecursive(false);
            walk.setFilter(filter);
            while (walk.next()) {
                WorkingTreeIterator it = walk.getTree(0, WorkingTreeIterator.class);
                DirCacheIterator indexed = walk.getTree(1, DirCacheIterator.class);
                if (it == null) {
                    SnapshotTrees.differ(differ, walk.getPathString()); // only in the index: deleted
                    continue;
                }
                // Tracked is checked first: asking whether a path is ignored costs more than the rest of a file's visit.
                boolean skipped = indexed == null && it.isEntryIgnored();
                String path = walk.getPathString();
                if (walk.isSubtree()) {
                    folders.add(path); // an ignored folder too: it was there before
                    if (!skipped) {
                        conversions.entering(walk.getDepth(), path);
                        walk.enterSubtree();
                    }
                    continue;
                }
                FileMode mode = it.getEntryFileMode();
                if (skipped || mode == FileMode.GITLINK || mode == FileMode.SYMLINK) {
                    if (indexed != null) {
                        SnapshotTrees.differ(differ, path);
                    }
                    continue;
                }
                ObjectId id = unchangedSinceIndexed(walk, it, indexed, conversions);
                if (id == null) {
                    Path file = workTree.resolve(path);
                    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                        if (indexed != null) {
                            SnapshotTrees.differ(differ, path);
                        }
                        continue; // JGit reports a FIFO, socket or device as a file; it is never opened
                    }
                    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                        long size = Files.size(file);
                        id = ins != null ? ins.insert(Constants.OBJ_BLOB, size, in) : ids.idFor(Constants.OBJ_BLOB, size, in);
                    }
                }
                FileState state = new FileState(id, mode == FileMode.EXECUTABLE_FILE);
                DirCacheEntry entry = indexed == null ? null : indexed.getDirCacheEntry();
                if (entry == null || entry.getStage() != DirCacheEntry.STAGE_0 || entry.getRawMode() != state.mode().getBits()
                        || !id.equals(entry.getObjectId())) {
                    SnapshotTrees.differ(differ, path);
                }
                paths.add(path);
                states.add(state);
            }
        }
        String vouched = null; // the last file's folder: every folder above it is vouched for already
        for (String path : paths) {
            int slash = path.lastIndexOf('/');
            if (slash < 0 || vouched != null && slash == vouched.length() && path.startsWith(vouched)) {
                continue; // at the top (nothing to vouch for), or in the same folder as the file before
            }
            vouched = path.substring(0, slash);
            for (String folder = vouched; folders.remove(folder);) {
                int up = folder.lastIndexOf('/');
                if (up < 0) {
                    break;
                }
                folder = folder.substring(0, up);
            }
        }
        return new Snapshot(paths, states, folders, filter == TreeFilter.ALL ? SnapshotTrees.knownTrees(index, differ) : Map.of());
    }

    /**
     * The index's blob id for a file git would find unchanged by its size and time alone, when that blob is the file's
     * exact bytes (no end-of-line conversion, no clean filter); null when the file must be read.
     */
    private static ObjectId unchangedSinceIndexed(TreeWalk walk, WorkingTreeIterator it, DirCacheIterator indexed,
            CheckinConversions conversions) throws IOException {
        if (indexed == null) {
            return null;
        }
        DirCacheEntry entry = indexed.getDirCacheEntry();
        if (entry == null || entry.getStage() != DirCacheEntry.STAGE_0
                || entry.getFileMode() != FileMode.REGULAR_FILE && entry.getFileMode() != FileMode.EXECUTABLE_FILE) {
            return null;
        }
        if (it.compareMetadata(entry) != WorkingTreeIterator.MetadataDiff.EQUAL) {
            return null; // changed, or too recent to tell (racily clean): read it
        }
        if (conversions.possible(walk.getDepth()) && (walk.getEolStreamType(TreeWalk.OperationType.CHECKIN_OP) != EolStreamType.DIRECT
                || walk.getFilterCommand(Constants.ATTR_FILTER_TYPE_CLEAN) != null)) {
            return null; // the index holds a converted copy, not these bytes
        }
        return entry.getObjectId();
    }

    /** Writes {@code snapshot} as a commit on top of HEAD (when there is one); returns its id. Inserted, not flushed. */
    static ObjectId write(Repository repo, ObjectInserter ins, Snapshot snapshot, String label) throws IOException {
        CommitBuilder commit = new CommitBuilder();
        commit.setTreeId(SnapshotTrees.write(snapshot, ins));
        ObjectId head = repo.resolve(Constants.HEAD);
        if (head != null) {
            commit.setParentId(head);
        }
        PersonIdent who = new PersonIdent("Fathom", "fathom@localhost");
        commit.setAuthor(who);
        commit.setCommitter(who);
        StringBuilder message = new StringBuilder("fathom checkpoint: ").append(label).append('\n');
        if (!snapshot.folders().isEmpty()) {
            message.append('\n').append(FOLDERS_HEADER);
            snapshot.folders().forEach(f -> message.append(escape(f)).append('\n'));
        }
        commit.setMessage(message.toString());
        return ins.insert(commit);
    }

    /** The snapshot stored in commit {@code id}. */
    static Snapshot read(Repository repo, ObjectId id) throws IOException {
        return read(repo, id, null);
    }

    /** The snapshot stored in commit {@code id}, with only the files at {@code only} (all when null) and all its folders. */
    static Snapshot read(Repository repo, ObjectId id, java.util.Collection<String> only) throws IOException {
        List<String> paths = new ArrayList<>();
        List<FileState> states = new ArrayList<>();
        Set<String> folders = new TreeSet<>();
        try (RevWalk rw = new RevWalk(repo); TreeWalk walk = new TreeWalk(repo)) {
            RevCommit c = rw.parseCommit(id);
            walk.addTree(c.getTree());
            walk.setRecursive(true);
            if (only != null) {
                walk.setFilter(only.isEmpty() ? TreeFilter.ALL : PathFilterGroup.createFromStrings(only));
            }
            while ((only == null || !only.isEmpty()) && walk.next()) {
                paths.add(walk.getPathString());
                states.add(new FileState(walk.getObjectId(0), walk.getFileMode(0) == FileMode.EXECUTABLE_FILE));
            }
            String message = c.getFullMessage();
            int at = message.indexOf("\n\n" + FOLDERS_HEADER);
            if (at >= 0) {
                for (String line : message.substring(at + 2 + FOLDERS_HEADER.length()).split("\n")) {
                    if (!line.isEmpty()) {
                        folders.add(unescape(line));
                    }
                }
            }
        }
        return new Snapshot(paths, states, folders, Map.of());
    }

    /** One folder name per message line: a newline in a name is written as backslash-n, a backslash doubled. */
    private static String escape(String path) {
        return path.replace("\\", "\\\\").replace("\n", "\\n");
    }

    private static String unescape(String line) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                char next = line.charAt(++i);
                out.append(next == 'n' ? '\n' : next);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Every folder above {@code path}, nearest first. */
    static List<String> parents(String path) {
        List<String> out = new ArrayList<>();
        for (int slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
            out.add(path.substring(0, slash));
        }
        return out;
    }
}
