package dev.fathom.git;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.util.RawParseUtils;

/**
 * git's index file ({@code .git/index}, versions 2, 3 and 4) read into plain arrays for a status, as git's own
 * {@code read-cache.c} reads it for a status: the trailing SHA-1 is not checked (git checks it only in fsck), each
 * entry gives its path, mode, flags and the stat data git recorded for it (32 bits each, as git keeps them), and the
 * root of the cached-tree extension ({@code TREE}) is kept when it is valid. JGit's {@code DirCache} makes objects per entry and cost a status 30–50 ms on 50,000 files
 * with Fathom's C1-only JVM; this costs a fraction of that.
 * <p>
 * An index this reader does not fully understand is not guessed at: {@link #read} returns null for another version or
 * for an extension git marks as required (a lowercase signature: a split index's {@code link}, a sparse index's
 * {@code sdir}), and the caller takes JGit's path. Optional extensions (uppercase) are skipped, as git skips those it
 * does not know.
 */
final class IndexFile {
    private static final int HEADER = 12;
    /** Larger than any index git writes for a work tree that fits on a disk (about 100 bytes an entry). */
    private static final long MAX_BYTES = 1L << 30;
    private static final int HASH = 20;
    private static final int FLAG_ASSUME_VALID = 0x8000;
    private static final int FLAG_EXTENDED = 0x4000;
    private static final int FLAG2_SKIP_WORKTREE = 0x4000;
    private static final int FLAG2_INTENT_TO_ADD = 0x2000;
    /** The empty blob's id: an entry recorded with size 0 is clean by stat only if it is this blob (git's rule). */
    private static final byte[] EMPTY_BLOB = new byte[HASH];

    static {
        ObjectId.fromString("e69de29bb2d1d6434b8b29ae775ad8c2e48c5391").copyRawTo(EMPTY_BLOB, 0);
    }

    final int count;
    /** Paths relative to the top level, in index order (a conflicted path repeats once per stage). */
    final String[] paths;
    final int[] mode;
    final int[] stage;
    /** Stat data as recorded, truncated to 32 bits as git writes it. */
    final int[] size;
    final int[] mtimeSec;
    final int[] ctimeSec;
    final int[] ino;
    final int[] uid;
    final int[] gid;
    /** assume-unchanged or skip-worktree: git does not look at the work tree for these. */
    final boolean[] notCompared;
    final boolean anyIntentToAdd;
    /** Whether the entry's blob is the empty blob (only computed for entries recorded with size 0). */
    final boolean[] emptyBlob;
    /** The index file's own mtime in seconds, read before its content: entries at or after it are racily clean. */
    final long timestampSec;
    /** The tree the whole index makes, from a valid {@code TREE} extension; null when there is none or it is invalid. */
    final ObjectId cachedTree;

    private IndexFile(int count, long timestampSec, ObjectId cachedTree, String[] paths, int[] mode, int[] stage, int[] size,
            int[] mtimeSec, int[] ctimeSec, int[] ino, int[] uid, int[] gid, boolean[] notCompared, boolean anyIntentToAdd, boolean[] emptyBlob) {
        this.count = count;
        this.timestampSec = timestampSec;
        this.cachedTree = cachedTree;
        this.paths = paths;
        this.mode = mode;
        this.stage = stage;
        this.size = size;
        this.mtimeSec = mtimeSec;
        this.ctimeSec = ctimeSec;
        this.ino = ino;
        this.uid = uid;
        this.gid = gid;
        this.notCompared = notCompared;
        this.anyIntentToAdd = anyIntentToAdd;
        this.emptyBlob = emptyBlob;
    }

