package dev.fathom.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * A workspace with a real git repository and a home, and a {@link GitGuard} built for it the way {@link Sandbox}
 * builds one (its read-only places from {@link SandboxMounts#protectedInWorkspace}), with no sandbox: the test plays
 * the command's part by changing files between {@link GitGuard#commandStarting} and {@link GitGuard#commandEnded}.
 */
final class GuardedWorkspace {
    final Path root;
    final Path ws;
    final Path home;

    /** What a command does to the files while it runs. */
    interface Step {
        void run() throws Exception;
    }

    GuardedWorkspace(Path tmp) throws Exception {
        root = tmp.toRealPath();
        ws = Files.createDirectories(root.resolve("ws"));
        home = Files.createDirectories(root.resolve("home"));
    }

    GuardedWorkspace withRepository() throws Exception {
        SandboxGitLinkTest.git(ws, "init", "-q");
        return this;
    }

    /** The guard for a sandbox of this workspace (writable) and {@code extraWritable} ({@code sandbox_writable}). */
    GitGuard guard(Path... extraWritable) {
        List<Path> writable = new ArrayList<>(List.of(extraWritable));
        List<Path> gitEntries = SandboxMounts.gitEntries(ws);
        List<Path> globals = List.of(home.resolve(".gitconfig"));
        List<Path> readOnly = SandboxMounts.protectedInWorkspace(ws, writable, gitEntries, globals);
        writable.add(ws);
        return new GitGuard(ws, writable, readOnly, gitEntries, globals);
    }

    /** One command that does {@code step} and leaves nothing running; what the guard reported at its end. */
    static List<String> command(GitGuard guard, Step step) throws Exception {
        guard.commandStarting(false);
        step.run();
        return guard.commandEnded(false);
    }

    /** Writes an executable hook script that would mark its run, as an attack plants one. */
    static Path plant(Path hook) throws IOException {
        Files.createDirectories(hook.getParent());
        Files.writeString(hook, "#!/bin/sh\ntouch pwned\n");
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
        return hook;
    }

    /** A symlink from the repository's hook {@code name} to {@code target}, as a team keeps hooks under version control. */
    Path hookLink(String name, String target) throws IOException {
        return Files.createSymbolicLink(ws.resolve(".git/hooks").resolve(name), Path.of(target));
    }

    static String aside(Path p) {
        return p.getFileName() + GitGuard.ASIDE;
    }

    static void assertNoAsideIn(Path folder) throws IOException {
        try (var names = Files.list(folder)) {
            assertThat(names.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(GitGuard.ASIDE));
        }
    }
}
