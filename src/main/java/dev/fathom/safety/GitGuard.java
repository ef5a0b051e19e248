package dev.fathom.safety;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Puts back, after each sandboxed command, whatever the command changed of what the user's own git (outside the
 * sandbox) would run or read as settings, where read-only mounts cannot keep it still: a symlink on the way to a hook
 * (a mount cannot cover a symlink), a hook link whose target did not exist yet, a hook that shares its file with a
 * workspace file through a hard link, a {@code .git} symlink, and a {@code .git} made in a workspace that is a folder of
 * a larger repository (the user's next git there would use it). The state before the command ({@link GitSurface}) is
 * the truth: a changed name is moved aside to {@code NAME.fathom-blocked} (nothing is deleted) and the old one made
 * again. Only names under a folder the sandbox may write are touched. A process the command left running can still
 * change them later; the next command's end, or the session's, puts them back then.
 */
final class GitGuard {
    static final String ASIDE = ".fathom-blocked";
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private final Path workspace;
    private final List<Path> writable;
    private final List<Path> files = new ArrayList<>();
    private final List<Path> folders = new ArrayList<>();
    private Map<Path, GitSurface.State> before = Map.of();
    private final Map<Path, Set<Path>> listed = new HashMap<>();
    private int running;
    /** Whether a process left behind by a command was seen running since the state was last taken. */
    private boolean leftBehindSeen;

    /**
     * @param gitEntries the {@code .git} names {@link SandboxMounts#gitEntries} found (an enclosing repository's first)
     * @param writable the folders the sandbox may write: the workspace (when writable) and {@code sandbox_writable}
     */
    GitGuard(Path workspace, List<Path> writable, List<Path> gitEntries) {
        this.workspace = workspace;
        this.writable = withRealPaths(writable);
        Path own = workspace.resolve(".git");
        if (!gitEntries.isEmpty() && !gitEntries.contains(own)) {
            files.add(own); // a folder of a larger repository: a .git made here would take the user's git elsewhere
        }
        for (Path entry : gitEntries) {
            files.add(entry);
            Path repo = entry;
            if (Files.isRegularFile(entry, NOFOLLOW)) {
                repo = GitDirLinks.pointer(entry, "gitdir:").orElse(null);
            }
            if (repo != null) {
                GitDirLinks.watched(repo, entry.getParent(), files, folders);
            }
        }
    }

    /** Whether there is anything to watch (no repository: nothing to do around commands). */
    boolean watching() {
        return !files.isEmpty() || !folders.isEmpty();
    }

    /**
     * Called as a command starts. The state to keep is taken now, unless another command is still running or a
     * process an earlier one left behind ran since the last check (either may have changed it meanwhile; then the
     * state last kept or put back stays the truth, and this command's end puts back what differs). Changes made while
     * nothing of the sandbox ran are the user's, and are kept.
     */
    synchronized void commandStarting(boolean leftBehind) {
        if (running++ == 0 && !leftBehind && !leftBehindSeen) {
            before = GitSurface.capture(files, folders);
            listed.clear();
            for (Path folder : folders) {
                listed.put(folder, new HashSet<>(GitSurface.entries(folder)));
            }
        }
        leftBehindSeen = leftBehind;
    }

    /**
     * Called once a command has ended, with whether a process it (or an earlier one) left behind still runs: puts
     * back what changed; one line per name put back (empty: nothing changed).
     */
    synchronized List<String> commandEnded(boolean leftBehind) {
        running = Math.max(0, running - 1);
        leftBehindSeen |= leftBehind;
        return putBack();
    }

    /** Whether a command is running, or a process one left behind ran since the state was taken. */
    synchronized boolean unsettled() {
        return running > 0 || leftBehindSeen;
    }

    /** Puts back what changed since the state kept, whatever runs; for the session's end. */
    synchronized List<String> putBack() {
        Map<Path, GitSurface.State> expected = new LinkedHashMap<>(before);
        for (Map.Entry<Path, Set<Path>> folder : listed.entrySet()) {
            for (Path entry : GitSurface.entries(folder.getKey())) {
                expected.putIfAbsent(entry, new GitSurface.Missing()); // a new hook, or a new name in a hooks path
            }
        }
        List<Path> order = new ArrayList<>(expected.keySet());
        order.sort(Comparator.comparingInt(Path::getNameCount)); // folders on the way first
        List<String> out = new ArrayList<>();
        for (Path p : order) {
            GitSurface.State was = expected.get(p);
            GitSurface.State now = GitSurface.read(p);
            if (was.equals(now) || !mayWrite(p)) {
                continue;
            }
            out.add(putBack(p, was, now));
        }
        return out;
    }

    private boolean mayWrite(Path p) {
        return writable.stream().anyMatch(root -> p.startsWith(root) && !p.equals(root));
    }

    /** Each folder as given and as its real path (a trace walks real folders, so its names start with the latter). */
    private static List<Path> withRealPaths(List<Path> folders) {
        List<Path> out = new ArrayList<>();
        for (Path f : folders) {
            out.add(f);
            try {
                out.add(f.toRealPath());
            } catch (IOException e) {
                // gone: nothing under it to put back
            }
        }
        return List.copyOf(out);
    }

    private String putBack(Path p, GitSurface.State was, GitSurface.State now) {
        String name = shown(p);
        try {
            String aside = "";
            if (!(now instanceof GitSurface.Missing)) {
                Path moved = moveAside(p);
                aside = "; what the command left is kept as " + shown(moved);
            }
            make(p, was);
            return name + ": " + change(was, now) + ", put back" + aside;
        } catch (IOException | RuntimeException e) {
            return name + ": " + change(was, now) + ", and Fathom could not put it back (" + e.getMessage()
                    + "): look at it before you run git here";
        }
    }

    /** Renames {@code p} itself (never what a link leads to) to a free {@code NAME.fathom-blocked[-N]} beside it. */
    private static Path moveAside(Path p) throws IOException {
        for (int n = 1; n < 100; n++) {
            Path aside = p.resolveSibling(p.getFileName() + ASIDE + (n == 1 ? "" : "-" + n));
            if (!Files.exists(aside, NOFOLLOW)) {
                return Files.move(p, aside, StandardCopyOption.ATOMIC_MOVE);
            }
        }
        throw new IOException("no free name beside it");
    }

    private static void make(Path p, GitSurface.State was) throws IOException {
        if (was instanceof GitSurface.Folder) {
            Files.createDirectory(p);
        } else if (was instanceof GitSurface.Link link) {
            Files.createSymbolicLink(p, Path.of(link.target()));
        } else if (was instanceof GitSurface.File file) {
            if (file.bytes() == null) {
                throw new IOException("it was larger than " + GitSurface.MAX_KEPT_BYTES + " bytes, so it was not kept");
            }
            Path temp = p.resolveSibling(p.getFileName() + ASIDE + ".tmp");
            Files.write(temp, file.bytes(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            Files.setPosixFilePermissions(temp, file.mode());
            Files.move(temp, p, StandardCopyOption.ATOMIC_MOVE);
        } else if (!(was instanceof GitSurface.Missing)) {
            throw new IOException("it was not a file, folder or link");
        }
    }

    private String shown(Path p) {
        for (Path ws : withRealPaths(List.of(workspace))) {
            if (p.startsWith(ws) && !p.equals(ws)) {
                return ws.relativize(p).toString();
            }
        }
        return p.toString();
    }

    private static String change(GitSurface.State was, GitSurface.State now) {
        if (was instanceof GitSurface.File && now instanceof GitSurface.File) {
            return "its content or mode changed";
        }
        return describe(now) + " where there was " + describe(was);
    }

    private static String describe(GitSurface.State s) {
        if (s instanceof GitSurface.Missing) {
            return "nothing";
        } else if (s instanceof GitSurface.Folder) {
            return "a folder";
        } else if (s instanceof GitSurface.Link link) {
            return "a symlink to " + link.target();
        } else if (s instanceof GitSurface.File) {
            return "a file";
        }
        return "a special file";
    }
}
