package dev.fathom.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.eclipse.jgit.util.FS;
import org.junit.jupiter.api.Test;

/** The file system view under which JGit starts no program: no git lookup, no hook, filters pass content through. */
class InertFSTest {
    @Test
    void neverLooksForTheGitExecutableNorRunsAProcess() {
        InertFS fs = new InertFS();
        assertThat(fs.getGitSystemConfig()).as("found by running git").isNull();
        assertThat(fs.newInstance()).isInstanceOf(InertFS.class);
        assertThatThrownBy(() -> fs.runProcess(new ProcessBuilder("touch", "/tmp/never"), null, null, (String) null))
                .isInstanceOf(IOException.class).hasMessageContaining("runs no programs");
    }

    @Test
    void aFilterPassesItsInputThroughAndIsRemembered() throws Exception {
        InertFS fs = new InertFS();
        FS.ExecutionResult r = fs.execute(fs.runInShell("rm -rf ~", new String[0]),
                new ByteArrayInputStream("content\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(r.getRc()).isZero();
        assertThat(new String(r.getStdout().toByteArray(), StandardCharsets.UTF_8)).isEqualTo("content\n");
        assertThat(fs.skippedFilters()).containsExactly("rm -rf ~");
    }
}
