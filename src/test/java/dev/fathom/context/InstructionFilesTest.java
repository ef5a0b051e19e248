package dev.fathom.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CLAUDE.md where there is no AGENTS.md, the user's global AGENTS.md, and links out of the repository. */
class InstructionFilesTest {
    @TempDir
    Path tmp;

    @Test
    void claudeMdIsReadWhereThereIsNoAgentsMd() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        Files.createDirectories(repo.resolve(".git"));
        Files.writeString(repo.resolve("CLAUDE.md"), "Use tabs.");
        Path sub = Files.createDirectories(repo.resolve("sub"));
        Files.writeString(sub.resolve("AGENTS.md"), "Sub rules.");
        Files.writeString(sub.resolve("CLAUDE.md"), "Ignored: AGENTS.md is here.");
        String text = ProjectInstructions.load(sub);
        assertThat(text).contains("## CLAUDE.md\n\nUse tabs.", "## sub/AGENTS.md\n\nSub rules.").doesNotContain("Ignored");
    }

    @Test
    void theUsersGlobalInstructionsComeFirst() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        Files.createDirectories(repo.resolve(".git"));
        Files.writeString(repo.resolve("AGENTS.md"), "Project rules.");
        Path home = Files.createDirectories(tmp.resolve("home/.fathom"));
        Files.writeString(home.resolve("AGENTS.md"), "Answer in French.");
        String text = ProjectInstructions.load(repo, home);
        assertThat(text).contains("Answer in French.", "Project rules.");
        assertThat(text.indexOf("Answer in French.")).isLessThan(text.indexOf("Project rules."));
        assertThat(ProjectInstructions.load(Files.createDirectories(tmp.resolve("empty")), home)).contains("Answer in French.");
    }

    @Test
    void aLinkOutOfTheRepositoryIsNotRead() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        Files.createDirectories(repo.resolve(".git"));
        Path secret = Files.writeString(tmp.resolve("id_rsa"), "PRIVATE KEY");
        Files.createSymbolicLink(repo.resolve("AGENTS.md"), secret);
        Files.writeString(repo.resolve("rules.md"), "Inside rules.");
        Files.createSymbolicLink(repo.resolve("FATHOM.md"), repo.resolve("rules.md"));
        String text = ProjectInstructions.load(repo);
        assertThat(text).doesNotContain("PRIVATE KEY").contains("Inside rules.");
    }
}
