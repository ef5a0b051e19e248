package dev.fathom.safety;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes and deletes files below a root so that no concurrent change can redirect them outside: a sandboxed
 * background job may swap a folder for a symlink between the guard's check and the write. The folders are opened one
 * by one from the root without following symlinks ({@code openat} with {@code O_NOFOLLOW} through a
 * {@link SecureDirectoryStream}), and the temporary file, its rename over the target and deletions all happen relative
 * to the last folder's handle, so a swapped folder makes the write fail, never land elsewhere, and a symlink at the
 * target is replaced, not followed. Where the JDK offers no secure directory stream, the real path of the folder is
 * checked again right before the atomic rename.
 */
public final class ConfinedWriter {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    /** The points of a write where a test can change the file system underneath it, as a racing process might. */
    public enum Step {
        /** The path was checked; nothing is opened yet. */
        CHECKED,
        /** The temporary file is written; the rename is next. */
        TEMP_WRITTEN
    }

    /** A test seam: called at each {@link Step} of a write. */
    @FunctionalInterface
    public interface Seam {
        Seam NONE = (step, file) -> {
        };

        void reached(Step step, Path file) throws IOException;
    }

    private final Path root;
    private final Seam seam;

    /** @param root a real path (symlinks resolved); every file given later lies below it */
    public ConfinedWriter(Path root, Seam seam) {
        this.root = root;
        this.seam = seam;
    }

    /** Replaces or creates {@code file} atomically with {@code content}; missing folders are created; permissions kept. */
    public void write(Path file, byte[] content) throws IOException {
        write(file, content, false);
    }

    /**
     * As {@link #write}, for putting back a saved state (undo): a symlink found where a folder of the path belongs is
     * removed (never followed) and a folder made in its place, and an empty folder where the file belongs is removed.
     */
    public void restore(Path file, byte[] content) throws IOException {
        write(file, content, true);
    }

    private void write(Path file, byte[] content, boolean restoring) throws IOException {
        Path rel = relative(file);
        seam.reached(Step.CHECKED, file);
        try (DirectoryStream<Path> top = Files.newDirectoryStream(root)) {
            if (!(top instanceof SecureDirectoryStream<Path> secureTop)) {
                writeByPath(file, content);
                return;
            }
            try (SecureDirectoryStream<Path> dir = openParent(secureTop, rel, true, restoring)) {
                if (restoring) {
                    removeEmptyFolder(dir, name(rel));
                }
                writeIn(dir, file, name(rel), content);
            }
        }
    }

    /** Deletes {@code file} (a symlink itself, never what it points to); false when it did not exist. */
    public boolean delete(Path file) throws IOException {
        Path rel = relative(file);
        seam.reached(Step.CHECKED, file);
        try (DirectoryStream<Path> top = Files.newDirectoryStream(root)) {
            if (!(top instanceof SecureDirectoryStream<Path> secureTop)) {
                return Files.deleteIfExists(file);
            }
            try (SecureDirectoryStream<Path> dir = openParent(secureTop, rel, false, false)) {
                dir.deleteFile(name(rel));
                return true;
            } catch (NoSuchFileException gone) {
                return false;
            }
        }
    }

    private Path relative(Path file) throws IOException {
        Path rel = root.relativize(file.normalize());
        if (rel.getNameCount() == 0 || rel.toString().isEmpty() || rel.startsWith("..") || file.normalize().equals(root)) {
            throw new IOException(file + " is not a file below " + root);
        }
        return rel;
    }

    private static Path name(Path rel) {
        return rel.getFileName();
    }

    /** Opens the folders of {@code rel} but its last name, one by one, refusing symlinks; creates missing ones if asked. */
    private SecureDirectoryStream<Path> openParent(SecureDirectoryStream<Path> top, Path rel, boolean create, boolean replaceLinks)
            throws IOException {
        SecureDirectoryStream<Path> dir = top.newDirectoryStream(Path.of("."), NOFOLLOW);
        for (int i = 0; i < rel.getNameCount() - 1; i++) {
            Path name = rel.getName(i);
            SecureDirectoryStream<Path> next;
            try {
                next = openChild(dir, name, rel, create, i, replaceLinks);
            } finally {
                dir.close();
            }
            dir = next;
        }
        return dir;
    }

