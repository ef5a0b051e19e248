package dev.fathom.safety;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a repository folder reaches beyond itself to things git later runs or reads as settings, so the sandbox can
 * keep those read-only too: a linked worktree's {@code commondir} (the main repository, which holds the shared config
 * and hooks), and a {@code config}, {@code config.worktree}, {@code hooks} folder or single hook that is a symlink (a
 * common way to keep hooks under version control). A command that could write any of these would have its code run by
 * the user's next {@code git commit}, outside the sandbox.
 */
final class GitDirLinks {
    /** Settings files git reads from a repository folder; a symlinked one is followed. */
    private static final List<String> SETTINGS = List.of("config", "config.worktree");
    /** How far a chain of commondir files is followed (git itself reads one; a loop must end). */
    private static final int MAX_REPOSITORIES = 4;
    /** How many hook entries are looked at (a folder of thousands is not a hooks folder). */
    private static final int MAX_HOOKS = 200;
    /** A pointer file is one short line; a longer one is read only this far. */
    private static final int MAX_POINTER_BYTES = 4096;

    private GitDirLinks() {
    }

    /** The places outside {@code gitDir} itself that git would run or read as settings; each exists. */
    static List<Path> reachedFrom(Path gitDir) {
        List<Path> out = new ArrayList<>();
        Path repo = gitDir;
        for (int i = 0; i < MAX_REPOSITORIES && repo != null; i++) {
            settingsLinks(repo, out);
            Optional<Path> common = pointer(repo.resolve("commondir"), "");
            if (common.isEmpty() || !Files.isDirectory(common.get())) {
                break;
            }
            out.add(common.get());
            repo = common.get();
        }
        return out;
    }

    private static void settingsLinks(Path repo, List<Path> out) {
        for (String name : SETTINGS) {
            linkTarget(repo.resolve(name)).ifPresent(out::add);
        }
        Path hooks = repo.resolve("hooks");
        linkTarget(hooks).ifPresent(out::add);
        if (!Files.isDirectory(hooks)) {
            return;
        }
        int budget = MAX_HOOKS;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(hooks)) {
            for (Path hook : entries) {
                if (--budget < 0) {
                    break;
                }
                linkTarget(hook).ifPresent(out::add);
            }
        } catch (IOException | RuntimeException e) {
            // an unreadable hooks folder: git cannot run what it cannot read either
        }
    }

    /** The real place a symlink leads to; empty for anything that is not a symlink to an existing thing. */
    private static Optional<Path> linkTarget(Path p) {
        if (!Files.isSymbolicLink(p)) {
            return Optional.empty();
        }
        try {
            return Optional.of(p.toRealPath());
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // dangling: nothing to write through that the sandbox could not create anyway
        }
    }

    /**
     * The path a one-line pointer file names after {@code prefix} ({@code "gitdir:"} in a {@code .git} file, nothing
     * in {@code commondir}), relative to the file's folder; empty when the file is missing, not a regular file or says
     * nothing.
     */
    static Optional<Path> pointer(Path file, String prefix) {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try (var in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            String text = new String(in.readNBytes(MAX_POINTER_BYTES), java.nio.charset.StandardCharsets.UTF_8);
            String first = text.lines().findFirst().orElse("");
            if (!first.startsWith(prefix) || first.substring(prefix.length()).isBlank()) {
                return Optional.empty();
            }
            return Optional.of(file.resolveSibling(first.substring(prefix.length()).strip()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
