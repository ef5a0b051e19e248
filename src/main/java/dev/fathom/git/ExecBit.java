package dev.fathom.git;

import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/** The executable bit as git records it (one bit per file) applied to a file's permissions, as chmod +x and -x do. */
final class ExecBit {
    private static final PosixFilePermission[][] READ_EXEC = {
        {PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_EXECUTE},
        {PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_EXECUTE},
        {PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE},
    };

    private ExecBit() {
    }

    /**
     * {@code perms} with x added wherever r is (executable) or x removed for everyone (not executable). An executable
     * file keeps every x it has, one without r beside it too: that bit is the user's, not git's, and undo must give the
     * file back its exact mode.
     */
    static Set<PosixFilePermission> apply(Set<PosixFilePermission> perms, boolean executable) {
        Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
        out.addAll(perms);
        for (PosixFilePermission[] pair : READ_EXEC) {
            if (!executable) {
                out.remove(pair[1]);
            } else if (perms.contains(pair[0])) {
                out.add(pair[1]);
            }
        }
        return out;
    }
}
