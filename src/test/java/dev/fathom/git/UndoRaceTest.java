package dev.fathom.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.safety.ConfinedWriter;
import dev.fathom.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Undo plans once and restores that plan; a plan is a picture of the tree when it was made. A change made between the
 * planning and the writing (the user saving in their editor, a build still running) was never weighed nor shown, so
 * the restore must not overwrite it: it re-checks each path just before changing it and changes nothing when one differs.
 */
class UndoRaceTest {
    @TempDir
    Path tmp;

    private Path repo;
    private Checkpoints checkpoints;
    private int n;

    /** The model's finished turn: a.txt and sub/b.txt edited, c.txt deleted, made/new.txt created. */
    @BeforeEach
    void aFinishedTurn() throws Exception {
        repo = RepoStates.base(tmp.resolve("repo"));
        checkpoints = Checkpoints.forWorkspace(repo, Map.of());
        n = checkpoints.take("the model's turn");
        Files.writeString(repo.resolve("a.txt"), "the model's a\n");
        Files.writeString(repo.resolve("sub/b.txt"), "the model's b\n");
        Files.delete(repo.resolve("c.txt"));
        Files.createDirectories(repo.resolve("made"));
        Files.writeString(repo.resolve("made/new.txt"), "the model's new file\n");
        checkpoints.markAfter(n);
    }

    private Checkpoints.Plan plan() throws IOException {
        Checkpoints.Plan plan = checkpoints.plan(n);
        assertThat(plan.changedSince()).as("only the model's own changes: no question is asked").isEmpty();
        assertThat(plan.restore()).containsExactlyInAnyOrder("a.txt", "sub/b.txt", "c.txt");
        assertThat(plan.delete()).containsExactly("made/new.txt");
        return plan;
    }

    @Test
    void aFileTheUserEditsAfterPlanningIsNotOverwrittenAndNothingChanges() throws Exception {
        Checkpoints.Plan plan = plan();
        Files.writeString(repo.resolve("sub/b.txt"), "the user's edit, saved after undo planned\n");
        String before = UndoAllOrNothingTest.listing(repo);

        assertThatThrownBy(() -> checkpoints.restore(plan)).isInstanceOf(ChangedMeanwhile.class)
                .hasMessageContaining("sub/b.txt changed while undo was running").hasMessageContaining("nothing was changed");

        assertThat(Files.readString(repo.resolve("sub/b.txt"))).isEqualTo("the user's edit, saved after undo planned\n");
        assertThat(UndoAllOrNothingTest.listing(repo)).as("all or nothing").isEqualTo(before);
    }

    @Test
    void aFileTheTurnMadeAndTheUserEditsAfterPlanningIsNotDeleted() throws Exception {
        Checkpoints.Plan plan = plan();
        Files.writeString(repo.resolve("made/new.txt"), "the user's work in the new file\n");

        assertThatThrownBy(() -> checkpoints.restore(plan)).isInstanceOf(ChangedMeanwhile.class).hasMessageContaining("made/new.txt");

        assertThat(Files.readString(repo.resolve("made/new.txt"))).isEqualTo("the user's work in the new file\n");
        assertThat(Files.readString(repo.resolve("a.txt"))).isEqualTo("the model's a\n");
    }

    @Test
    void aFileTheTurnDeletedAndTheUserRecreatesAfterPlanningIsNotOverwritten() throws Exception {
        Checkpoints.Plan plan = plan();
        Files.writeString(repo.resolve("c.txt"), "the user's new c\n");

        assertThatThrownBy(() -> checkpoints.restore(plan)).isInstanceOf(ChangedMeanwhile.class).hasMessageContaining("c.txt");

        assertThat(Files.readString(repo.resolve("c.txt"))).isEqualTo("the user's new c\n");
    }

    @Test
    void aChangeMadeWhileTheRestoreIsWritingStopsItAndEverythingIsPutBack() throws Exception {
        Checkpoints.Plan plan = plan();
        String before = UndoAllOrNothingTest.listing(repo);
        // a process writes sub/b.txt just as the restore writes its first file (a.txt)
        ConfinedWriter.Seam racing = (step, file) -> {
            if (step == ConfinedWriter.Step.TEMP_WRITTEN && file.getFileName().toString().equals("a.txt")) {
                Files.writeString(repo.resolve("sub/b.txt"), "written by a running build\n");
            }
        };

        assertThatThrownBy(() -> checkpoints.restore(plan, racing)).isInstanceOf(ChangedMeanwhile.class)
                .hasMessageContaining("sub/b.txt");

        assertThat(Files.readString(repo.resolve("sub/b.txt"))).isEqualTo("written by a running build\n");
        assertThat(Files.readString(repo.resolve("a.txt"))).as("the write already done is rolled back").isEqualTo("the model's a\n");
        assertThat(UndoAllOrNothingTest.listing(repo)).as("the tree as before, but for the racing write")
                .isEqualTo(before.replace(sha("the model's b\n"), sha("written by a running build\n")));
    }

    @Test
    void aPlanDoneAsPlannedRestoresTheCheckpointAndLeavesAFileItDidNotPlanAlone() throws Exception {
        Checkpoints.Plan plan = plan();
        // the user edits a file the turn never touched: not in the plan, so undo leaves it (planning again would revert it)
        Files.writeString(repo.resolve("other/d.txt"), "the user's edit to a file the model never touched\n");

        checkpoints.restore(plan);

        assertThat(Files.readString(repo.resolve("other/d.txt"))).isEqualTo("the user's edit to a file the model never touched\n");
        assertThat(CliRun.gitOutput(repo, "status", "--porcelain")).isEqualTo("M other/d.txt");
        assertThat(Files.exists(repo.resolve("made"))).as("the folder the turn made is removed").isFalse();
    }

    private static String sha(String content) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(content.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
