package dev.fathom.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.testing.Poll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Red-team attacks on the after-command guard's {@link GitEntryScan}: ways for a sandboxed command to leave a
 * repository whose hook or core.fsmonitor the user's own git runs later, outside the sandbox. Each planted program
 * touches a {@code pwned*} file at the workspace's top, so it is seen wherever the repository ends up.
 */
class GitEntryScanAttackTest extends SandboxedWorkspace {
    /** Run in a repository's folder: a pre-commit hook and an fsmonitor (kept in node_modules, which is not scanned). */
    static final String PLANT = "mkdir -p \"$W/node_modules\""
            + " && printf '#!/bin/sh\\ntouch \"%s/pwned-hook\"\\n' \"$W\" > .git/hooks/pre-commit && chmod +x .git/hooks/pre-commit"
            + " && printf '#!/bin/sh\\ntouch \"%s/pwned-monitor\"\\n' \"$W\" > \"$W/node_modules/mon.sh\" && chmod +x \"$W/node_modules/mon.sh\""
            + " && git config core.fsmonitor \"$W/node_modules/mon.sh\"";

    /**
     * Before, the scan kept its listings by path and trusted a settled change time. A folder a/b is made in the same clock tick as
     * the last change of a planted repository's folder node_modules/x/b (the coarse clock makes both change times equal;
     * the command retries until they are). A later command swaps the parent: a becomes the planted x. The new a is
     * listed again (its change time moved), but a/b has the change time the scan saw for the old a/b, so its old
     * listing, without .git, was reused. Now a listing also holds the folder's inode, so a folder swapped in is listed again.
     */
    @Test
    void aFolderSwappedInWithTheSameChangeTimeIsListedAgain() throws Exception {
        // each try uses folders never stat'ed (a stat'ed folder's next change gets a fine-grained time)
        String made = run("W=$PWD; mkdir -p node_modules/g && cd node_modules/g && git init -q && " + PLANT
                + " && cd \"$W\" && i=0; while [ $i -lt 500 ]; do i=$((i+1)); mkdir -p node_modules/x$i/b a$i;"
                + " mv node_modules/g/.git node_modules/x$i/b/.git; mkdir node_modules/x$i/b/sub a$i/b;"
                + " [ \"$(stat -c %z node_modules/x$i/b)\" = \"$(stat -c %z a$i/b)\" ] && break;"
                + " mv node_modules/x$i/b/.git node_modules/g/.git; done;"
                + " mv a$i a && mv node_modules/x$i node_modules/x && stat -c %z node_modules/x/b a/b");
        String[] times = made.trim().split("\n");
        assertThat(times[0]).as("the command made equal change times: " + made).isEqualTo(times[1]);

        // past the one second in which the scan lists a folder again whatever its change time
        String out = run("sleep 2; mv a a.old && mv node_modules/x a; echo swapped");

        assertUsersGitRunsNothing(ws.resolve("a/b"), out);
    }

    /**
     * A process a command leaves behind plants a repository after that command's check, and a next command runs before
     * the user's git: the repository is there when it starts, but since a left-behind process ran, the state is not
     * taken again, so the repository is made inert rather than taken for the user's. (Before any next command, the
     * user's git is not guarded against such a process: see the closing note of session 32.)
     */
    @Test
    void aRepositoryALeftBehindProcessPlantedIsTakenForTheUsersAtTheNextCommand() throws Exception {
        String out = run("export W=$PWD; mkdir app; setsid nohup sh -c 'sleep 2; cd app && git init -q && " + PLANT.replace("'", "'\\''")
                + " && touch ../planted' </dev/null >/dev/null 2>&1 & echo started");
        assertThat(Poll.until(Duration.ofSeconds(60), () -> Files.exists(ws.resolve("planted")))).as("planted: " + out).isTrue();

        out += run("echo second");

        assertUsersGitRunsNothing(ws.resolve("app"), out);
    }

    /** A .git symlink into node_modules, where a planted repository is (node_modules is not scanned). */
    @Test
    void aGitSymlinkIntoNodeModulesRunsNothing() throws Exception {
        String out = run("W=$PWD; mkdir -p node_modules/x app && cd node_modules/x && git init -q && " + PLANT
                + " && cd \"$W\" && ln -s ../node_modules/x/.git app/.git; echo made");

        assertUsersGitRunsNothing(ws.resolve("app"), out);
    }

    /** A .git file naming a planted repository's git folder in node_modules. */
    @Test
    void aGitdirFileIntoNodeModulesRunsNothing() throws Exception {
        String out = run("W=$PWD; mkdir -p node_modules/x app && cd node_modules/x && git init -q && " + PLANT
                + " && cd \"$W\" && echo \"gitdir: $W/node_modules/x/.git\" > app/.git; echo made");

        assertUsersGitRunsNothing(ws.resolve("app"), out);
    }

    /** A whole folder with a planted repository renamed from node_modules into the workspace. */
    @Test
    void aRepositoryRenamedInFromNodeModulesRunsNothing() throws Exception {
        run("W=$PWD; mkdir -p node_modules/x && cd node_modules/x && git init -q && " + PLANT + "; echo made");

        String out = run("sleep 2; mv node_modules/x app; echo moved");

        assertUsersGitRunsNothing(ws.resolve("app"), out);
    }

    /** A .git made as a file, then replaced by a planted git folder in a later command. */
    @Test
    void aGitFileReplacedByAPlantedFolderRunsNothing() throws Exception {
        run("mkdir app && echo 'gitdir: /nowhere' > app/.git; echo made");

        String out = run("W=$PWD; sleep 2; rm app/.git && cd app && git init -q && " + PLANT + "; echo replaced");

        // the guard may put the .git file back, so the user's git may fail: only what it runs matters
        Files.writeString(ws.resolve("app/user-change.txt"), "the user's own work\n");
        userGit(ws.resolve("app"), "status");
        userGit(ws.resolve("app"), "add", "user-change.txt");
        userGit(ws.resolve("app"), "commit", "-q", "-m", "user");
        assertNoPlantedProgramRan(out);
    }
}
