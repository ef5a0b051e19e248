package dev.fathom.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A PATH of one folder holding links to every command of this PATH except bubblewrap, so that Fathom, which runs
 * commands unconfined only when bubblewrap is not installed, runs without its sandbox (the like-for-like comparison
 * with a peer whose sandbox is off). The first command of a name along PATH wins, as for a shell.
 */
final class NoBwrapPath {
    private NoBwrapPath() {
    }

    static Path create(Path dir) throws IOException {
        for (String entry : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            Path folder = Path.of(entry.isEmpty() ? "." : entry);
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> files = Files.list(folder)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Path link = dir.resolve(f.getFileName().toString());
                    if (!f.getFileName().toString().equals("bwrap") && !Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                            && Files.isExecutable(f)) {
                        Files.createSymbolicLink(link, f.toAbsolutePath());
                    }
                }
            }
        }
        return dir;
    }
}
