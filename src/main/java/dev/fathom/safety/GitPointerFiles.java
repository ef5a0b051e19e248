package dev.fathom.safety;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * The one reader of the files by which git leads from one place to a repository folder: a {@code .git} file
 * ({@code gitdir: PATH}) and a linked worktree's {@code commondir}. Each is read exactly as git reads it, because a
 * path read any other way names a folder git does not use, and the sandbox would then protect the wrong one:
 * <ul>
 *   <li>the whole file, through a symlink too, not its first line: {@code "gitdir: r\nx"} names the folder
 *       {@code "r\nx"};</li>
 *   <li>only line ends at the very end are trimmed, and nothing else: {@code "gitdir: r \n"} names {@code "r "};</li>
 *   <li>the path ends at a NUL byte (git keeps it as a C string);</li>
 *   <li>a {@code .git} file larger than a megabyte is refused (git's own limit), so a file padded with line ends
 *       below that is still read.</li>
 * </ul>
 * A relative path is taken from the folder that holds the file.
 */
final class GitPointerFiles {
    /** git refuses a larger {@code .git} file ("too large to be a .git file"). */
    static final int MAX_GITFILE_BYTES = 1 << 20;
    /** A commondir's path ends well before this (a path git can open is at most a few kilobytes). */
    private static final int MAX_COMMONDIR_BYTES = 1 << 20;
    private static final byte[] GITDIR = "gitdir: ".getBytes(StandardCharsets.US_ASCII);

    private GitPointerFiles() {
    }

    /**
     * The repository folder the {@code .git} name {@code entry} leads git to, whether it exists yet or not: the folder a
     * gitdir file (or a symlink to one: git follows it) names; otherwise {@code entry} itself (a folder, a link to one,
     * or nothing yet). Empty for a gitdir file that names none.
     */
    static Optional<Path> repository(Path entry) {
        return Files.isRegularFile(entry) ? gitdir(entry) : Optional.of(entry);
    }

    /**
     * The folder a {@code .git} file names, whether or not it exists: the file must start with {@code "gitdir: "}
     * and name something after it. Empty for anything else, for a file git would refuse as too large, and for one
     * that is not a regular file (a FIFO would block the read).
     */
    static Optional<Path> gitdir(Path file) {
        Optional<byte[]> bytes = read(file, MAX_GITFILE_BYTES);
        if (bytes.isEmpty() || !startsWith(bytes.get(), GITDIR)) {
            return Optional.empty();
        }
        int end = trimmedEnd(bytes.get());
        if (end <= GITDIR.length) {
            return Optional.empty(); // git: "no path in gitfile"
        }
        return resolve(file, bytes.get(), GITDIR.length, end);
    }

    /**
     * The common folder a linked worktree's folder {@code repo} names in its {@code commondir} file, whether or not it
     * exists; empty when there is no such file or it names nothing (git then takes {@code repo} itself, or stops).
     */
    static Optional<Path> commondir(Path repo) {
        Path file = repo.resolve("commondir");
        Optional<byte[]> bytes = read(file, MAX_COMMONDIR_BYTES);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        int end = trimmedEnd(bytes.get());
        return end == 0 ? Optional.empty() : resolve(file, bytes.get(), 0, end);
    }

    /** The file's bytes, when it is a regular file (through a symlink too) of at most {@code max} bytes. */
    private static Optional<byte[]> read(Path file, int max) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (var in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(max + 1);
            return bytes.length > max ? Optional.empty() : Optional.of(bytes);
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // unreadable: git cannot follow it either
        }
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    /** Where the text ends once every {@code \n} and {@code \r} at its very end is taken off. */
    private static int trimmedEnd(byte[] bytes) {
        int end = bytes.length;
        while (end > 0 && (bytes[end - 1] == '\n' || bytes[end - 1] == '\r')) {
            end--;
        }
        return end;
    }

    /** The path in {@code bytes[from, end)}, cut at a NUL, taken from the folder that holds {@code file}. */
    private static Optional<Path> resolve(Path file, byte[] bytes, int from, int end) {
        int stop = from;
        while (stop < end && bytes[stop] != 0) {
            stop++;
        }
        try {
            return Optional.of(file.resolveSibling(new String(bytes, from, stop - from, StandardCharsets.UTF_8)));
        } catch (RuntimeException e) {
            return Optional.empty(); // a name no path here can hold
        }
    }
}
