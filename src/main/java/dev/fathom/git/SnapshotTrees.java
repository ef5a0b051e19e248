package dev.fathom.git;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheTree;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.TreeFormatter;

/**
 * A snapshot's files as git trees. A folder whose files are exactly the index's takes the index's cached tree for it
 * (git's cache-tree extension, which {@code git write-tree} uses the same way), so a snapshot of a tree with a few
 * changes hashes and writes only the folders on their way, not every folder of the repository.
 */
final class SnapshotTrees {
    private final List<String> paths;
    private final List<TreeSnapshot.FileState> states;
    private final Map<String, ObjectId> known;
    private final ObjectInserter ins;

    private SnapshotTrees(TreeSnapshot.Snapshot snapshot, ObjectInserter ins) {
        this.paths = snapshot.paths();
        this.states = snapshot.states();
        this.known = snapshot.knownTrees();
        this.ins = ins;
    }

    /** Inserts (without flushing) the trees of {@code snapshot} that are not known already; returns the top one's id. */
    static ObjectId write(TreeSnapshot.Snapshot snapshot, ObjectInserter ins) throws IOException {
        return new SnapshotTrees(snapshot, ins).folder("", 0, snapshot.paths().size());
    }

    /** The tree of the folder {@code prefix} ("" or ending in '/'), whose files are the paths [from, to), in git's order. */
    private ObjectId folder(String prefix, int from, int to) throws IOException {
        ObjectId cached = known.get(prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1));
        if (cached != null) {
            return cached;
        }
        TreeFormatter tree = new TreeFormatter();
        for (int i = from; i < to;) {
            String path = paths.get(i);
            int slash = path.indexOf('/', prefix.length());
            if (slash < 0) {
                TreeSnapshot.FileState state = states.get(i);
                tree.append(path.substring(prefix.length()), state.mode(), state.id());
                i++;
                continue;
            }
            String sub = path.substring(0, slash + 1);
            int end = i + 1;
            while (end < to && paths.get(end).startsWith(sub)) {
                end++;
            }
            tree.append(path.substring(prefix.length(), slash), FileMode.TREE, folder(sub, i, end));
            i = end;
        }
        return ins.insert(tree);
    }

    /** Marks every folder above {@code path}, the top ("") included, as not exactly the index's. */
    static void differ(Set<String> differ, String path) {
        for (int slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
            if (!differ.add(path.substring(0, slash))) {
                return; // the folders above were marked with it
            }
        }
        differ.add("");
    }

    /** The index's valid cached trees of the folders whose files are exactly the index's. */
    static Map<String, ObjectId> knownTrees(DirCache index, Set<String> differ) {
        Map<String, ObjectId> out = new java.util.HashMap<>();
        DirCacheTree root = index.getCacheTree(false);
        if (root != null) {
            knownTrees(root, "", differ, out);
        }
        return out;
    }

    private static void knownTrees(DirCacheTree tree, String path, Set<String> differ, Map<String, ObjectId> out) {
        if (!differ.contains(path)) {
            if (tree.isValid()) {
                out.put(path, tree.getObjectId());
            }
            return; // nothing below differs either, and a parent's tree is all that is used
        }
        for (int i = 0; i < tree.getChildCount(); i++) {
            DirCacheTree child = tree.getChild(i);
            knownTrees(child, path.isEmpty() ? child.getNameString() : path + "/" + child.getNameString(), differ, out);
        }
    }
}
