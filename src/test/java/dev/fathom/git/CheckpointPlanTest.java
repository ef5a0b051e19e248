package dev.fathom.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What undo shows before it acts (the plan, its files in order), what it reports after, and the end-of-run record. */
class CheckpointPlanTest {
    @TempDir
    Path tmp;

    private Path repo() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        CliRun.git(repo, "init", "-q");
        Files.writeString(repo.resolve("b.txt"), "b\n");
        Files.writeString(repo.resolve("d.txt"), "d\n");
        return repo;
    }

    @Test
    void afterAnUnfinishedRunEveryFileToChangeIsListedInOrder() throws Exception {
        Path repo = repo();
        Checkpoints checkpoints = Checkpoints.forWorkspace(repo, Map.of());
        int n = checkpoints.take("turn");
        Files.writeString(repo.resolve("d.txt"), "d, changed\n");
        Files.writeString(repo.resolve("b.txt"), "b, changed\n");
        Files.writeString(repo.resolve("a-new.txt"), "new\n");
        Files.writeString(repo.resolve("c-new.txt"), "new\n");

        Checkpoints.Plan plan = checkpoints.plan(n);

        assertThat(plan.unfinished()).isTrue();
        assertThat(plan.changedSince()).containsExactly("a-new.txt", "b.txt", "c-new.txt", "d.txt");
        Checkpoints.Plan done = checkpoints.restore(plan);
        assertThat(done.restore()).containsExactlyInAnyOrder("b.txt", "d.txt");
        assertThat(done.delete()).containsExactlyInAnyOrder("a-new.txt", "c-new.txt");
        assertThat(checkpoints.restore(n).restore()).as("nothing left to do").isEmpty();
        assertThat(Files.readString(repo.resolve("b.txt"))).isEqualTo("b\n");
        assertThat(repo.resolve("a-new.txt")).doesNotExist();
    }

    @Test
    void theEndOfRunRecordCanBeWrittenAgainUnchangedAndOnlyTheUsersLaterChangesCount() throws Exception {
        Path repo = repo();
        Checkpoints checkpoints = Checkpoints.forWorkspace(repo, Map.of());
        int n = checkpoints.take("turn");
        Files.writeString(repo.resolve("b.txt"), "the agent's\n");
        checkpoints.markAfter(n);
        checkpoints.markAfter(n); // the same tree again: no error
        assertThat(CliRun.gitOutput(repo, "for-each-ref", "--format=%(refname)", "refs/fathom/"))
                .isEqualTo(Checkpoints.AFTER_PREFIX + n + "\n" + Checkpoints.PREFIX + n);
        Files.writeString(repo.resolve("d.txt"), "the user's\n");

        Checkpoints.Plan plan = checkpoints.plan(n);

        assertThat(plan.unfinished()).isFalse();
        assertThat(plan.changedSince()).containsExactly("d.txt");
    }

    @Test
    void theSubmodulesOfTheWorkTreeAreNamed() throws Exception {
        Path sup = RepoStates.superproject(tmp.resolve("super"));
        assertThat(Checkpoints.forWorkspace(sup, Map.of()).submodules()).containsExactly("lib");
        assertThat(Checkpoints.forWorkspace(repo(), Map.of()).submodules()).isEmpty();
    }
}
