package dev.fathom.safety;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The bubblewrap arguments of a session sandbox, in mount order (a later mount covers an earlier one): the whole file
 * system read-only; private /dev, /proc and /tmp; /run, /home, /root, $HOME, $XDG_RUNTIME_DIR and FATHOM_HOME replaced
 * by empty folders; what the user's settings expose put back; the workspace (read-only in read-only mode) with its
 * {@code .git} folders and {@code .fathom} read-only; the session's output folder writable.
 */
final class SandboxMounts {
    /** The user id commands run as when Fathom runs as root: nobody, in a user namespace of its own. */
    static final int UNPRIVILEGED_ID = 65534;

    /** Folders of sockets, other users' homes and temporary files, replaced by empty ones. */
    private static final List<String> EMPTIED = List.of("/tmp", "/run", "/var/run", "/home", "/root");

    /**
     * Where system secrets live (/etc/shadow, host keys, private TLS keys, logs). When Fathom runs as root, the sandbox
     * user owns root's files (the user namespace maps it to root outside), so what only root may read is hidden: any
     * entry here, to this depth, that others may not read.
     */
    private static final List<String> SYSTEM_ROOTS = List.of("/etc", "/var", "/srv", "/opt", "/boot", "/mnt", "/media");
    private static final int SYSTEM_SCAN_DEPTH = 3;

    /** Nested {@code .git} folders are looked for in at most this many folders (a start-up cost), skipping these names. */
    static final int MAX_SCANNED_DIRS = 20_000;
    static final Set<String> UNSCANNED = Set.of("node_modules", ".fathom");

    private SandboxMounts() {
    }

    static List<String> arguments(Path bwrap, Sandbox.Policy policy, boolean root) {
        Path ws = policy.workspace();
        return arguments(bwrap, policy, root, protectedInWorkspace(ws, policy.writable(), gitEntries(ws), GitDirLinks.globalConfigs(policy.home())));
    }

    /**
     * As {@link #arguments(Path, Sandbox.Policy, boolean)}, with {@code kept} the workspace's read-only places
     * ({@link #protectedInWorkspace(Path, List, List, List)}), found once by the caller.
     */
    static List<String> arguments(Path bwrap, Sandbox.Policy policy, boolean root, List<Path> kept) {
        List<String> a = new ArrayList<>(List.of(bwrap.toString(), "--unshare-all", "--unshare-user", "--die-with-parent", "--new-session",
                "--cap-drop", "ALL"));
        if (policy.network()) {
            a.add("--share-net");
        }
        if (root) {
            a.addAll(List.of("--uid", String.valueOf(UNPRIVILEGED_ID), "--gid", String.valueOf(UNPRIVILEGED_ID)));
        }
        a.addAll(List.of("--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc"));
        for (String dir : EMPTIED) {
            if (Files.isDirectory(Path.of(dir)) && !Files.isSymbolicLink(Path.of(dir))) {
                a.addAll(List.of("--tmpfs", dir));
            }
        }
        emptied(a, policy.home());
        emptied(a, policy.runtimeDir());
        if (policy.network()) {
            resolverUnderRun().ifPresent(p -> a.addAll(List.of("--ro-bind", p.toString(), p.toString())));
        }
        if (root) {
            for (String dir : SYSTEM_ROOTS) {
                rootOnly(Path.of(dir)).forEach(p -> hide(a, p));
            }
        }
        for (Path p : policy.readable()) {
            a.addAll(List.of("--ro-bind", p.toString(), p.toString()));
        }
        for (Path p : policy.writable()) {
            a.addAll(List.of("--bind", p.toString(), p.toString()));
        }
        // a folder the user exposed that holds /dev or /proc (e.g. "/") must not bring in the host's device nodes or /proc
        boolean coversDev = false;
        boolean coversProc = false;
        for (List<Path> exposed : List.of(policy.readable(), policy.writable())) {
            for (Path p : exposed) {
                coversDev |= Path.of("/dev").startsWith(p);
                coversProc |= Path.of("/proc").startsWith(p);
            }
        }
        if (coversDev) {
            a.addAll(List.of("--dev", "/dev"));
        }
        if (coversProc) {
            a.addAll(List.of("--proc", "/proc"));
        }
        Path ws = policy.workspace();
        a.addAll(List.of(policy.workspaceWritable() ? "--bind" : "--ro-bind", ws.toString(), ws.toString()));
        List<Path> mounts = new ArrayList<>(List.of(ws));
        mounts.addAll(policy.writable());
        for (Path dir : foldersOnTheWay(kept, mounts)) {
            a.addAll(List.of("--bind", dir.toString(), dir.toString()));
        }
        for (Path p : kept) {
            a.addAll(List.of("--ro-bind", p.toString(), p.toString()));
        }
        if (policy.fathomHome() != null && !ws.startsWith(policy.fathomHome())) {
            emptied(a, policy.fathomHome());
        }
        a.addAll(List.of("--bind", policy.exchange().toString(), policy.exchange().toString(), "--chdir", ws.toString()));
        return a;
    }

