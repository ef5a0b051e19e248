package dev.fathom.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The message a model reads when a push cannot reach its remote: one sentence naming the branch and what the transport
 * said, never a Java exception's class name, and never the token (with or without one given).
 */
class PushMessageTest {
    @TempDir
    Path tmp;

    @Test
    void aPushToAMissingRemoteSaysWhatTheTransportSaidInPlainWords() throws Exception {
        Path mine = Files.createDirectories(tmp.resolve("mine"));
        CliRun.git(mine, "init", "-q", "-b", "main");
        Files.writeString(mine.resolve("a.txt"), "a\n");
        CliRun.git(mine, "add", ".");
        CliRun.git(mine, "commit", "-q", "-m", "a");
        CliRun.git(mine, "remote", "add", "origin", tmp.resolve("gone-t0ken.git").toString());

        try (GitRepo git = GitRepo.open(mine, Map.of())) {
            for (String token : new String[] {null, "t0ken"}) {
                assertThatThrownBy(() -> git.push("main", token)).isInstanceOf(GitException.class)
                        .hasMessageStartingWith("Cannot push main to origin: ")
                        .hasMessageContaining(token == null ? "gone-t0ken.git" : "gone-***.git")
                        .satisfies(e -> assertThat(e.getMessage()).as("no Java class name").doesNotContainPattern("[a-z]+\\.[a-z]+\\.\\w*Exception"));
            }
        }
    }
}