    private SecureDirectoryStream<Path> openChild(SecureDirectoryStream<Path> dir, Path name, Path rel, boolean create, int i,
            boolean replaceLinks) throws IOException {
        try {
            return dir.newDirectoryStream(name, NOFOLLOW);
        } catch (NoSuchFileException missing) {
            if (!create) {
                throw missing;
            }
            return makeFolder(dir, name, rel, i);
        } catch (FileSystemException notAFolder) {
            // ELOOP (a symlink) or ENOTDIR: the folder checked a moment ago is not a folder now.
            if (replaceLinks && isSymlink(dir, name)) {
                dir.deleteFile(name); // the link itself: unlinkat, never what it points to
                return makeFolder(dir, name, rel, i);
            }
            throw changed(rel.subpath(0, i + 1));
        }
    }

    private static boolean isSymlink(SecureDirectoryStream<Path> dir, Path name) {
        try {
            return dir.getFileAttributeView(name, java.nio.file.attribute.BasicFileAttributeView.class, NOFOLLOW).readAttributes()
                    .isSymbolicLink();
        } catch (IOException e) {
            return false;
        }
    }

    /** An empty folder where a file is to be put back (the file had become a folder) is removed first. */
    private static void removeEmptyFolder(SecureDirectoryStream<Path> dir, Path name) throws IOException {
        try (SecureDirectoryStream<Path> folder = dir.newDirectoryStream(name, NOFOLLOW)) {
            if (folder.iterator().hasNext()) {
                return; // not empty: the rename below refuses it, and the user hears why
            }
        } catch (FileSystemException notAFolder) {
            return; // a file, a symlink or nothing: the rename replaces it
        }
        dir.deleteDirectory(name);
    }

    private SecureDirectoryStream<Path> makeFolder(SecureDirectoryStream<Path> dir, Path name, Path rel, int i) throws IOException {
        // The JDK has no mkdirat: the folder is made by path, then opened through the handle, which fails if the path
        // led elsewhere by then.
        try {
            Files.createDirectory(root.resolve(rel.subpath(0, i + 1)));
        } catch (FileAlreadyExistsException raced) {
            // made meanwhile: opening it below decides
        }
        try {
            return dir.newDirectoryStream(name, NOFOLLOW);
        } catch (FileSystemException e) {
            throw changed(rel.subpath(0, i + 1));
        }
    }

    private static IOException changed(Path folder) {
        return new IOException(folder + " is no longer a plain folder (it became a symlink or a file while writing); nothing was written");
    }

    private void writeIn(SecureDirectoryStream<Path> dir, Path file, Path name, byte[] content) throws IOException {
        Set<PosixFilePermission> perms = null;
        try {
            PosixFileAttributes old = dir.getFileAttributeView(name, PosixFileAttributeView.class, NOFOLLOW).readAttributes();
            perms = old.isRegularFile() ? old.permissions() : null;
        } catch (NoSuchFileException | UnsupportedOperationException newFile) {
            perms = null;
        }
        Path tmp = Path.of("." + name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".fathom-tmp");
        boolean moved = false;
        try {
            Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            try (SeekableByteChannel out = dir.newByteChannel(tmp, options)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    out.write(buf);
                }
            }
            if (perms != null) {
                dir.getFileAttributeView(tmp, PosixFileAttributeView.class, NOFOLLOW).setPermissions(perms);
            }
            seam.reached(Step.TEMP_WRITTEN, file);
            dir.move(tmp, dir, name); // renameat: replaces the name itself, a symlink included, atomically
            moved = true;
        } finally {
            if (!moved) {
                try {
                    dir.deleteFile(tmp);
                } catch (IOException ignored) {
                    // never made, or already gone
                }
            }
        }
    }

    /** Without a secure directory stream: create, re-check the folder's real path, then rename atomically. */
    private void writeByPath(Path file, byte[] content) throws IOException {
        Path dir = file.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".fathom-tmp");
        try {
            Files.write(tmp, content, StandardOpenOption.WRITE);
            seam.reached(Step.TEMP_WRITTEN, file);
            if (!tmp.getParent().toRealPath().equals(dir)) {
                throw changed(root.relativize(dir));
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
