package dev.fathom.safety;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/** The writes {@link GitGuard} makes to put a name back: what a command left is renamed aside, never deleted. */
final class GuardWrites {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private GuardWrites() {
    }

    /** Takes the execute bits off a file git would run (git skips a hook that is not executable); true when done. */
    static boolean disarm(Path p) {
        try {
            Set<PosixFilePermission> mode = java.util.EnumSet.copyOf(Files.getPosixFilePermissions(p, NOFOLLOW));
            mode.removeAll(Set.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE));
            Files.setPosixFilePermissions(p, mode);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Makes {@code p} what it {@code was}, first renaming what is there now aside when {@code moveCurrent}; the name
     * that is kept as, or null. A folder the command made unwritable (to a user who is not root) is opened for both
     * steps and given its mode back after them: opened for the rename alone, the old bytes could not be written back.
     */
    static Path replace(Path p, GitSurface.State was, boolean moveCurrent) throws IOException {
        Path folder = p.getParent();
        Set<PosixFilePermission> mode = null;
        if (!Files.isWritable(folder) || !Files.isExecutable(folder)) {
            mode = Files.getPosixFilePermissions(folder, NOFOLLOW);
            Set<PosixFilePermission> open = java.util.EnumSet.copyOf(mode);
            open.add(PosixFilePermission.OWNER_WRITE);
            open.add(PosixFilePermission.OWNER_EXECUTE);
            Files.setPosixFilePermissions(folder, open);
        }
        try {
            Path aside = moveCurrent ? moveAside(p) : null;
            make(p, was);
            return aside;
        } finally {
            if (mode != null) {
                Files.setPosixFilePermissions(folder, mode);
            }
        }
    }

    /**
     * Renames {@code p} itself (never what a link leads to) to {@code NAME.fathom-blocked}, or, when that is taken, a
     * name with a random part no command can have made beforehand. A folder the command made unwritable is made
     * writable for the rename and given its permissions back.
     */
    static Path moveAside(Path p) throws IOException {
        Path aside = p.resolveSibling(p.getFileName() + GitGuard.ASIDE);
        if (Files.exists(aside, NOFOLLOW)) {
            aside = p.resolveSibling(p.getFileName() + GitGuard.ASIDE + "-" + Long.toHexString(new java.security.SecureRandom().nextLong()));
        }
        try {
            return Files.move(p, aside, StandardCopyOption.ATOMIC_MOVE);
        } catch (AccessDeniedException e) {
            Path folder = p.getParent();
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(folder, NOFOLLOW);
            Set<PosixFilePermission> open = java.util.EnumSet.copyOf(mode);
            open.add(PosixFilePermission.OWNER_WRITE);
            open.add(PosixFilePermission.OWNER_EXECUTE);
            Files.setPosixFilePermissions(folder, open);
            try {
                return Files.move(p, aside, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.setPosixFilePermissions(folder, mode);
            }
        }
    }

    /** Makes the name {@code p} (missing now) what it {@code was}: a file is written aside and renamed into place. */
    static void make(Path p, GitSurface.State was) throws IOException {
        if (was instanceof GitSurface.Folder) {
            Files.createDirectory(p);
        } else if (was instanceof GitSurface.Link link) {
            Files.createSymbolicLink(p, Path.of(link.target()));
        } else if (was instanceof GitSurface.File file) {
            if (file.bytes() == null) {
                throw new IOException("it was larger than " + GitSurface.MAX_KEPT_BYTES + " bytes, so it was not kept");
            }
            Path temp = p.resolveSibling(p.getFileName() + GitGuard.ASIDE + "-" + Long.toHexString(new java.security.SecureRandom().nextLong()) + ".tmp");
            Files.write(temp, file.bytes(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            Files.setPosixFilePermissions(temp, file.mode());
            Files.move(temp, p, StandardCopyOption.ATOMIC_MOVE);
        } else if (!(was instanceof GitSurface.Missing)) {
            throw new IOException("it was not a file, folder or link");
        }
    }
}
