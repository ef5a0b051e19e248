package dev.fathom.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.stream.Stream;

/** A hash of every file path and content under a folder, to assert that nothing changed. */
public final class TreeHash {
    private TreeHash() {
    }

    /** Hashes {@code root}, skipping top-level folders named in {@code skip} and any .git folder. */
    public static String of(Path root, String... skip) {
        try (Stream<Path> files = Files.walk(root)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            files.filter(Files::isRegularFile)
                    .filter(p -> !root.relativize(p).toString().startsWith(".git") && !p.toString().contains("/.git/"))
                    .filter(p -> {
                        for (String s : skip) {
                            if (root.relativize(p).startsWith(s)) {
                                return false;
                            }
                        }
                        return true;
                    })
                    .sorted()
                    .forEach(p -> {
                        md.update(root.relativize(p).toString().getBytes());
                        try {
                            md.update(Files.readAllBytes(p));
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
