package dev.fathom.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A repository whose {@code .git} is not a plain folder (a symlink to a folder inside or outside the workspace, or a
 * {@code gitdir:} file pointing inside it) is read-only in the sandbox like any other: with real bubblewrap, a command
 * cannot plant a hook or rewrite the config through the link, nor by the real path. Each command proves it ran by
 * writing a file beside, so a sandbox that refused everything would fail too.
 */
class SandboxGitLinkTest extends SandboxedWorkspace {
    static final String ATTACK = "echo 'touch /tmp/pwned' > .git/hooks/post-checkout; echo hooks=$?; "
            + "printf '[core]\\n\\thooksPath = /tmp/evil\\n' >> .git/config; echo config=$?; echo ran > proof.txt";

    /** A bare-bones repository folder: hooks/ and config, enough for what the attack writes. */
    static Path repository(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("hooks"));
        Files.writeString(dir.resolve("config"), "[core]\n\tbare = false\n");
        return dir;
    }

    void assertUntouched(Path repo, String out) throws IOException {
        assertThat(Files.readString(ws.resolve("proof.txt"))).as(out).isEqualTo("ran\n");
        assertThat(repo.resolve("hooks/post-checkout")).as(out).doesNotExist();
        assertThat(Files.readString(repo.resolve("config"))).as(out).isEqualTo("[core]\n\tbare = false\n");
        assertThat(out).doesNotContain("hooks=0").doesNotContain("config=0");
    }

    @Test
    void aGitLinkToAFolderInsideTheWorkspaceIsReadOnly() throws Exception {
        Path repo = repository(ws.resolve(".repo"));
        Files.createSymbolicLink(ws.resolve(".git"), Path.of(".repo"));
        String out = run(List.of(), ATTACK + "; echo x > .repo/hooks/pre-commit; echo direct=$?");
        assertUntouched(repo, out);
        assertThat(repo.resolve("hooks/pre-commit")).as("nor by its real path").doesNotExist();
        assertThat(out).contains("direct=1");
    }

    @Test
    void aGitLinkToAWritableFolderOutsideTheWorkspaceIsReadOnly() throws Exception {
        Path cache = Files.createDirectories(home.resolve(".cache-repos"));
        Path repo = repository(cache.resolve("project.git"));
        Files.createSymbolicLink(ws.resolve(".git"), repo);
        String out = run(List.of("~/.cache-repos"), ATTACK + "; echo x > " + cache.resolve("other.txt") + "; echo beside=$?");
        assertUntouched(repo, out);
        assertThat(out).as("the folder the settings made writable stays writable").contains("beside=0");
    }

    @Test
    void aGitdirFilePointingInsideTheWorkspaceProtectsItsTarget() throws Exception {
        Path repo = repository(ws.resolve("meta/repo.git"));
        Files.writeString(ws.resolve(".git"), "gitdir: meta/repo.git\n");
        String out = run(List.of(), "echo x > meta/repo.git/hooks/post-checkout; echo hooks=$?; "
                + "echo '[alias] x = !sh' >> meta/repo.git/config; echo config=$?; echo ran > proof.txt");
        assertUntouched(repo, out);
    }

    @Test
    void aNestedGitLinkIsReadOnlyToo() throws Exception {
        Path repo = repository(ws.resolve("vendor/.lib-repo"));
        Files.createSymbolicLink(Files.createDirectories(ws.resolve("vendor/lib")).resolve(".git"), Path.of("../.lib-repo"));
        String out = run(List.of(), "cd vendor/lib && " + ATTACK.replace("proof.txt", "../../proof.txt"));
        assertUntouched(repo, out);
    }

    @Test
    void aLinkedWorktreesMainRepositoryInAWritableFolderIsReadOnly() throws Exception {
        Path cache = Files.createDirectories(home.resolve(".cache-repos"));
        Path main = cache.resolve("main");
        git(cache, "init", "-q", "main");
        git(main, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m", "first");
        Files.delete(ws);
        git(main, "worktree", "add", "-q", ws.toString());
        String config = Files.readString(main.resolve(".git/config"));
        Path hooks = main.resolve(".git/hooks");
        String out = run(List.of("~/.cache-repos"), "echo 'touch /tmp/pwned' > " + hooks.resolve("post-checkout") + "; echo hooks=$?; "
                + "printf '[core]\\n\\thooksPath = /tmp/evil\\n' >> " + main.resolve(".git/config") + "; echo config=$?; "
                + "echo x > " + cache.resolve("other.txt") + "; echo beside=$?; echo ran > proof.txt");
        assertThat(Files.readString(ws.resolve("proof.txt"))).as(out).isEqualTo("ran\n");
        assertThat(hooks.resolve("post-checkout")).as(out).doesNotExist();
        assertThat(Files.readString(main.resolve(".git/config"))).as(out).isEqualTo(config);
        assertThat(out).contains("hooks=1", "config=1").as("the folder the settings made writable stays writable").contains("beside=0");
    }

    @Test
    void aHookFolderLinkedIntoTheWorkspaceIsReadOnly() throws Exception {
        Path repo = repository(ws.resolve(".git"));
        Files.delete(repo.resolve("hooks"));
        Files.createDirectories(ws.resolve("githooks"));
        Files.createSymbolicLink(repo.resolve("hooks"), Path.of("../githooks"));
        String out = run(List.of(), "echo 'touch /tmp/pwned' > githooks/post-checkout; echo hooks=$?; echo ran > proof.txt");
        assertUntouched(repo, out);
        assertThat(ws.resolve("githooks/post-checkout")).as(out).doesNotExist();
        assertThat(out).contains("hooks=1");
    }

    @Test
    void aHookFileOrConfigLinkedIntoTheWorkspaceIsReadOnly() throws Exception {
        Path repo = repository(ws.resolve(".git"));
        Files.createDirectories(ws.resolve("scripts"));
        Files.writeString(ws.resolve("scripts/pre-commit"), "#!/bin/sh\nmake lint\n");
        Files.createSymbolicLink(repo.resolve("hooks/pre-commit"), Path.of("../../scripts/pre-commit"));
        Files.move(repo.resolve("config"), ws.resolve("gitconfig"));
        Files.createSymbolicLink(repo.resolve("config"), Path.of("../gitconfig"));
        String out = run(List.of(), "echo 'touch /tmp/pwned' >> scripts/pre-commit; echo hook=$?; "
                + "echo '[alias] x = !sh' >> gitconfig; echo config=$?; echo ran > proof.txt");
        assertThat(Files.readString(ws.resolve("proof.txt"))).as(out).isEqualTo("ran\n");
        assertThat(Files.readString(ws.resolve("scripts/pre-commit"))).as(out).isEqualTo("#!/bin/sh\nmake lint\n");
        assertThat(Files.readString(ws.resolve("gitconfig"))).as(out).isEqualTo("[core]\n\tbare = false\n");
        assertThat(out).contains("hook=1", "config=1");
    }

    /** The user's git in {@code dir}, which must succeed ({@link SandboxedWorkspace#gitOut}). */
    static void git(Path dir, String... args) throws Exception {
        gitOut(dir, args);
    }
}