    /**
     * The folders between a writable mount and each protected path in it, parents first. Each is mounted on itself, so
     * it stays writable but cannot be renamed or removed (the kernel refuses to move a mount point): otherwise a command
     * could rename {@code scripts/} away, make a new one and plant the hook that {@code .git/hooks/pre-commit} links to,
     * or move a whole nested repository aside and put its own in its place.
     */
    static List<Path> foldersOnTheWay(List<Path> kept, List<Path> mounts) {
        Set<Path> out = new java.util.LinkedHashSet<>();
        for (Path p : kept) {
            Path mount = mounts.stream().filter(p::startsWith).max(java.util.Comparator.comparingInt(Path::getNameCount)).orElse(null);
            if (mount == null || p.equals(mount)) {
                continue;
            }
            List<Path> chain = new ArrayList<>();
            for (Path d = p.getParent(); d != null && !d.equals(mount) && d.startsWith(mount); d = d.getParent()) {
                chain.add(0, d);
            }
            out.addAll(chain);
        }
        List<Path> sorted = new ArrayList<>(out);
        sorted.sort(java.util.Comparator.comparingInt(Path::getNameCount)); // a parent's mount first, then its children's
        return sorted;
    }

    /** /etc/resolv.conf when it points into /run (systemd-resolved): with network allowed, names must still resolve. */
    private static java.util.Optional<Path> resolverUnderRun() {
        try {
            Path real = Path.of("/etc/resolv.conf").toRealPath();
            return real.startsWith("/run") ? java.util.Optional.of(real) : java.util.Optional.empty();
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    private static void emptied(List<String> a, Path dir) {
        if (dir != null && Files.isDirectory(dir)) {
            a.addAll(List.of("--tmpfs", dir.toString()));
        }
    }

    private static void hide(List<String> a, Path p) {
        if (Files.isDirectory(p)) {
            a.addAll(List.of("--tmpfs", p.toString()));
        } else if (Files.exists(p)) {
            a.addAll(List.of("--ro-bind", "/dev/null", p.toString()));
        }
    }

    /** Entries under {@code top} (to {@link #SYSTEM_SCAN_DEPTH}) that only their owner or group may read. */
    static List<Path> rootOnly(Path top) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(top, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return out;
        }
        try {
            Files.walkFileTree(top, Set.of(), SYSTEM_SCAN_DEPTH, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    if (!othersMayRead(dir)) {
                        out.add(dir);
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if ((attrs.isRegularFile() || attrs.isDirectory()) && !othersMayRead(file)) {
                        out.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // what was found so far is hidden
        }
        return out;
    }

    private static boolean othersMayRead(Path p) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        return perms.contains(PosixFilePermission.OTHERS_READ)
                && (!Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) || perms.contains(PosixFilePermission.OTHERS_EXECUTE));
    }

    static List<Path> protectedInWorkspace(Path ws) {
        return protectedInWorkspace(ws, List.of());
    }

    /**
     * The workspace's {@code .fathom} folder (made, empty, when missing: a read-only mount needs a place, and a folder
     * the sandbox could create would let a command plant project settings) and every {@code .git} folder or file found
     * in it. A {@code .git} that is a symlink, or a {@code gitdir:} file, leads to the repository elsewhere, and a
     * repository folder can lead on to its main repository and to symlinked hooks or config ({@link GitDirLinks}):
     * each such place is protected too when the sandbox could write it (inside the workspace or a {@code writable}
     * folder); anywhere else it is read-only or hidden already, and it must stay hidden (a hostile link must not expose a folder).
     * The repository the workspace is a folder of counts for its links only. What no mount can hold still (a symlink
     * on the way, a missing hook target, a hard link) is put back after each command by {@link GitGuard}. A
     * repository nested after the sandbox started is not covered; its hooks stay off inside through the git settings
     * every child gets ({@link ChildEnvironment#GIT_SAFETY}).
     */
    static List<Path> protectedInWorkspace(Path ws, List<Path> writable) {
        return protectedInWorkspace(ws, writable, gitEntries(ws), List.of());
    }

    /**
     * As {@link #protectedInWorkspace(Path, List)}, for the {@code .git} entries {@link #gitEntries} found, with what
     * the user's global git config files name too.
     */
    static List<Path> protectedInWorkspace(Path ws, List<Path> writable, List<Path> gitEntries, List<Path> globals) {
        List<Path> out = new ArrayList<>();
        List<Path> linked = new ArrayList<>();
        Path fathom = ws.resolve(".fathom");
        try {
            if (!Files.exists(fathom, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(fathom);
            }
            out.add(fathom);
        } catch (IOException e) {
            // a read-only workspace: nothing can plant it from inside either
        }
        for (Path entry : gitEntries) {
            if (Files.isSymbolicLink(entry)) {
                linked.add(entry);
            } else if (entry.startsWith(ws) && (Files.isDirectory(entry) || Files.isRegularFile(entry))) {
                out.add(entry); // a repository folder, or a worktree or submodule pointer
            }
            GitPointerFiles.repository(entry).ifPresent(repo -> {
                if (!repo.equals(entry)) {
                    linked.add(repo);
                }
                linked.addAll(GitDirLinks.reachedFrom(repo, entry.getParent(), globals));
            });
        }
        for (Path link : linked) {
            writablePlace(link, ws, writable).ifPresent(out::add);
        }
        return out;
    }

    /**
     * Every {@code .git} folder, file or symlink in the workspace (its own first), and the one of the repository the
     * workspace lies in, when it is a folder of a larger work tree: that repository's hooks may link into the
     * workspace too. A name that does not exist is left out.
     */
    static List<Path> gitEntries(Path ws) {
        List<Path> out = new ArrayList<>();
        for (Path up = ws.getParent(); up != null; up = up.getParent()) {
            if (Files.exists(up.resolve(".git"), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                out.add(up.resolve(".git"));
                break;
            }
        }
        int[] budget = {MAX_SCANNED_DIRS};
        try {
            Files.walkFileTree(ws, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                    if (!dir.equals(ws) && (name.equals(".git") || UNSCANNED.contains(name))) {
                        if (name.equals(".git")) {
                            out.add(dir);
                        }
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return --budget[0] > 0 ? FileVisitResult.CONTINUE : FileVisitResult.TERMINATE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (file.getFileName().toString().equals(".git")) {
                        out.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // what was found so far counts
        }
        return out;
    }

    /**
     * The real place {@code path} leads to, named under whichever writable mount holds it (the workspace or a
     * {@code writable} folder, as mounted); empty when it does not exist or no writable mount holds it.
     */
    static java.util.Optional<Path> writablePlace(Path path, Path ws, List<Path> writable) {
        List<Path> mounts = new ArrayList<>(List.of(ws));
        mounts.addAll(writable);
        try {
            Path real = path.toRealPath();
            for (Path mount : mounts) {
                Path mountReal = mount.toRealPath();
                if (real.startsWith(mountReal)) {
                    return java.util.Optional.of(mount.resolve(mountReal.relativize(real)));
                }
            }
        } catch (IOException | RuntimeException e) {
            // a dangling link or an unreadable pointer: nothing there to protect
        }
        return java.util.Optional.empty();
    }
}
