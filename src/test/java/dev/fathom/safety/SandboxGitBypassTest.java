package dev.fathom.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Ways a sandboxed command could plant code that the user's next real {@code git commit} (outside the sandbox) runs,
 * found by an outside review: renaming the folder above a read-only mount and putting a new one in its place, and
 * settings that name places in the workspace ({@code core.hooksPath}, {@code include.path}). Each test runs the attack
 * in real bubblewrap, then a real git commit outside, and asserts the planted hook did not run (it would create
 * {@code pwned} in the worktree); each command writes a proof file, so a sandbox that refused everything fails too.
 */
class SandboxGitBypassTest extends SandboxedWorkspace {
    static final String EVIL = "printf '#!/bin/sh\\ntouch pwned\\n' > %1$s && chmod +x %1$s; echo planted=$?; echo ran > proof.txt";

    /** The user's next commit, outside the sandbox, with hooks on as git has them by default. */
    void userCommits(Path worktree) throws Exception {
        SandboxGitLinkTest.git(worktree, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m", "user");
    }

    void assertNoHookRan(Path worktree, String out) throws Exception {
        assertThat(Files.readString(worktree.resolve("proof.txt"))).as(out).isEqualTo("ran\n");
        userCommits(worktree);
        assertThat(worktree.resolve("pwned")).as("the planted hook ran outside the sandbox: " + out).doesNotExist();
    }

    /** The guard's report is in the command's output, and what the command left is kept aside, not deleted. */
    void assertPutBack(String out, String name) {
        assertThat(out).contains("[fathom] This command changed what git runs").contains("- " + name + ": ");
        assertThat(ws.resolve(name + GitGuard.ASIDE)).as(out).exists();
    }

    Path repoWithHookLinkedTo(String target) throws Exception {
        SandboxGitLinkTest.git(ws, "init", "-q");
        Files.createDirectories(ws.resolve("scripts"));
        Files.createSymbolicLink(ws.resolve(".git/hooks/pre-commit"), Path.of("../../" + target));
        return ws;
    }

    @Test
    void renamingTheFolderOfALinkedHookDoesNotLetACommandSwapIt() throws Exception {
        repoWithHookLinkedTo("scripts/pre-commit");
        Files.writeString(ws.resolve("scripts/pre-commit"), "#!/bin/sh\nexit 0\n");
        ws.resolve("scripts/pre-commit").toFile().setExecutable(true);
        String out = run(List.of(), "mv scripts scripts.old; echo moved=$?; mkdir scripts; " + EVIL.formatted("scripts/pre-commit"));
        assertNoHookRan(ws, out);
    }

    @Test
    void renamingTheMainRepositorysFolderDoesNotLetACommandSwapIt() throws Exception {
        Path cache = Files.createDirectories(home.resolve(".cache-repos"));
        Path main = cache.resolve("main");
        SandboxGitLinkTest.git(cache, "init", "-q", "main");
        SandboxGitLinkTest.git(main, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m", "first");
        Files.delete(ws);
        SandboxGitLinkTest.git(main, "worktree", "add", "-q", ws.toString());
        String out = run(List.of("~/.cache-repos"), "mv " + main + " " + main + ".old; echo moved=$?; cp -a " + main + ".old " + main + "; "
                + EVIL.formatted(main.resolve(".git/hooks/pre-commit")));
        assertNoHookRan(ws, out);
    }

    @Test
    void aHooksPathIntoTheWorkspaceIsReadOnly() throws Exception {
        // husky 9 sets core.hooksPath=.husky/_ and git-ignores that folder, so a change there shows in no git status
        SandboxGitLinkTest.git(ws, "init", "-q");
        SandboxGitLinkTest.git(ws, "config", "core.hooksPath", ".husky/_");
        Files.createDirectories(ws.resolve(".husky/_"));
        Files.writeString(ws.resolve(".husky/_/.gitignore"), "*\n");
        String out = run(List.of(), EVIL.formatted(".husky/_/pre-commit"));
        assertNoHookRan(ws, out);
    }

    @Test
    void aConfigIncludedFromTheWorkspaceIsReadOnly() throws Exception {
        SandboxGitLinkTest.git(ws, "init", "-q");
        Files.writeString(ws.resolve(".gitconfig.shared"), "[user]\n\tname = team\n");
        SandboxGitLinkTest.git(ws, "config", "include.path", "../.gitconfig.shared");
        String out = run(List.of(), "mkdir evilhooks; " + EVIL.formatted("evilhooks/pre-commit")
                + "; printf '[core]\\n\\thooksPath = evilhooks\\n' >> .gitconfig.shared; echo config=$?");
        assertNoHookRan(ws, out);
    }

    @Test
    void aHooksPathWrittenOnItsSectionsLineIsReadOnly() throws Exception {
        // git reads "[core] hooksPath = .githooks" (one line, as a hand-edited config may have it); JGit kept it as text
        SandboxGitLinkTest.git(ws, "init", "-q");
        Files.writeString(ws.resolve(".git/config"), "[core] hooksPath = .githooks\n", java.nio.file.StandardOpenOption.APPEND);
        Files.createDirectories(ws.resolve(".githooks"));
        String out = run(List.of(), EVIL.formatted(".githooks/pre-commit"));
        assertNoHookRan(ws, out);
    }

    @Test
    void anFsmonitorProgramInTheWorkspaceIsReadOnly() throws Exception {
        // git runs core.fsmonitor even on a plain git status (a shell prompt runs that at every prompt)
        SandboxGitLinkTest.git(ws, "init", "-q");
        Files.createDirectories(ws.resolve("tools"));
        Files.writeString(ws.resolve("tools/fsmonitor.sh"), "#!/bin/sh\nexit 1\n");
        ws.resolve("tools/fsmonitor.sh").toFile().setExecutable(true);
        SandboxGitLinkTest.git(ws, "config", "core.fsmonitor", "tools/fsmonitor.sh");
        String out = run(List.of(), "printf '#!/bin/sh\\ntouch pwned\\nexit 1\\n' > tools/fsmonitor.sh; echo planted=$?; echo ran > proof.txt");
        assertThat(Files.readString(ws.resolve("proof.txt"))).as(out).isEqualTo("ran\n");
        SandboxGitLinkTest.git(ws, "status", "--porcelain");
        assertThat(ws.resolve("pwned")).as("the planted monitor ran outside the sandbox: " + out).doesNotExist();
        assertThat(out).contains("planted=1");
    }

    @Test
    void aLinkedHookWhoseTargetIsMissingCannotBePlanted() throws Exception {
        repoWithHookLinkedTo("scripts/pre-commit"); // e.g. a script a build step makes later
        String out = run(List.of(), EVIL.formatted("scripts/pre-commit"));
        assertNoHookRan(ws, out);
        assertPutBack(out, "scripts/pre-commit");
    }

    @Test
    void aRepositoryPlantedAboveNothingInASubfolderWorkspace() throws Exception {
        // the workspace is a folder inside a repository whose .git lies above it (read-only already)
        Path top = ws.getParent().resolve("top");
        SandboxGitLinkTest.git(top.getParent(), "init", "-q", top.getFileName().toString());
        Files.delete(ws);
        ws = Files.createDirectories(top.resolve("pkg"));
        String out = run(List.of(), "git init -q . ; mkdir -p .git/hooks; " + EVIL.formatted(".git/hooks/pre-commit"));
        assertNoHookRan(ws, out);
        assertPutBack(out, ".git");
    }

    @Test
    void aHardLinkedHookIsReadOnly() throws Exception {
        SandboxGitLinkTest.git(ws, "init", "-q");
        Files.createDirectories(ws.resolve("scripts"));
        Files.writeString(ws.resolve("scripts/pre-commit"), "#!/bin/sh\ntrue\n");
        ws.resolve("scripts/pre-commit").toFile().setExecutable(true);
        Files.createLink(ws.resolve(".git/hooks/pre-commit"), ws.resolve("scripts/pre-commit"));
        String out = run(List.of(), "echo 'touch pwned' >> scripts/pre-commit; echo appended=$?; echo ran > proof.txt");
        assertNoHookRan(ws, out);
        assertPutBack(out, ".git/hooks/pre-commit");
    }

    @Test
    void aSymlinkOnTheWayToALinkedHookCannotBeReplaced() throws Exception {
        // .git/hooks/pre-commit -> ../../node_modules/.bin/hook -> ../tool/hook.sh (npm's .bin entries are symlinks)
        SandboxGitLinkTest.git(ws, "init", "-q");
        Files.createDirectories(ws.resolve("node_modules/.bin"));
        Files.createDirectories(ws.resolve("node_modules/tool"));
        Files.writeString(ws.resolve("node_modules/tool/hook.sh"), "#!/bin/sh\nexit 0\n");
        ws.resolve("node_modules/tool/hook.sh").toFile().setExecutable(true);
        Files.createSymbolicLink(ws.resolve("node_modules/.bin/hook"), Path.of("../tool/hook.sh"));
        Files.createSymbolicLink(ws.resolve(".git/hooks/pre-commit"), Path.of("../../node_modules/.bin/hook"));
        String out = run(List.of(), "rm node_modules/.bin/hook; " + EVIL.formatted("node_modules/.bin/hook"));
        assertNoHookRan(ws, out);
        assertPutBack(out, "node_modules/.bin/hook");
    }

    @Test
    void aGitSymlinkCannotBeReplacedByARepositoryOfTheCommandsOwn() throws Exception {
        Path real = ws.resolve(".repo");
        SandboxGitLinkTest.git(ws, "init", "-q", "--separate-git-dir", real.toString());
        Files.delete(ws.resolve(".git"));
        Files.createSymbolicLink(ws.resolve(".git"), Path.of(".repo"));
        String out = run(List.of(), "rm .git; echo removed=$?; cp -a .repo .git; echo copied=$?; " + EVIL.formatted(".git/hooks/pre-commit"));
        assertNoHookRan(ws, out);
        assertPutBack(out, ".git");
    }
}
