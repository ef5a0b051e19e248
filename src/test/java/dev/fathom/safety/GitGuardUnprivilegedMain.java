package dev.fathom.safety;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * For {@link GitGuardUnprivilegedTest}, run as an unprivileged user (to whom an unwritable folder is closed, as it is
 * not to root): a guard over the workspace {@code args[0]}, whose {@code core.hooksPath} is {@code githooks}; the user's
 * hook there is rewritten by "a command" that then makes the folder unwritable. Prints the guard's report.
 */
public final class GitGuardUnprivilegedMain {
    private GitGuardUnprivilegedMain() {
    }

    public static void main(String[] args) throws Exception {
        Path ws = Path.of(args[0]);
        Path hooks = ws.resolve("githooks");
        GitGuard guard = new GitGuard(ws, List.of(ws), List.of(), List.of(ws.resolve(".git")), List.of());
        guard.commandStarting(false);
        Files.writeString(hooks.resolve("pre-commit"), "#!/bin/sh\necho the command's hook\n");
        Files.setPosixFilePermissions(hooks, PosixFilePermissions.fromString("r-xr-xr-x"));
        for (String line : guard.commandEnded(false)) {
            System.out.println(line);
        }
    }
}
