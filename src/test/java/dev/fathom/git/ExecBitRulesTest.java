package dev.fathom.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Git keeps one executable bit per file; undo turns it back into permissions as {@code chmod +x} and {@code chmod -x}
 * would: x wherever the file is readable, or no x for anyone. Read and write bits are the user's and never change.
 */
class ExecBitRulesTest {
    @Test
    void makingExecutableAddsXExactlyWhereTheFileIsReadable() {
        assertThat(apply("rw-r-----", true)).isEqualTo("rwxr-x---");
        assertThat(apply("rw-------", true)).isEqualTo("rwx------");
        assertThat(apply("rw-r--r--", true)).isEqualTo("rwxr-xr-x");
        assertThat(apply("-w----r--", true)).as("no x for the owner who cannot read it").isEqualTo("-w----r-x");
    }

    @Test
    void makingNotExecutableRemovesXForEveryoneAndKeepsTheRest() {
        assertThat(apply("rwxr-xr-x", false)).isEqualTo("rw-r--r--");
        assertThat(apply("rwx--x--x", false)).as("x without r goes too").isEqualTo("rw-------");
        assertThat(apply("rw-rw-r--", false)).isEqualTo("rw-rw-r--");
    }

    @Test
    void theGivenPermissionsAreNotChanged() {
        Set<PosixFilePermission> perms = PosixFilePermissions.fromString("rwxr-xr-x");
        ExecBit.apply(perms, false);
        assertThat(PosixFilePermissions.toString(perms)).isEqualTo("rwxr-xr-x");
    }

    private static String apply(String perms, boolean executable) {
        return PosixFilePermissions.toString(ExecBit.apply(PosixFilePermissions.fromString(perms), executable));
    }
}
