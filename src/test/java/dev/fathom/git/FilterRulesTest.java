package dev.fathom.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.testing.CliRun;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.ProcessResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A repository's filter drivers and hooks never run; what a user sees instead: the note that a filter was passed
 * over, and a commit refused (nothing committed, nothing left staged) when the filter is marked required.
 */
class FilterRulesTest {
    @TempDir
    Path tmp;

    /** A repository whose *.txt files use a filter that would leave a marker file if it ever ran. */
    private Path filtered(String clean, boolean required) throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        CliRun.git(repo, "init", "-q");
        Files.writeString(repo.resolve("notes.txt"), "notes\n");
        Files.writeString(repo.resolve("plain.md"), "plain\n");
        CliRun.git(repo, "add", ".");
        CliRun.git(repo, "commit", "-q", "-m", "start");
        Files.writeString(repo.resolve(".gitattributes"), "*.txt filter=tool\n");
        CliRun.git(repo, "add", ".gitattributes");
        CliRun.git(repo, "commit", "-q", "-m", "attributes");
        CliRun.git(repo, "config", "filter.tool.clean", clean);
        if (required) {
            CliRun.git(repo, "config", "filter.tool.required", "true");
        }
        return repo;
    }

    private String marker() {
        return tmp.resolve("ran").toString();
    }

    @Test
    void aRequiredFilterWithItsFileArgumentRefusesTheCommitAndLeavesNothingStaged() throws Exception {
        Path repo = filtered("touch " + marker() + "; cat %f", true);
        Files.writeString(repo.resolve("notes.txt"), "changed\n");
        String head = CliRun.gitOutput(repo, "rev-parse", "HEAD");
        try (GitRepo git = GitRepo.open(repo, Map.of())) {
            assertThatThrownBy(() -> git.commit("x", List.of())).isInstanceOf(GitException.class)
                    .hasMessageStartingWith("Refused to commit: a changed file needs the git filter `touch " + marker() + "; cat ")
                    .hasMessageEndingWith("which the git config marks required, and Fathom's git never runs filters (they are repository "
                            + "code). Ask the user to commit it with git.");
            assertThatThrownBy(() -> git.commit("x", List.of("notes.txt"))).hasMessageStartingWith("Refused to commit");
            // a change that needs no filter is committed
            Files.writeString(repo.resolve("plain.md"), "plain, changed\n");
            assertThat(git.commit("md only", List.of("plain.md")).paths()).containsExactly("plain.md");
        }
        assertThat(Path.of(marker())).doesNotExist();
        assertThat(CliRun.gitOutput(repo, "rev-parse", "HEAD~1")).isEqualTo(head);
        assertThat(CliRun.gitOutput(repo, "-c", "core.fsmonitor=false", "diff", "--cached", "--name-only")).isEmpty();
    }

    @Test
    void aFilterNotMarkedRequiredIsPassedOverTheCommitHappensAndTheNoteSaysSo() throws Exception {
        Path repo = filtered("touch " + marker() + "; cat", false);
        Files.writeString(repo.resolve("notes.txt"), "changed\n");
        try (GitRepo git = GitRepo.open(repo, Map.of())) {
            assertThat(git.skippedFilterNote()).isNull();
            git.commit("notes", List.of());
            assertThat(git.skippedFilterNote()).isEqualTo("Note: the repository's git filter `touch " + marker() + "; cat` was not run "
                    + "(Fathom's git runs no repository code), so files that use it are compared as they are on disk and may show as changed.");
        }
        assertThat(Path.of(marker())).doesNotExist();
        assertThat(CliRun.gitOutput(repo, "show", "HEAD:notes.txt")).isEqualTo("changed");
    }

    @Test
    void aRequiredFilterPassedOverWhileStagingForAFixRefusesTheLaterCommit() throws Exception {
        Path repo = filtered("touch " + marker() + "; cat", true);
        try (GitRepo git = GitRepo.open(repo, Map.of())) {
            FixBaseline start = FixBaseline.record(git, List.of());
            Files.writeString(repo.resolve("notes.txt"), "fixed\n");
            start.stage(start.changes());
            String head = CliRun.gitOutput(repo, "rev-parse", "HEAD");
            assertThatThrownBy(() -> git.commitStaged("fix")).hasMessageStartingWith("Refused to commit: a changed file needs the git filter "
                    + "`touch " + marker() + "; cat`");
            assertThat(CliRun.gitOutput(repo, "rev-parse", "HEAD")).isEqualTo(head);
        }
        assertThat(Path.of(marker())).doesNotExist();
    }

    @Test
    void aFilterWhoseConfigIsBlankOrNotRequiredIsNoRequirement() throws Exception {
        Path repo = filtered("touch " + marker() + "; cat", false);
        CliRun.git(repo, "config", "filter.other.clean", " ");
        CliRun.git(repo, "config", "filter.other.required", "true");
        CliRun.git(repo, "config", "filter.third.required", "true");
        Files.writeString(repo.resolve("notes.txt"), "changed\n");
        try (GitRepo git = GitRepo.open(repo, Map.of())) {
            assertThat(git.commitStaged("nothing staged, still a commit")).isNotNull();
            git.commit("notes", List.of("notes.txt"));
        }
        assertThat(CliRun.gitOutput(repo, "show", "HEAD:notes.txt")).isEqualTo("changed");
    }

    @Test
    void onlyTheFirstFiveFiltersAreRememberedInTheOrderMet() throws Exception {
        InertFS fs = new InertFS();
        for (int i = 1; i <= 7; i++) {
            fs.execute(fs.runInShell("filter" + i, new String[0]), null);
        }
        fs.execute(new ProcessBuilder("plain", "argv"), new ByteArrayInputStream(new byte[0]));
        assertThat(fs.skippedFilters()).containsExactly("filter1", "filter2", "filter3", "filter4", "filter5");
        InertFS other = new InertFS();
        other.execute(new ProcessBuilder("plain", "argv"), null);
        other.execute(new ProcessBuilder("sh", "-c"), null);
        assertThat(other.skippedFilters()).as("a command line without a shell's -c script is shown whole").containsExactly("plain argv", "sh -c");
    }

    @Test
    void aRequiredFilterFailsAtOnceWhenStrictAndIsRememberedOtherwiseAndACopyOfTheViewKeepsItAll() throws Exception {
        InertFS fs = new InertFS();
        fs.require(Set.of("lfs clean "), true);
        FS copy = fs.newInstance();
        assertThat(copy).isInstanceOf(InertFS.class);
        assertThatThrownBy(() -> copy.execute(fs.runInShell("lfs clean 'a.bin'", new String[0]), null))
                .isInstanceOf(InertFS.FilterSkippedException.class).hasMessage("the git filter `lfs clean 'a.bin'` would be needed")
                .satisfies(e -> assertThat(((InertFS.FilterSkippedException) e).command()).isEqualTo("lfs clean 'a.bin'"));

        fs.require(Set.of("lfs clean "), false);
        FS.ExecutionResult passed = fs.execute(fs.runInShell("lfs clean 'b.bin'", new String[0]),
                new ByteArrayInputStream("bytes".getBytes(StandardCharsets.UTF_8)));
        assertThat(new String(passed.getStdout().toByteArray(), StandardCharsets.UTF_8)).isEqualTo("bytes");
        assertThat(fs.requiredSkipped()).isEqualTo("lfs clean 'b.bin'");
        InertFS later = (InertFS) fs.newInstance();
        assertThat(later.requiredSkipped()).isEqualTo("lfs clean 'b.bin'");
        assertThat(later.skippedFilters()).containsExactly("lfs clean 'b.bin'");
        later.execute(fs.runInShell("other", new String[0]), null);
        assertThat(fs.skippedFilters()).as("one list for the repository and its copies").containsExactly("lfs clean 'b.bin'", "other");

        fs.require(Set.of(), true);
        assertThat(fs.execute(fs.runInShell("lfs clean 'c.bin'", new String[0]), null).getRc()).isZero();
    }

    @Test
    void noHookIsEverFoundOrRunAndNoProcessStarts() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        CliRun.git(repo, "init", "-q");
        Path hook = repo.resolve(".git/hooks/pre-commit");
        Files.writeString(hook, "#!/bin/sh\ntouch " + marker() + "\n");
        hook.toFile().setExecutable(true);
        InertFS fs = new InertFS();
        try (var r = Repositories.open(Repositories.locate(repo, Map.of()))) {
            assertThat(fs.findHook(r, "pre-commit")).isNull();
            ProcessResult result = fs.runHookIfPresent(r, "pre-commit", new String[0], new ByteArrayOutputStream(), new ByteArrayOutputStream(),
                    null);
            assertThat(result.getStatus()).isEqualTo(ProcessResult.Status.NOT_PRESENT);
        }
        assertThatThrownBy(() -> fs.runProcess(new ProcessBuilder("touch", marker()), null, null, (java.io.InputStream) null))
                .hasMessage("Fathom's git runs no programs (refused: touch " + marker() + ")");
        assertThat(Path.of(marker())).doesNotExist();
    }
}
