package dev.fathom.safety;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Puts back, after each sandboxed command, whatever the command changed of what the user's own git (outside the
 * sandbox) would run or read as settings, where read-only mounts cannot keep it still: a symlink on the way to a hook
 * (a mount cannot cover a symlink), a hook link whose target did not exist yet, a hook that shares its file with a
 * workspace file through a hard link, a {@code .git} symlink, a {@code .git} made in a workspace that is a folder of
 * a larger repository or in a submodule's empty folder (the user's next git there would use it), and a program a
 * setting names that did not exist yet. The state before the command ({@link GitSurface}) is the truth: a changed name
 * is moved aside to {@code NAME.fathom-blocked} (nothing is deleted) and the old one made again. Only names the
 * sandbox could write are touched: those under a writable folder and not under a read-only mount (a change there is
 * the user's), and never through a symlink that leads elsewhere.
 */
final class GitGuard {
    static final String ASIDE = ".fathom-blocked";
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    /** The workspace by its real path (names are shown relative to it), or as given when that cannot be read. */
    private final Path workspace;
    private final List<Path> writable;
    private final List<Path> readOnly;
    private final List<Path> files = new ArrayList<>();
    private final List<Path> folders = new ArrayList<>();
    private Map<Path, GitSurface.State> before = Map.of();
    private int running;
    /** Whether a process left behind by a command was seen running since the state was last taken. */
    private boolean leftBehindSeen;

    /**
     * @param gitEntries the {@code .git} names {@link SandboxMounts#gitEntries} found (an enclosing repository's first)
     * @param writable the folders the sandbox may write: the workspace (when writable) and {@code sandbox_writable}
     * @param readOnly what is mounted read-only inside them ({@link SandboxMounts#protectedInWorkspace})
     * @param globals the user's own git config files ({@link GitDirLinks#globalConfigs})
     */
    GitGuard(Path workspace, List<Path> writable, List<Path> readOnly, List<Path> gitEntries, List<Path> globals) {
        this.workspace = realPaths(List.of(workspace)).stream().findFirst().orElse(workspace);
        this.writable = realPaths(writable);
        this.readOnly = realPaths(readOnly);
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
                GitDirLinks.watched(repo, entry.getParent(), globals, files, folders);
            }
            for (Path sub : GitDirLinks.submodules(entry.getParent())) {
                files.add(sub.resolve(".git")); // git status recurses into a submodule that has one
            }
        }
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

    /**
     * Puts back what changed since the state kept, whatever runs; for the session's end. The names traced first,
     * folders on the way before what they hold, so that links are as they were before any folder is listed again; then
     * names new in a hooks folder.
     */
    synchronized List<String> putBack() {
        List<String> out = new ArrayList<>();
        List<Path> order = new ArrayList<>(before.keySet());
        order.sort(Comparator.comparingInt(Path::getNameCount));
        for (Path p : order) {
            check(p, before.get(p), out);
        }
        Map<Path, GitSurface.State> added = new LinkedHashMap<>();
        for (Path folder : folders) {
            for (Path entry : GitSurface.entries(folder)) {
                // git runs a hook by its exact name, so one kept aside (by this check or an earlier one) runs never
                if (!before.containsKey(entry) && !entry.getFileName().toString().contains(ASIDE)) {
                    added.put(entry, new GitSurface.Missing()); // a new hook, or a new name in a hooks path
                }
            }
        }
        added.forEach((p, was) -> check(p, was, out));
        return out;
    }

    private void check(Path p, GitSurface.State was, List<String> out) {
        GitSurface.State now = GitSurface.read(p);
        if (!was.equals(now) && sandboxCouldWrite(p, now)) {
            out.add(putBack(p, was, now));
        }
    }

    /**
     * Whether the sandbox could have made {@code p} what it is: it lies, by its real folder, under a writable folder
     * and not under a read-only mount; there, only a file with another name (a hard link) could change.
     */
    private boolean sandboxCouldWrite(Path p, GitSurface.State now) {
        Path real;
        try {
            real = p.getParent().toRealPath().resolve(p.getFileName());
        } catch (IOException | RuntimeException e) {
            return false; // its folder is gone: nothing to put back there
        }
        if (writable.stream().noneMatch(root -> real.startsWith(root) && !real.equals(root))) {
            return false;
        }
        if (readOnly.stream().noneMatch(real::startsWith)) {
            return true;
        }
        try {
            return now instanceof GitSurface.File && ((Number) Files.getAttribute(real, "unix:nlink", NOFOLLOW)).intValue() > 1;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private String putBack(Path p, GitSurface.State was, GitSurface.State now) {
        String name = shown(p);
        try {
            String aside = "";
            if (!(now instanceof GitSurface.Missing)) {
                aside = "; what the command left is kept as " + shown(moveAside(p));
            }
            make(p, was);
            return name + ": " + change(was, now) + ", put back" + aside;
        } catch (IOException | RuntimeException e) {
            String disarmed = now instanceof GitSurface.File && disarm(p) ? "; it can no longer be run (its execute bits are off)" : "";
            return name + ": " + change(was, now) + ", and Fathom could not put it back (" + e.getMessage() + ")" + disarmed
                    + ": look at it before you run git here";
        }
    }

    /** Takes the execute bits off a file git would run (git skips a hook that is not executable); true when done. */
    private static boolean disarm(Path p) {
        try {
            Set<PosixFilePermission> mode = java.util.EnumSet.copyOf(Files.getPosixFilePermissions(p, NOFOLLOW));
            mode.removeAll(Set.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE));
            Files.setPosixFilePermissions(p, mode);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Renames {@code p} itself (never what a link leads to) to {@code NAME.fathom-blocked}, or, when that is taken, a
     * name with a random part no command can have made beforehand. A folder the command made unwritable is made
     * writable for the rename and given its permissions back.
     */
    private static Path moveAside(Path p) throws IOException {
        Path aside = p.resolveSibling(p.getFileName() + ASIDE);
        if (Files.exists(aside, NOFOLLOW)) {
            aside = p.resolveSibling(p.getFileName() + ASIDE + "-" + Long.toHexString(new java.security.SecureRandom().nextLong()));
        }
        try {
            return Files.move(p, aside, StandardCopyOption.ATOMIC_MOVE);
        } catch (AccessDeniedException e) {
            Path folder = p.getParent();
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(folder, NOFOLLOW);
            Set<PosixFilePermission> open = java.util.EnumSet.copyOf(mode);
            open.add(PosixFilePermission.OWNER_WRITE);
            open.add(PosixFilePermission.OWNER_EXECUTE);
            Files.setPosixFilePermissions(folder, open);
            try {
                return Files.move(p, aside, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.setPosixFilePermissions(folder, mode);
            }
        }
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
            Path temp = p.resolveSibling(p.getFileName() + ASIDE + "-" + Long.toHexString(new java.security.SecureRandom().nextLong()) + ".tmp");
            Files.write(temp, file.bytes(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            Files.setPosixFilePermissions(temp, file.mode());
            Files.move(temp, p, StandardCopyOption.ATOMIC_MOVE);
        } else if (!(was instanceof GitSurface.Missing)) {
            throw new IOException("it was not a file, folder or link");
        }
    }

    /** Each folder by its real path (a trace walks real folders); one that is gone is left out. */
    private static List<Path> realPaths(List<Path> folders) {
        List<Path> out = new ArrayList<>();
        for (Path f : folders) {
            try {
                out.add(f.toRealPath());
            } catch (IOException e) {
                // gone: nothing under it to put back
            }
        }
        return List.copyOf(out);
    }

    private String shown(Path p) {
        return p.startsWith(workspace) && !p.equals(workspace) ? workspace.relativize(p).toString() : p.toString();
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