    /**
     * Reads {@code file}; a missing file is an empty index (a repository without commits or staged files).
     *
     * @return the index, or null when it uses a version or a required extension this reader does not know
     * @throws IOException when it cannot be read or is corrupt (entries or extensions running past the end)
     */
    static IndexFile read(File file) throws IOException {
        long timestamp;
        byte[] b;
        try {
            // Only a regular file is opened (a link to /dev/zero would be read until memory ran out, a FIFO would block),
            // and only as many bytes as it had when looked at.
            BasicFileAttributes attributes = Files.readAttributes(file.toPath(), BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                throw corrupt(file, "not a regular file");
            }
            if (attributes.size() > MAX_BYTES) {
                return null; // not read into one array here: JGit's path decides
            }
            timestamp = attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.SECONDS);
            try (InputStream in = Files.newInputStream(file.toPath())) {
                b = in.readNBytes((int) attributes.size());
            }
        } catch (NoSuchFileException none) {
            return new IndexFile(0, 0, null, new String[0], new int[0], new int[0], new int[0], new int[0], new int[0], new int[0],
                    new int[0], new int[0], new boolean[0], false, new boolean[0]);
        }
        if (b.length < HEADER + HASH || b[0] != 'D' || b[1] != 'I' || b[2] != 'R' || b[3] != 'C') {
            throw corrupt(file, "no index signature");
        }
        int version = int32(b, 4);
        if (version < 2 || version > 4) {
            return null;
        }
        // The trailing SHA-1 is not checked: git checks it only in fsck (read-cache.c's verify_index_checksum), and
        // hashing 5 MB costs a 50,000-file status a fifth of its time. Every length below is bounds-checked instead.
        // (A file the stat cannot decide is read through JGit, which reads the index again and does check the sum.)
        int n = int32(b, 8);
        int end = b.length - HASH;
        if (n < 0 || n > end / 40) {
            throw corrupt(file, "entry count " + n);
        }
        String[] paths = new String[n];
        int[] mode = new int[n];
        int[] stage = new int[n];
        int[] size = new int[n];
        int[] mtime = new int[n];
        int[] ctime = new int[n];
        int[] ino = new int[n];
        int[] uid = new int[n];
        int[] gid = new int[n];
        boolean[] notCompared = new boolean[n];
        boolean[] emptyBlob = new boolean[n];
        boolean intentToAdd = false;
        byte[] previous = new byte[64]; // version 4: the previous entry's path, which the next one shares a prefix of
        int previousLength = 0;
        int p = HEADER;
        for (int i = 0; i < n; i++) {
            if (p + 62 > end) {
                throw corrupt(file, "entry " + i + " runs past the end");
            }
            int flags = uint16(b, p + 60);
            int flags2 = 0;
            int fixed = 62;
            if ((flags & FLAG_EXTENDED) != 0) {
                if (version < 3) {
                    throw corrupt(file, "extended flags in a version 2 index");
                }
                flags2 = uint16(b, p + 62);
                fixed = 64;
            }
            ctime[i] = int32(b, p);
            mtime[i] = int32(b, p + 8);
            ino[i] = int32(b, p + 20);
            mode[i] = int32(b, p + 24);
            uid[i] = int32(b, p + 28);
            gid[i] = int32(b, p + 32);
            size[i] = int32(b, p + 36);
            stage[i] = (flags >> 12) & 3;
            notCompared[i] = (flags & FLAG_ASSUME_VALID) != 0 || (flags2 & FLAG2_SKIP_WORKTREE) != 0;
            intentToAdd |= (flags2 & FLAG2_INTENT_TO_ADD) != 0;
            if (size[i] == 0) {
                emptyBlob[i] = Arrays.equals(b, p + 40, p + 40 + HASH, EMPTY_BLOB, 0, HASH);
            }
            int name = p + fixed;
            if (version == 4) {
                int[] read = varint(b, name, end, file);
                int strip = read[0];
                int suffix = read[1];
                int nul = nul(b, suffix, end, file);
                if (strip > previousLength) {
                    throw corrupt(file, "entry " + i + " strips more than the previous path");
                }
                int length = previousLength - strip + (nul - suffix);
                if (length > previous.length) {
                    previous = Arrays.copyOf(previous, Math.max(length, previous.length * 2));
                }
                System.arraycopy(b, suffix, previous, previousLength - strip, nul - suffix);
                previousLength = length;
                paths[i] = decode(previous, 0, length);
                p = nul + 1;
            } else {
                int length = flags & 0xFFF;
                int nul = length < 0xFFF ? name + length : nul(b, name, end, file);
                if (nul >= end || b[nul] != 0) {
                    throw corrupt(file, "entry " + i + " has no end to its path");
                }
                paths[i] = decode(b, name, nul);
                p += (fixed + (nul - name) + 8) & ~7;
            }
        }
        ObjectId tree = null;
        while (p + 8 <= end) {
            int length = int32(b, p + 4);
            if (length < 0 || (long) p + 8 + length > end) {
                throw corrupt(file, "an extension runs past the end");
            }
            if (b[p] < 'A' || b[p] > 'Z') {
                return null; // a required extension this reader does not know
            }
            if (b[p] == 'T' && b[p + 1] == 'R' && b[p + 2] == 'E' && b[p + 3] == 'E') {
                tree = rootTree(b, p + 8, p + 8 + length);
            }
            p += 8 + length;
        }
        if (p != end) {
            throw corrupt(file, "bytes left over before the checksum");
        }
        return new IndexFile(n, timestamp, tree, paths, mode, stage, size, mtime, ctime, ino, uid, gid, notCompared, intentToAdd,
                emptyBlob);
    }

    /** The root entry of a TREE extension: "" NUL, entry count (-1 when invalid), ' ', subtree count, '\n', then the id. */
    private static ObjectId rootTree(byte[] b, int p, int end) {
        if (p >= end || b[p] != 0) {
            return null;
        }
        int space = p + 1;
        while (space < end && b[space] != ' ') {
            space++;
        }
        int newline = space;
        while (newline < end && b[newline] != '\n') {
            newline++;
        }
        if (newline + 1 + HASH > end || b[p + 1] == '-') {
            return null;
        }
        return ObjectId.fromRaw(b, newline + 1);
    }

    /** git's offset varint (version 4 path compression): returns {value, position after it}. */
    private static int[] varint(byte[] b, int p, int end, File file) throws IOException {
        if (p >= end) {
            throw corrupt(file, "a path runs past the end");
        }
        int c = b[p++] & 0xFF;
        long value = c & 0x7F;
        while ((c & 0x80) != 0) {
            if (p >= end || value > Integer.MAX_VALUE >> 7) {
                throw corrupt(file, "a bad path prefix length");
            }
            c = b[p++] & 0xFF;
            value = ((value + 1) << 7) + (c & 0x7F);
        }
        if (value > Integer.MAX_VALUE) {
            throw corrupt(file, "a bad path prefix length");
        }
        return new int[] {(int) value, p};
    }

    private static int nul(byte[] b, int from, int end, File file) throws IOException {
        for (int i = from; i < end; i++) {
            if (b[i] == 0) {
                return i;
            }
        }
        throw corrupt(file, "a path has no end");
    }

    /** ASCII directly; anything else as JGit decodes an index path (UTF-8, falling back as JGit does). */
    private static String decode(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] < 0) {
                return RawParseUtils.decode(b, from, to);
            }
        }
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private static int int32(byte[] b, int p) {
        return (b[p] & 0xFF) << 24 | (b[p + 1] & 0xFF) << 16 | (b[p + 2] & 0xFF) << 8 | (b[p + 3] & 0xFF);
    }

    private static int uint16(byte[] b, int p) {
        return (b[p] & 0xFF) << 8 | (b[p + 1] & 0xFF);
    }

    private static IOException corrupt(File file, String why) {
        return new IOException("index file corrupt: " + file + " (" + why + ")");
    }
}
