package dev.fathom.git;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.diff.DiffAlgorithm;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.EditList;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CoreConfig.EolStreamType;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.patch.FileHeader;
import org.eclipse.jgit.treewalk.FileTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.eclipse.jgit.util.io.EolStreamTypeUtil;

/**
 * The parts of a diff against the working tree that JGit's formatter gets wrong and git gets right. A file with an EOL
 * conversion (an {@code eol}/{@code text} attribute, or {@code core.autocrlf}) is compared as git stores it, converted
 * the way {@code git add} would, so a one-line change is one line; and a submodule with changed tracked files shows as
 * {@code Subproject commit <id>-dirty}, as git shows it.
 */
final class WorkTreeSide {
    private final Repository repo;
    private final ObjectReader reader;

    WorkTreeSide(Repository repo, ObjectReader reader) {
        this.repo = repo;
        this.reader = reader;
    }

    /** Formats {@code entries} (old side from the index or a commit, new side the working tree) into {@code out}. */
    void format(DiffFormatter f, List<DiffEntry> entries, String path, OutputStream out) throws IOException {
        Map<String, String> dirty = dirtySubmodules(path);
        for (DiffEntry e : entries) {
            String p = e.getNewPath();
            if (e.getNewMode() == FileMode.GITLINK && dirty.containsKey(p)) {
                f.flush();
                writeSubmodule(out, p, e.getOldId().name(), dirty.remove(p));
            } else if (e.getChangeType() == DiffEntry.ChangeType.MODIFY && e.getNewMode() != FileMode.GITLINK && converted(p) != null) {
                formatConverted(f, e, converted(p));
            } else {
                f.format(e);
            }
        }
        f.flush();
        for (var d : dirty.entrySet()) {
            writeSubmodule(out, d.getKey(), d.getValue(), d.getValue());
        }
    }

    /** How {@code git add} would convert the file's line endings, or null when it keeps them as they are. */
    private EolStreamType converted(String path) throws IOException {
        try (TreeWalk walk = new TreeWalk(repo)) {
            walk.addTree(new FileTreeIterator(repo));
            walk.setFilter(PathFilter.create(path));
            walk.setRecursive(true);
            if (!walk.next()) {
                return null;
            }
            EolStreamType type = walk.getEolStreamType(TreeWalk.OperationType.CHECKIN_OP);
            return type == null || type == EolStreamType.DIRECT ? null : type;
        }
    }

    private void formatConverted(DiffFormatter f, DiffEntry e, EolStreamType type) throws IOException {
        RawText a = new RawText(reader.open(e.getOldId().toObjectId()).getBytes());
        byte[] raw;
        try (InputStream in = EolStreamTypeUtil.wrapInputStream(
                Files.newInputStream(repo.getWorkTree().toPath().resolve(e.getNewPath()), LinkOption.NOFOLLOW_LINKS), type)) {
            raw = in.readAllBytes();
        }
        RawText b = new RawText(raw);
        if (RawText.isBinary(a.getRawContent()) || RawText.isBinary(raw)) {
            f.format(e);
            return;
        }
        EditList edits = DiffAlgorithm.getAlgorithm(DiffAlgorithm.SupportedAlgorithm.HISTOGRAM).diff(RawTextComparator.DEFAULT, a, b);
        if (edits.isEmpty()) {
            return; // only the line endings differed: git shows nothing
        }
        byte[] header = f.toFileHeader(e).getBuffer(); // the header lines only; the hunks come from the edits above
        f.format(new FileHeader(header, edits, FileHeader.PatchType.UNIFIED), a, b);
    }

    /** Submodules with changed tracked files (untracked ones do not count, as in git diff): path to their HEAD id. */
    private Map<String, String> dirtySubmodules(String path) throws IOException {
        Map<String, String> out = new java.util.TreeMap<>();
        DirCache index = IndexReading.read(repo);
        for (int i = 0; i < index.getEntryCount(); i++) {
            DirCacheEntry e = index.getEntry(i);
            String p = e.getPathString();
            boolean inScope = path == null || path.isEmpty() || path.equals(".") || p.equals(path) || p.startsWith(path + "/");
            if (e.getFileMode() == FileMode.GITLINK && inScope) {
                String head = dirtyHead(p);
                if (head != null) {
                    out.put(p, head);
                }
            }
        }
        return out;
    }

    private String dirtyHead(String path) throws IOException {
        Path dir = repo.getWorkTree().toPath().resolve(path);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) || !Files.exists(dir.resolve(".git"), LinkOption.NOFOLLOW_LINKS)) {
            return null; // not checked out
        }
        Repositories.Location at = Repositories.locate(dir, Map.of());
        if (at == null || at.workTree() == null || !at.workTree().toPath().equals(dir)) {
            return null;
        }
        try (Repository sub = Repositories.open(at); Git git = new Git(sub)) {
            Status s = git.status().call();
            boolean dirty = !s.getModified().isEmpty() || !s.getMissing().isEmpty() || !s.getChanged().isEmpty()
                    || !s.getAdded().isEmpty() || !s.getRemoved().isEmpty() || !s.getConflicting().isEmpty();
            var head = sub.resolve("HEAD");
            return dirty && head != null ? head.name() : null;
        } catch (GitAPIException | RuntimeException e) {
            return null;
        }
    }

    /** git's text for a submodule whose files changed: its recorded commit against its HEAD, marked dirty. */
    private static void writeSubmodule(OutputStream out, String path, String recorded, String head) throws IOException {
        List<String> lines = new ArrayList<>(List.of("diff --git a/" + path + " b/" + path, "--- a/" + path, "+++ b/" + path, "@@ -1 +1 @@",
                "-Subproject commit " + recorded, "+Subproject commit " + head + "-dirty"));
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        for (String l : lines) {
            text.write((l + "\n").getBytes(StandardCharsets.UTF_8));
        }
        out.write(text.toByteArray());
    }
}
