package dev.fathom.safety;

import static dev.fathom.safety.GuardedWorkspace.command;
import static dev.fathom.safety.GuardedWorkspace.plant;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which changes {@link GitGuard} takes as a command's and which as the user's (without a sandbox): only names the
 * sandbox could write are ever put back, changes made while nothing of the sandbox ran are kept, and a process a
 * command left running keeps the state taken before it as the truth until the guard has checked after it.
 */
class GitGuardScopeUnitTest {
    @TempDir
    Path tmp;
    GuardedWorkspace w;
    Path ws;
    Path hook;

    @BeforeEach
    void setUp() throws Exception {
        w = new GuardedWorkspace(tmp).withRepository();
        ws = w.ws;
        hook = ws.resolve("scripts/pre-commit");
        Files.createDirectories(hook.getParent());
        w.hookLink("pre-commit", "../../scripts/pre-commit"); // the target does not exist yet
    }

    static final String PUT_BACK = "scripts/pre-commit: a file where there was nothing, put back;"
            + " what the command left is kept as scripts/pre-commit.fathom-blocked";

    @Test
    void aHookTheUserWritesBetweenCommandsIsKept() throws Exception {
        GitGuard guard = w.guard();
        assertThat(command(guard, () -> { })).isEmpty();
        plant(hook);
        assertThat(command(guard, () -> Files.writeString(ws.resolve("notes.txt"), "x"))).isEmpty();
        assertThat(hook).hasContent("#!/bin/sh\ntouch pwned\n");
        assertThat(guard.unsettled()).isFalse();
    }

    @Test
    void theGuardIsUnsettledOnlyWhileACommandRuns() throws Exception {
        GitGuard guard = w.guard();
        assertThat(guard.unsettled()).isFalse();
        guard.commandStarting(false);
        assertThat(guard.unsettled()).isTrue();
        guard.commandEnded(false);
        assertThat(guard.unsettled()).isFalse();
    }

    @Test
    void aHookPlantedByAProcessLeftRunningIsPutBackAtTheNextCommandsEnd() throws Exception {
        GitGuard guard = w.guard();
        guard.commandStarting(false);
        assertThat(guard.commandEnded(true)).isEmpty();
        assertThat(guard.unsettled()).as("the session's end must check after what was left running").isTrue();
        plant(hook); // the process left running, after its command's end
        assertThat(command(guard, () -> { })).as("not taken as the user's change").containsExactly(PUT_BACK);
        assertThat(hook).doesNotExist();
        assertThat(guard.unsettled()).isFalse();

        plant(hook); // now nothing of the sandbox runs: the user's own hook
        assertThat(command(guard, () -> { })).isEmpty();
        assertThat(hook).exists();
    }

    @Test
    void aCommandStartingBesideALeftBehindProcessTakesNoNewStateAndTheSessionEndChecksAgain() throws Exception {
        GitGuard guard = w.guard();
        assertThat(command(guard, () -> { })).isEmpty();
        plant(hook); // a process left running, which the next command's start reports
        guard.commandStarting(true);
        assertThat(guard.commandEnded(false)).containsExactly(PUT_BACK);
        assertThat(guard.unsettled()).as("it ran since the state was taken: the session's end checks again").isTrue();

        plant(hook);
        assertThat(guard.putBack()).as("the session's end").singleElement().asString()
                .startsWith("scripts/pre-commit: a file where there was nothing, put back; what the command left is kept as"
                        + " scripts/pre-commit.fathom-blocked-");
    }

    @Test
    void theSessionsEndPutsBackWhatAProcessLeftRunningPlanted() throws Exception {
        GitGuard guard = w.guard();
        guard.commandStarting(false);
        guard.commandEnded(true);
        plant(hook);
        assertThat(guard.putBack()).containsExactly(PUT_BACK);
        assertThat(hook).doesNotExist();
    }

    @Test
    void aCommandStartedWhileAnotherRunsDoesNotTakeTheOthersPlantAsTheTruth() throws Exception {
        GitGuard guard = w.guard();
        guard.commandStarting(false);
        plant(hook); // the first command
        guard.commandStarting(false);
        assertThat(guard.commandEnded(false)).as("the second command's end").containsExactly(PUT_BACK);
        assertThat(guard.unsettled()).as("the first still runs").isTrue();
        assertThat(guard.commandEnded(false)).isEmpty();
        assertThat(guard.unsettled()).isFalse();
    }

