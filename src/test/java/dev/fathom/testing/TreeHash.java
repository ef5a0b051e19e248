package dev.fathom.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.stream.Stream;

/** A hash of every file path and content under a folder, to assert that nothing changed. */
public final class TreeHash {
    private TreeHash() {
    }

    /** Hashes {@code root} (paths, contents, the executable bit, symlink targets), skipping {@code skip} paths and any .git. */
    public static String of(Path root, String... skip) {
        try (Stream<Path> files = Files.walk(root)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(p))
                    .filter(p -> {
                        for (Path part : root.relativize(p)) {
                            if (part.toString().equals(".git")) {
                                return false;
                            }
                        }
                        for (String s : skip) {
                            if (root.relativize(p).startsWith(s)) {
                                return false;
                            }
                        }
                        return true;
                    })
                    .sorted()
                    .forEach(p -> {
                        md.update((root.relativize(p) + "\0").getBytes());
                        try {
                            if (Files.isSymbolicLink(p)) {
                                md.update(("link:" + Files.readSymbolicLink(p)).getBytes());
                            } else {
                                md.update((Files.isExecutable(p) ? "x:" : "-:").getBytes());
                                md.update(Files.readAllBytes(p));
                            }
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
