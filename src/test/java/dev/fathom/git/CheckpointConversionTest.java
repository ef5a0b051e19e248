package dev.fathom.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint does not re-read a file unchanged since the index, but where git stores a converted copy (CRLF on disk,
 * LF in the repository) the index's blob is not the file's bytes: such a file must be read, or undo writes LF endings.
 */
class CheckpointConversionTest {
    @TempDir
    Path tmp;

    @Test
    void anUnchangedCrlfFileUnderEolCrlfComesBackByteForByte() throws Exception {
        undoRestoresExactBytes(RepoStates::eolCrlf);
    }

    @Test
    void anUnchangedCrlfFileUnderAutoCrlfComesBackByteForByte() throws Exception {
        undoRestoresExactBytes(RepoStates::autoCrlf);
    }

    private void undoRestoresExactBytes(Function<Path, Path> state) throws Exception {
        Path repo = state.apply(tmp);
        byte[] before = Files.readAllBytes(repo.resolve("c.txt"));
        assertThat(new String(before)).isEqualTo("three\r\n");
        Checkpoints checkpoints = Checkpoints.forWorkspace(repo, Map.of());
        int n = checkpoints.take("before");
        Files.writeString(repo.resolve("c.txt"), "rewritten by the model\r\n");
        checkpoints.markAfter(n);

        checkpoints.restore(n);

        assertThat(Files.readAllBytes(repo.resolve("c.txt"))).isEqualTo(before);
    }
}