    @Test
    void aSecondEndOfOneCommandDoesNotStopTheNextStateBeingTaken() throws Exception {
        GitGuard guard = w.guard();
        assertThat(command(guard, () -> { })).isEmpty();
        assertThat(guard.commandEnded(false)).isEmpty();
        plant(hook); // the user's, while nothing runs
        assertThat(command(guard, () -> { })).isEmpty();
        assertThat(hook).exists();
    }

    @Test
    void changesUnderTheReadOnlyGitFolderAreTheUsersAndLeftAlone() throws Exception {
        Path hooks = ws.resolve(".git/hooks");
        Path postCheckout = Files.writeString(hooks.resolve("post-checkout"), "#!/bin/sh\necho old\n");
        Path prePush = Files.writeString(hooks.resolve("pre-push"), "#!/bin/sh\necho old\n");
        GitGuard guard = w.guard();
        // no mount lets a command do these: only the user can, even while a command runs
        List<String> out = command(guard, () -> {
            Files.writeString(postCheckout, "#!/bin/sh\necho mine\n");
            Files.delete(prePush);
            Files.createDirectory(prePush);
            SandboxGitLinkTest.git(ws, "config", "user.name", "me");
        });
        assertThat(out).isEmpty();
        assertThat(postCheckout).hasContent("#!/bin/sh\necho mine\n");
        assertThat(prePush).isDirectory();
        assertThat(ws.resolve(".git/config")).content().contains("name = me");
        GuardedWorkspace.assertNoAsideIn(hooks);
    }

    @Test
    void namesOutsideTheWritableFoldersAreLeftAlone() throws Exception {
        Path userHooks = w.root.resolve("userhooks");
        Files.writeString(w.home.resolve(".gitconfig"), "[core]\n\thooksPath = " + userHooks + "\n");
        GitGuard guard = w.guard();
        Files.createDirectories(userHooks);
        List<String> out = command(guard, () -> plant(userHooks.resolve("pre-commit")));
        assertThat(out).isEmpty();
        assertThat(userHooks.resolve("pre-commit")).exists();
    }

    @Test
    void aHookPlantedInASandboxWritableFolderIsShownByItsFullPath() throws Exception {
        Path shared = Files.createDirectories(w.root.resolve("shared"));
        Path sharedHooks = shared.resolve("hooks");
        Files.writeString(w.home.resolve(".gitconfig"), "[core]\n\thooksPath = " + sharedHooks + "\n");
        GitGuard guard = w.guard(shared, w.root.resolve("not-made"));
        Files.createDirectories(sharedHooks); // by the user, after the sandbox started: no mount holds it
        List<String> out = command(guard, () -> plant(sharedHooks.resolve("pre-commit")));
        assertThat(out).containsExactly(sharedHooks.resolve("pre-commit") + ": a file where there was nothing, put back;"
                + " what the command left is kept as " + sharedHooks.resolve("pre-commit" + GitGuard.ASIDE));
    }

    @Test
    void aSandboxWritableFolderTheUserRemovedIsNotMadeAgain() throws Exception {
        Path shared = Files.createDirectories(w.root.resolve("shared"));
        Path sharedHooks = shared.resolve("hooks");
        Files.writeString(w.home.resolve(".gitconfig"), "[core]\n\thooksPath = " + sharedHooks + "\n");
        GitGuard guard = w.guard(shared);
        plant(sharedHooks.resolve("pre-commit")); // the user's, after the sandbox started
        List<String> out = command(guard, () -> SandboxHomes.delete(shared)); // a mount point: only the user can
        assertThat(out).isEmpty();
        assertThat(shared).doesNotExist();
    }

    @Test
    void aWorkspaceInAFolderReachedThroughASymlinkStillShowsNamesWithinIt() throws Exception {
        // as when /home links to /usr/home: the workspace is named through the link, the guard walks real folders
        Path alias = Files.createSymbolicLink(w.root.resolve("alias"), w.root);
        Path named = alias.resolve("ws");
        List<Path> gitEntries = SandboxMounts.gitEntries(named);
        List<Path> readOnly = SandboxMounts.protectedInWorkspace(named, List.of(), gitEntries, List.of());
        GitGuard guard = new GitGuard(named, List.of(named), readOnly, gitEntries, List.of());
        assertThat(command(guard, () -> plant(hook))).containsExactly(PUT_BACK);
    }

