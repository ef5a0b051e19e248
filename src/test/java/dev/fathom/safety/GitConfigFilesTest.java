package dev.fathom.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.lib.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link GitConfigFiles}: a config is read as git reads it, where JGit's own parser would not (a setting on its
 * section's line, a setting before any section), and read again once it changes.
 */
class GitConfigFilesTest {
    @TempDir
    Path tmp;

    @Test
    void aSettingOnItsSectionsLineIsRead() throws Exception {
        Path file = tmp.resolve("config");
        Files.writeString(file, "[user]\n\tname = u\n[core] hooksPath = .githooks\n[core]fsmonitor = ./mon\n");

        Config config = GitConfigFiles.read(file).orElseThrow();

        assertThat(config.getString("core", null, "hooksPath")).isEqualTo(".githooks");
        assertThat(config.getString("core", null, "fsmonitor")).isEqualTo("./mon");
        assertThat(config.getString("user", null, "name")).isEqualTo("u");
    }

    @Test
    void aSettingBeforeAnySectionDoesNotHideTheRest() throws Exception {
        Path file = tmp.resolve("config");
        Files.writeString(file, "stray = 1\n[core]\n\thooksPath = .githooks\n");

        assertThat(GitConfigFiles.read(file).orElseThrow().getString("core", null, "hooksPath")).isEqualTo(".githooks");
    }

    @Test
    void aFileGitRefusesHasNoSettings() throws Exception {
        Path file = tmp.resolve("config");
        Files.writeString(file, "[core\n\thooksPath = .githooks\n");

        assertThat(GitConfigFiles.read(file)).isEmpty();
        assertThat(GitConfigFiles.read(tmp.resolve("missing"))).isEmpty();
    }

    @Test
    void aChangedFileIsReadAgain() throws Exception {
        Path file = tmp.resolve("config");
        Files.writeString(file, "[core]\n\thooksPath = one\n");
        assertThat(GitConfigFiles.read(file).orElseThrow().getString("core", null, "hooksPath")).isEqualTo("one");

        Files.writeString(file, "[core]\n\thooksPath = two\n");

        assertThat(GitConfigFiles.read(file).orElseThrow().getString("core", null, "hooksPath")).isEqualTo("two");
    }

    @Test
    void aListingKeepsSubsectionsWithDotsValuelessKeysAndEveryValue() {
        Config config = GitConfigFiles.parseListing("includeif.gitdir:~/w/.path\n../a\0core.fsmonitor\0include.path\na\0include.path\nb\0"
                + "remote.o.url\nx\ny\0nosection\0");

        assertThat(config.getString("includeIf", "gitdir:~/w/", "path")).isEqualTo("../a");
        assertThat(config.getString("core", null, "fsmonitor")).isEmpty();
        assertThat(config.getStringList("include", null, "path")).containsExactly("a", "b");
        assertThat(config.getString("remote", "o", "url")).isEqualTo("x\ny");
        assertThat(config.getSections()).containsExactlyInAnyOrder("includeif", "core", "include", "remote");
    }
}
