package dev.fathom.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The user's repository has a submodule that is not checked out (its folder is empty): a clone without
 * {@code --recurse-submodules}, or a gitlink a hostile repository committed with no {@code .gitmodules} entry at all.
 * git status looks into every gitlink's folder that holds a repository and reads that repository's settings, so a
 * repository a sandboxed command makes there would have its {@code core.fsmonitor} run by the user's next
 * {@code git status}, outside the sandbox. In real bubblewrap; the user's real git must create no {@code pwned} file.
 */
class SandboxGitlinkTest extends SandboxedWorkspace {
    static final String MONITOR = "printf '#!/bin/sh\\ntouch \"%s/pwned\"\\n' \"$PWD\" > mon.sh && chmod +x mon.sh";

    @BeforeEach
    void userRepository() throws Exception {
        git("init", "-q");
        git("-c", "user.name=u", "-c", "user.email=u@u", "commit", "-q", "--allow-empty", "-m", "base");
    }

    void git(String... args) throws Exception {
        SandboxGitLinkTest.git(ws, args);
    }

    /** Commits a gitlink at {@code path} (pointing at the base commit) and leaves its folder empty, as a clone does. */
    void commitGitlink(String path) throws Exception {
        Process p = new ProcessBuilder("git", "-C", ws.toString(), "rev-parse", "HEAD").start();
        String head = new String(p.getInputStream().readAllBytes()).strip();
        assertThat(p.waitFor()).isZero();
        git("update-index", "--add", "--cacheinfo", "160000," + head + "," + path);
        git("-c", "user.name=u", "-c", "user.email=u@u", "commit", "-q", "-m", "gitlink");
        Files.createDirectories(ws.resolve(path));
    }

    void assertUsersStatusRunsNothing(String out) throws Exception {
        git("status");
        assertNoPlantedProgramRan(out);
    }

    @Test
    void aRepositoryMadeInAGitlinkFolderThatGitmodulesDoesNotNameIsPutBack() throws Exception {
        commitGitlink("vendor/lib");

        String out = run(MONITOR + " && git init -q vendor/lib && git -C vendor/lib config core.fsmonitor \"$PWD/mon.sh\"; echo made");

        assertUsersStatusRunsNothing(out);
        assertThat(out).startsWith("made\n").contains("vendor/lib/.git");
        assertThat(ws.resolve("vendor/lib/.git" + GitGuard.ASIDE)).as("kept aside, not deleted").isDirectory();
    }

    @Test
    void aGitmodulesEntryWrittenOnItsHeaderLineDoesNotHideTheFolder() throws Exception {
        // git reads "[submodule "x"]path = lib" as submodule.x.path; a parser that keeps the rest of the line as text does not
        Files.writeString(ws.resolve(".gitmodules"), "[submodule \"x\"]path = lib\n\turl = ../x\n");
        git("add", ".gitmodules");
        commitGitlink("lib");

        String out = run(MONITOR + " && git init -q lib && git -C lib config core.fsmonitor \"$PWD/mon.sh\"; echo made");

        assertUsersStatusRunsNothing(out);
        assertThat(out).startsWith("made\n").contains("lib/.git");
    }
}
