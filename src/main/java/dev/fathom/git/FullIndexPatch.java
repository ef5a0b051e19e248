package dev.fathom.git;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.dircache.DirCacheIterator;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.patch.FileHeader;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.util.QuotedString;

/**
 * A patch from a commit to the index, as {@code git diff --cached --binary --full-index} writes it: full object ids
 * on every {@code index} line, and a binary file's content as a {@code GIT binary patch} (zlib-deflated, base85, a
 * forward and a reverse literal), so that {@code git apply} on a checkout of the commit recreates every file, binary
 * or not. JGit writes "Binary files differ" for those, which no tool can apply.
 */
final class FullIndexPatch {
    /** The most bytes git puts on one line of a binary patch. */
    private static final int BYTES_PER_LINE = 52;
    private static final byte[] BASE85 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&()*+-;<=>?@^_`{|}~"
            .getBytes(StandardCharsets.US_ASCII);

    private FullIndexPatch() {
    }

    static String of(Repository repo, ObjectId from) throws GitException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ObjectReader reader = repo.newObjectReader(); DiffFormatter f = new DiffFormatter(out)) {
            f.setRepository(repo);
            f.setAbbreviationLength(Constants.OBJECT_ID_STRING_LENGTH);
            CanonicalTreeParser old = new CanonicalTreeParser();
            old.reset(reader, repo.parseCommit(from).getTree());
            for (DiffEntry e : f.scan(old, new DirCacheIterator(IndexReading.read(repo)))) {
                FileHeader h = f.toFileHeader(e);
                if (h.getPatchType() == FileHeader.PatchType.BINARY) {
                    binary(out, e, reader);
                } else {
                    f.format(e);
                    f.flush();
                }
            }
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new GitException("git diff failed: " + e.getMessage());
        }
    }

    /** One binary file's part, written as git writes it. */
    private static void binary(ByteArrayOutputStream out, DiffEntry e, ObjectReader reader) throws IOException {
        String oldPath = e.getChangeType() == DiffEntry.ChangeType.ADD ? e.getNewPath() : e.getOldPath();
        String newPath = e.getChangeType() == DiffEntry.ChangeType.DELETE ? e.getOldPath() : e.getNewPath();
        StringBuilder h = new StringBuilder("diff --git ").append(QuotedString.GIT_PATH.quote("a/" + oldPath)).append(' ')
                .append(QuotedString.GIT_PATH.quote("b/" + newPath)).append('\n');
        ObjectId oldId = e.getOldId().toObjectId();
        ObjectId newId = e.getNewId().toObjectId();
        String mode = "";
        switch (e.getChangeType()) {
            case ADD -> h.append("new file mode ").append(e.getNewMode()).append('\n');
            case DELETE -> h.append("deleted file mode ").append(e.getOldMode()).append('\n');
            default -> {
                if (e.getOldMode().equals(e.getNewMode())) {
                    mode = " " + e.getNewMode();
                } else {
                    h.append("old mode ").append(e.getOldMode()).append("\nnew mode ").append(e.getNewMode()).append('\n');
                }
            }
        }
        h.append("index ").append(oldId.name()).append("..").append(newId.name()).append(mode).append("\nGIT binary patch\n");
        out.write(h.toString().getBytes(StandardCharsets.UTF_8));
        literal(out, content(reader, newId, e.getNewMode()));
        literal(out, content(reader, oldId, e.getOldMode()));
    }

    private static byte[] content(ObjectReader reader, ObjectId id, FileMode mode) throws IOException {
        return ObjectId.zeroId().equals(id) || mode == FileMode.MISSING ? new byte[0] : reader.open(id, Constants.OBJ_BLOB).getBytes();
    }

    /** {@code literal N}, the deflated bytes in base85 lines (a length letter first), a blank line. */
    private static void literal(OutputStream out, byte[] data) throws IOException {
        out.write(("literal " + data.length + "\n").getBytes(StandardCharsets.US_ASCII));
        byte[] z = deflate(data);
        for (int at = 0; at < z.length; at += BYTES_PER_LINE) {
            int n = Math.min(BYTES_PER_LINE, z.length - at);
            out.write(n <= 26 ? 'A' + n - 1 : 'a' + n - 27);
            for (int g = 0; g < n; g += 4) {
                long word = 0;
                for (int k = 0; k < 4; k++) {
                    word = (word << 8) | (g + k < n ? z[at + g + k] & 0xff : 0);
                }
                byte[] five = new byte[5];
                for (int k = 4; k >= 0; k--) {
                    five[k] = BASE85[(int) (word % 85)];
                    word /= 85;
                }
                out.write(five);
            }
            out.write('\n');
        }
        out.write('\n');
    }

    private static byte[] deflate(byte[] data) {
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            d.setInput(data);
            d.finish();
            ByteArrayOutputStream z = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            while (!d.finished()) {
                z.write(buf, 0, d.deflate(buf));
            }
            return z.toByteArray();
        } finally {
            d.end();
        }
    }
}
