package dev.fathom.cli;

import dev.fathom.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small repositories for fix runs, built with the real git. */
final class FixRepos {
    private FixRepos() {
    }

    /**
     * A repository in {@code parent/name} whose check ({@code grep -qx good status.txt}) passes once status.txt says
     * "good"; {@code gitignore} is its .gitignore, or null for none.
     */
    static Path statusRepo(Path parent, String name, String gitignore) throws IOException {
        Path repo = Files.createDirectories(parent.resolve(name));
        Files.writeString(repo.resolve("status.txt"), "bad\n");
        if (gitignore != null) {
            Files.writeString(repo.resolve(".gitignore"), gitignore);
        }
        CliRun.git(repo, "init", "-q", "-b", "main");
        CliRun.git(repo, "add", ".");
        CliRun.git(repo, "commit", "-q", "-m", "init");
        return repo;
    }
}