    @Test
    void aHookLinkInASeparateGitFolderIsWatchedThroughTheDotGitFile() throws Exception {
        Path other = Files.createDirectories(w.root.resolve("other"));
        Path store = w.root.resolve("store.git");
        SandboxGitLinkTest.git(other, "init", "-q", "--separate-git-dir", store.toString());
        Path otherHook = other.resolve("scripts/pre-commit");
        Files.createDirectories(otherHook.getParent());
        Files.createSymbolicLink(store.resolve("hooks/pre-commit"), otherHook);
        List<Path> gitEntries = SandboxMounts.gitEntries(other);
        GitGuard guard = new GitGuard(other, List.of(other), SandboxMounts.protectedInWorkspace(other, List.of(), gitEntries, List.of()),
                gitEntries, List.of());
        assertThat(command(guard, () -> plant(otherHook))).containsExactly(PUT_BACK);
    }

    @Test
    void aDotGitFileThatNamesNoFolderStillLetsTheGuardWatchSubmodules() throws Exception {
        Path other = Files.createDirectories(w.root.resolve("other"));
        Files.writeString(other.resolve(".git"), "gitdir:\n");
        Files.writeString(other.resolve(".gitmodules"), "[submodule \"lib\"]\n\tpath = lib\n");
        Path lib = Files.createDirectories(other.resolve("lib"));
        List<Path> gitEntries = SandboxMounts.gitEntries(other);
        GitGuard guard = new GitGuard(other, List.of(other), List.of(other.resolve(".git")), gitEntries, List.of());
        assertThat(command(guard, () -> Files.createDirectory(lib.resolve(".git"))))
                .containsExactly("lib/.git: a folder where there was nothing, put back; what the command left is kept as lib/.git.fathom-blocked");
    }

    @Test
    void aDotGitSymlinkRePointedLeadsBackToTheUsersRepository() throws Exception {
        Path real = Files.createDirectories(w.root.resolve("real"));
        SandboxGitLinkTest.git(real, "init", "-q");
        Path other = Files.createDirectories(w.root.resolve("other"));
        Files.createSymbolicLink(other.resolve(".git"), Path.of("../real/.git"));
        List<Path> gitEntries = SandboxMounts.gitEntries(other);
        GitGuard guard = new GitGuard(other, List.of(other), SandboxMounts.protectedInWorkspace(other, List.of(), gitEntries, List.of()),
                gitEntries, List.of());
        List<String> out = command(guard, () -> {
            SandboxGitLinkTest.git(other, "init", "-q", "evil");
            Files.delete(other.resolve(".git"));
            Files.createSymbolicLink(other.resolve(".git"), Path.of("evil/.git"));
        });
        assertThat(out).containsExactly(".git: a symlink to evil/.git where there was a symlink to ../real/.git, put back;"
                + " what the command left is kept as .git.fathom-blocked");
        assertThat(Files.readSymbolicLink(other.resolve(".git"))).isEqualTo(Path.of("../real/.git"));
    }

    @Test
    void aCommandMayMakeARepositoryInAWorkspaceThatHadNone() throws Exception {
        Path plain = Files.createDirectories(w.root.resolve("plain"));
        List<Path> gitEntries = SandboxMounts.gitEntries(plain);
        assertThat(gitEntries).isEmpty();
        GitGuard guard = new GitGuard(plain, List.of(plain), List.of(), gitEntries, List.of());
        assertThat(command(guard, () -> SandboxGitLinkTest.git(plain, "init", "-q"))).isEmpty();
        assertThat(plain.resolve(".git")).isDirectory();
    }

    @Test
    void aSymlinkedHooksFolderIsListedWhereItLeads() throws Exception {
        // the user keeps the hooks folder in a sandbox-writable place, and made it after the sandbox started
        Path shared = Files.createDirectories(w.root.resolve("shared"));
        GitGuard guard = w.guard(shared);
        Path real = Files.createDirectories(shared.resolve("hooks"));
        Path hooks = ws.resolve(".git/hooks");
        SandboxHomes.delete(hooks);
        Files.createSymbolicLink(hooks, real);
        assertThat(command(guard, () -> { })).isEmpty();
        assertThat(command(guard, () -> Files.writeString(real.resolve("pre-commit"), "x")))
                .containsExactly(real.resolve("pre-commit") + ": a file where there was nothing, put back;"
                        + " what the command left is kept as " + real.resolve("pre-commit" + GitGuard.ASIDE));
        assertThat(real.resolve("pre-commit")).doesNotExist();
    }
}
