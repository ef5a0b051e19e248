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
    void aGitPlantedOnThePathIsNeverRun() throws Exception {
        // a PATH may name a folder a sandboxed command can write (node_modules/.bin); Fathom runs the system's git only
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Files.writeString(bin.resolve("git"), "#!/bin/sh\ntouch '" + tmp.resolve("pwned") + "'\n");
        Files.setPosixFilePermissions(bin.resolve("git"), java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path file = tmp.resolve("config");
        Files.writeString(file, "[core] hooksPath = .githooks\n");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                dev.fathom.testing.ForkedCli.testClassPath(), GitConfigFilesPathMain.class.getName(), file.toString()).redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));

        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

        assertThat(p.waitFor()).as(out).isZero();
        assertThat(tmp.resolve("pwned")).as("the git on the PATH ran").doesNotExist();
        assertThat(out).isEqualTo(".githooks\n");
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
