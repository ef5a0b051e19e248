package dev.fathom.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.tools.Checkpointing;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints do not hold a submodule's files; the user hears so once, before the session's first change. */
class SubmoduleCheckpointTest {
    @TempDir
    Path tmp;

    @Test
    void aSuperprojectSessionIsToldOnceBeforeItsFirstChange() {
        Path sup = RepoStates.superproject(tmp);
        Checkpointing session = new Checkpointing(() -> Checkpoints.forWorkspace(sup, Map.of()), "s1");
        session.startRun();
        assertThat(session.beforeChange()).isEqualTo("checkpoints do not cover changes inside submodules (lib): undo will not put back"
                + " files changed there.");
        assertThat(session.beforeChange()).as("once per run").isNull();
        session.endRun();
        session.startRun();
        assertThat(session.beforeChange()).as("once per session").isNull();
    }

    @Test
    void aRepositoryWithoutSubmodulesHearsNothing() {
        Path repo = RepoStates.plain(tmp);
        Checkpointing session = new Checkpointing(() -> Checkpoints.forWorkspace(repo, Map.of()), "s1");
        session.startRun();
        assertThat(session.beforeChange()).isNull();
    }
}
