package dev.fathom.git;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.eclipse.jgit.diff.DiffAlgorithm;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.EditList;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.util.QuotedString;

/**
 * One diff per unmerged path, as {@code git diff} gives one ({@code diff --cc}), instead of a diff per stage: the file
 * as it is now (conflict markers included) against our side (stage 2).
 */
final class ConflictDiff {
    private ConflictDiff() {
    }

    static void write(Repository repo, ObjectReader reader, String path, ObjectId ours, DiffFormatter f, OutputStream out)
            throws IOException {
        byte[] before = ours == null ? new byte[0] : reader.open(ours).getBytes();
        Path file = repo.getWorkTree().toPath().resolve(path);
        byte[] now = Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? Files.readAllBytes(file) : new byte[0];
        String name = QuotedString.GIT_PATH.quote(path);
        out.write(("diff --cc " + name + "\n--- a/" + path + "\n+++ b/" + path + "\n").getBytes(StandardCharsets.UTF_8));
        if (RawText.isBinary(before) || RawText.isBinary(now)) {
            out.write("Binary files differ\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        RawText a = new RawText(before);
        RawText b = new RawText(now);
        EditList edits = DiffAlgorithm.getAlgorithm(DiffAlgorithm.SupportedAlgorithm.HISTOGRAM).diff(RawTextComparator.DEFAULT, a, b);
        f.format(edits, a, b);
        f.flush();
    }
}
