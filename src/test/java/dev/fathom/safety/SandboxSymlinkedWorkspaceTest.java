package dev.fathom.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.testing.Bubblewrap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A workspace reached through a symlink ({@code fathom --cd ~/proj} where {@code ~/proj} links to {@code /data/proj}, a
 * common layout): the sandbox starts over the folder the link leads to, its files are writable there, and its
 * {@code .git} is mounted read-only. Before, the link was taken for a file when the sandbox looked for the workspace's
 * {@code .git}, so the command could write its hooks, and only the guard's check after the command put them back.
 */
class SandboxSymlinkedWorkspaceTest {
    @TempDir
    Path tmp;
    Path home;
    Sandbox sandbox;

    @BeforeEach
    void home() throws Exception {
        Bubblewrap.require();
        home = SandboxHomes.create(getClass().getSimpleName());
    }

    @AfterEach
    void close() throws Exception {
        if (sandbox != null) {
            sandbox.close();
        }
        SandboxHomes.delete(home);
    }

    @Test
    void aWorkspaceReachedThroughASymlinkIsSandboxedWhereTheLinkLeads() throws Exception {
        Path real = Files.createDirectories(tmp.resolve("data/proj"));
        SandboxedWorkspace.gitOut(real, "init", "-q");
        Files.writeString(real.resolve("a.txt"), "old\n");
        Path link = Files.createSymbolicLink(tmp.resolve("proj"), real);
        sandbox = SandboxRuns.open(link, home, List.of());

        String out = SandboxRuns.run(sandbox, home, "echo new > a.txt && pwd && echo hook > .git/hooks/pre-commit; echo rc=$?");

        assertThat(Files.readString(real.resolve("a.txt"))).as("the workspace is writable: " + out).isEqualTo("new\n");
        assertThat(out).as("the command ran in the workspace").contains(real.toRealPath().toString());
        assertThat(out).as("the workspace's .git is read-only in the sandbox (not only put back after)").contains("rc=1")
                .doesNotContain("put back");
        assertThat(real.resolve(".git/hooks/pre-commit")).doesNotExist();
    }
}
