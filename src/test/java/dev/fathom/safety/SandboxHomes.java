package dev.fathom.safety;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/**
 * Home folders for sandbox tests, under /var/tmp: not under /tmp, which the sandbox replaces (a home there would be
 * hidden whatever the code does), and not inside the clone, which may sit in a folder only its owner can enter (the
 * tests also run as an unprivileged user).
 */
public final class SandboxHomes {
    private SandboxHomes() {
    }

    public static Path create(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(sharedBase(), prefix + "-");
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    /** A folder every user may enter, for what the tests share with an unprivileged user: /var/tmp/fathom-tests. */
    public static Path sharedBase() throws IOException {
        Path base = Files.createDirectories(Path.of("/var/tmp", "fathom-tests"));
        Files.setPosixFilePermissions(base, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        return base;
    }

    public static void delete(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
