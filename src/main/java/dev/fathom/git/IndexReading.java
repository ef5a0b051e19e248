package dev.fathom.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.errors.CorruptObjectException;
import org.eclipse.jgit.lib.Repository;

/**
 * JGit's reading of the index for the read-only paths (a content check in git_status, git_diff), tolerant as git is:
 * git checks the index's trailing SHA-1 only in fsck (read-cache.c), so a repository whose checksum is wrong still
 * gives a status and a diff. JGit refuses such an index; it is then read from a copy whose checksum is right.
 */
final class IndexReading {
    private static final int SHA1_BYTES = 20;

    private IndexReading() {
    }

    static DirCache read(Repository repo) throws IOException {
        try {
            return repo.readDirCache();
        } catch (CorruptObjectException e) {
            byte[] fixed = withRightChecksum(repo.getIndexFile().toPath());
            if (fixed == null) {
                throw e; // corrupt in some other way: JGit's message stands
            }
            Path copy = Files.createTempFile("fathom-index-", ".tmp");
            try {
                Files.write(copy, fixed);
                return DirCache.read(copy.toFile(), repo.getFS());
            } finally {
                Files.deleteIfExists(copy);
            }
        }
    }

    /** The index's bytes with the checksum they should have; null when it already has it (or is too short for one). */
    static byte[] withRightChecksum(Path index) throws IOException {
        byte[] bytes = Files.readAllBytes(index);
        if (bytes.length < SHA1_BYTES) {
            return null;
        }
        byte[] sum;
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-1");
            sha.update(bytes, 0, bytes.length - SHA1_BYTES);
            sum = sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
        byte[] trailer = Arrays.copyOfRange(bytes, bytes.length - SHA1_BYTES, bytes.length);
        if (Arrays.equals(sum, trailer)) {
            return null;
        }
        System.arraycopy(sum, 0, bytes, bytes.length - SHA1_BYTES, SHA1_BYTES);
        return bytes;
    }
}
