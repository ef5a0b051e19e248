package dev.fathom.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How checkpoints are numbered, listed and refused, on a small repository built with git. */
class CheckpointRulesTest {
    @TempDir
    Path tmp;

    private Path repo() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        CliRun.git(repo, "init", "-q");
        Files.writeString(repo.resolve("a.txt"), "a\n");
        return repo;
    }

    @Test
    void checkpointsAreNumberedAndListedInNumericOrderPastNine() throws Exception {
        Path repo = repo();
        Checkpoints checkpoints = Checkpoints.forWorkspace(repo, Map.of());
        for (int i = 1; i <= 11; i++) {
            Files.writeString(repo.resolve("a.txt"), "version " + i + "\n");
            assertThat(checkpoints.take("turn " + i)).isEqualTo(i);
        }

        assertThat(checkpoints.list()).extracting(Checkpoints.Info::number).containsExactlyElementsOf(IntStream.rangeClosed(1, 11).boxed().toList());
        assertThat(checkpoints.list().get(9).label()).isEqualTo("fathom checkpoint: turn 10");
        checkpoints.restore(2);
        assertThat(Files.readString(repo.resolve("a.txt"))).isEqualTo("version 2\n");
    }

    @Test
    void refsThatAreNotCheckpointNumbersAreNeitherListedNorCounted() throws Exception {
        Path repo = repo();
        Checkpoints checkpoints = Checkpoints.forWorkspace(repo, Map.of());
        assertThat(checkpoints.take("first")).isEqualTo(1);
        String id = CliRun.gitOutput(repo, "rev-parse", Checkpoints.PREFIX + "1");
        for (String odd : new String[] {"0", "07", "x", "12345678901"}) {
            CliRun.git(repo, "update-ref", Checkpoints.PREFIX + odd, id);
        }

        assertThat(checkpoints.list()).extracting(Checkpoints.Info::number).containsExactly(1);
        assertThat(checkpoints.take("second")).isEqualTo(2);
        assertThat(checkpoints.list()).extracting(Checkpoints.Info::number).containsExactly(1, 2);
    }

    @Test
    void aBareRepositoryHasNoCheckpointsAndSaysWhy() throws Exception {
        Path bare = Files.createDirectories(tmp.resolve("bare.git"));
        CliRun.git(bare, "init", "-q", "--bare");
        Checkpoints checkpoints = Checkpoints.forWorkspace(bare, Map.of());

        assertThat(checkpoints.unavailable()).isEqualTo("the repository at " + bare.toAbsolutePath().normalize() + " is bare (no working tree)");
        assertThatThrownBy(() -> checkpoints.take("x")).hasMessage("no checkpoints: " + checkpoints.unavailable());
    }

    @Test
    void aRepositoryAboveTheCeilingIsNotFound() throws Exception {
        Path outer = repo();
        Path plain = Files.createDirectories(outer.resolve("plain"));

        assertThat(Checkpoints.forWorkspace(plain, Map.of("GIT_CEILING_DIRECTORIES", outer.toString()))).isNull();
        assertThat(Checkpoints.forWorkspace(plain, Map.of("GIT_CEILING_DIRECTORIES", plain.toString()))).isNotNull();
    }

    @Test
    void aCheckpointThatDoesNotExistIsNamedInTheError() throws Exception {
        Path repo = repo();
        Checkpoints checkpoints = Checkpoints.forWorkspace(repo, Map.of());
        checkpoints.take("one");

        assertThatThrownBy(() -> checkpoints.restore(7)).hasMessage("no checkpoint 7");
        assertThatThrownBy(() -> checkpoints.plan(7)).hasMessage("no checkpoint 7");
    }

    @Test
    void onlyFilesChangedAfterTheLatestRunEndedAreTheUsers() throws Exception {
        Path repo = repo();
        Files.writeString(repo.resolve("b.txt"), "b\n");
        Checkpoints checkpoints = Checkpoints.forWorkspace(repo, Map.of());
        int n = checkpoints.take("turn");
        Files.writeString(repo.resolve("a.txt"), "the agent's edit\n");
        checkpoints.markAfter(n);
        Files.writeString(repo.resolve("a.txt"), "the agent's second edit\n");
        checkpoints.markAfter(n); // a later end of the same run replaces the record
        Files.writeString(repo.resolve("b.txt"), "the user's edit afterwards\n");
        Files.writeString(repo.resolve("new.txt"), "the user's new file\n");

        Checkpoints.Plan plan = checkpoints.plan(n);

        assertThat(plan.unfinished()).isFalse();
        assertThat(plan.restore()).containsExactlyInAnyOrder("a.txt", "b.txt");
        assertThat(plan.delete()).containsExactly("new.txt");
        assertThat(plan.changedSince()).containsExactly("b.txt", "new.txt");
    }
}
