package dev.fathom.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import org.eclipse.jgit.attributes.Attributes;
import org.eclipse.jgit.attributes.AttributesNode;
import org.eclipse.jgit.attributes.AttributesNodeProvider;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.lib.CoreConfig.EolStreamType;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.WorkingTreeOptions;
import org.eclipse.jgit.util.io.EolStreamTypeUtil;

/**
 * Whether git might convert a file of a snapshot's walk on check-in (end-of-line rules, a clean filter), so that the
 * index's blob may not be the file's bytes. Asking JGit per file costs a 50,000-file snapshot about a tenth of its time,
 * and in most repositories no rule applies anywhere: with no attributes, the conversion is JGit's answer for a file
 * without attributes (core.autocrlf alone), and a file has attributes only where the info or global attributes file
 * has rules or a {@code .gitattributes} (on disk or in the index, as JGit reads them) lies in its folder or above.
 * Where one might apply, the caller asks JGit for that file as before.
 */
final class CheckinConversions {
    private final Path workTree;
    private final DirCache index;
    /** By walk depth: whether a file at that depth might have attributes or be converted. */
    private boolean[] possible = new boolean[16];

    CheckinConversions(Repository repo, Path workTree, DirCache index) throws IOException {
        this.workTree = workTree;
        this.index = index;
        EolStreamType plain = EolStreamTypeUtil.detectStreamType(TreeWalk.OperationType.CHECKIN_OP,
                repo.getConfig().get(WorkingTreeOptions.KEY), new Attributes());
        AttributesNodeProvider nodes = repo.createAttributesNodeProvider();
        boolean everywhere = plain != EolStreamType.DIRECT || hasRules(nodes.getInfoAttributesNode())
                || hasRules(nodes.getGlobalAttributesNode());
        possible[0] = everywhere || hasAttributesFile("");
    }

    /** The walk enters {@code folder} (relative, no trailing slash), an entry at {@code depth}. */
    void entering(int depth, String folder) {
        if (depth + 1 >= possible.length) {
            possible = Arrays.copyOf(possible, depth + 16);
        }
        possible[depth + 1] = possible[depth] || hasAttributesFile(folder + "/");
    }

    /** Whether a file at {@code depth} of the walk might be converted on check-in. */
    boolean possible(int depth) {
        return possible[depth];
    }

    private boolean hasAttributesFile(String folder) {
        String name = folder + ".gitattributes";
        return Files.exists(workTree.resolve(name), LinkOption.NOFOLLOW_LINKS) || index.findEntry(name) >= 0;
    }

    private static boolean hasRules(AttributesNode node) {
        return node != null && !node.getRules().isEmpty();
    }
}
