package dev.fathom.safety;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
    /** Indexes whose gitlinks are kept, by path (a session watches a handful of repositories). */
    private static final int CACHED = 16;
    private static final long GIT_TIMEOUT_SECONDS = 30;
    /** Each index's gitlinks, with the identity of the file they were read from: a large index is read once. */
    private static final Map<Path, Read> CACHE = new LinkedHashMap<>(CACHED, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, Read> eldest) {
            return size() > CACHED;
        }
    };

    private record Read(String identity, List<String> gitlinks) {
    }

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
        if (SystemGit.path().isEmpty()) {
            return Optional.empty();
        }
        ProcessBuilder pb = new ProcessBuilder(SystemGit.path().get(), "--git-dir=" + repo, "-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null",
                "-c", "safe.directory=*", "ls-files", "--stage", "-z");
        pb.environment().keySet().removeIf(name -> name.startsWith("GIT_"));
        pb.directory(new java.io.File("/")).redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        try {
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(GIT_TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return Optional.empty();
            }
            List<String> found = new ArrayList<>();
            for (String entry : new String(out, java.nio.charset.StandardCharsets.UTF_8).split("\0")) {
                int tab = entry.indexOf('\t');
                if (entry.startsWith("160000 ") && tab > 0) {
                    found.add(entry.substring(tab + 1));
                }
            }
            return Optional.of(found);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
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
            Map<String, Object> a = Files.readAttributes(index, "unix:ino,size,ctime,lastModifiedTime", NOFOLLOW);
            identity = a.get("ino") + " " + a.get("size") + " " + a.get("ctime") + " " + a.get("lastModifiedTime");
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        synchronized (CACHE) {
            Read kept = CACHE.get(index);
            if (kept != null && kept.identity().equals(identity)) {
                return Optional.of(kept.gitlinks());
            }
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
        synchronized (CACHE) {
            CACHE.put(index, new Read(identity, List.copyOf(found)));
        }
        return Optional.of(List.copyOf(found));
    }
}
