package dev.fathom.safety;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** Home folders for sandbox tests, under target/ rather than /tmp (which the sandbox replaces). */
public final class SandboxHomes {
    private SandboxHomes() {
    }

    public static Path create(String prefix) throws IOException {
        Path base = Files.createDirectories(Path.of("target", "sandbox-homes").toAbsolutePath());
        return Files.createTempDirectory(base, prefix + "-");
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
