package dev.fathom.safety;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.util.FS;

/**
 * The repositories git looks into from a repository: git status runs a status in the folder of every gitlink of the
 * index that holds a repository, and that status reads the repository's settings (its {@code core.fsmonitor}, for
 * one). A gitlink needs no {@code .gitmodules} entry for that, so the index is the truth; the paths
 * {@code .gitmodules} names are added for the submodule commands.
 */
final class Submodules {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
    private static final long GIT_TIMEOUT_SECONDS = 30;
    /** {@code git ls-files --stage} lists every entry; an index that lists more than this is not one git reads here. */
    private static final int MAX_LISTING_BYTES = 1 << 30;
    /** Each index's gitlinks, by path (a large index is read once). */
    private static final FileReadings<List<String>> READINGS = new FileReadings<>(16);

    private Submodules() {
    }

    /**
     * The {@code .git} names git looks into from the repository folder {@code repo} with its work tree at
     * {@code workTree}: each gitlink of its index, and each path {@code .gitmodules} names; empty when the index is
     * there but cannot be read (then which ones git looks into is unknown).
     */
    static Optional<List<Path>> of(Path repo, Path workTree) {
        Set<Path> out = new LinkedHashSet<>();
        Optional<List<String>> gitlinks = gitlinks(repo.resolve("index"));
        if (gitlinks.isEmpty()) {
            return Optional.empty();
        }
        for (String path : gitlinks.get()) {
            Path sub = workTree.resolve(path).normalize();
            if (!sub.startsWith(workTree) || sub.equals(workTree)) {
                return Optional.empty(); // git refuses such a path; a reader that differs must not guess
            }
            out.add(sub.resolve(".git"));
        }
        for (Path sub : GitDirLinks.submodules(workTree)) {
            out.add(sub.resolve(".git"));
        }
        return Optional.of(List.copyOf(out));
    }

    /**
     * The gitlink paths of the repository folder {@code repo}'s index as git reads it, for an index JGit cannot read (a
     * split index, a sparse one): {@code git ls-files --stage}, which reads no file of the work tree and runs nothing
     * (the monitor and hooks are switched off from the command line, which a repository cannot override); empty when
     * git is not there or refuses.
     */
    private static Optional<List<String>> byGit(Path repo) {
        Optional<byte[]> listing = SystemGit.run(List.of("--git-dir=" + repo, "-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null",
                "-c", "safe.directory=*", "ls-files", "--stage", "-z"), GIT_TIMEOUT_SECONDS, MAX_LISTING_BYTES);
        if (listing.isEmpty()) {
            return Optional.empty();
        }
        List<String> found = new ArrayList<>();
        for (String entry : new String(listing.get(), java.nio.charset.StandardCharsets.UTF_8).split("\0")) {
            int tab = entry.indexOf('\t');
            if (entry.startsWith("160000 ") && tab > 0) {
                found.add(entry.substring(tab + 1));
            }
        }
        return Optional.of(found);
    }

    /** The gitlink paths of the index file {@code index}: none when there is no index, empty when it cannot be read. */
    private static Optional<List<String>> gitlinks(Path index) {
        String identity;
        try {
            if (!Files.exists(index, NOFOLLOW)) {
                return Optional.of(List.of());
            }
            if (!Files.isRegularFile(index, NOFOLLOW)) {
                return Optional.empty();
            }
            identity = FileReadings.identity(index);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        Optional<List<String>> kept = READINGS.kept(index, identity);
        if (kept.isPresent()) {
            return kept;
        }
        List<String> found = new ArrayList<>();
        try {
            DirCache cache = DirCache.read(index.toFile(), FS.DETECTED);
            for (int i = 0; i < cache.getEntryCount(); i++) {
                DirCacheEntry e = cache.getEntry(i);
                if (e.getFileMode() == FileMode.GITLINK) {
                    found.add(e.getPathString());
                }
            }
        } catch (IOException | RuntimeException e) {
            Optional<List<String>> byGit = byGit(index.getParent());
            if (byGit.isEmpty()) {
                return Optional.empty();
            }
            found.addAll(byGit.get());
        }
        READINGS.keep(index, identity, List.copyOf(found)); // a failed read is not kept: it is tried again
        return Optional.of(List.copyOf(found));
    }
}
