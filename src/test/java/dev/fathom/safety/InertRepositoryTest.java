package dev.fathom.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link InertRepository} against the git CLI as the oracle: what git reads from a config Fathom cleaned holds no
 * setting that names a program, however the hostile text was written; and a repository made by {@code git init} or
 * {@code git clone} alone is already inert (nothing of it would be taken out).
 */
class InertRepositoryTest {
    /** Settings known to run a program or read more settings; none may survive cleaning. */
    static final List<String> RUNS_PROGRAMS = List.of("core.fsmonitor", "core.hookspath", "core.pager", "core.editor", "core.sshcommand",
            "include.path", "filter.", "alias.", "uploadpack", "diff.external", "textconv", "credential.", "init.templatedir");

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {
            "[core]\n\tfsmonitor = /x/evil\n",
            "[core]fsmonitor = /x/evil\n",
            "[Core]\n\tFSMonitor = /x/evil\n",
            "[core \"x\"]\n\tfsmonitor = /x/evil\n[filter.a]\n\tclean = /x/evil\n",
            "[user]\n\tname = a \\\n\tb\n[core]\n\tfsmonitor = /x/evil\n",
            "[user]\n\tname = x ; [core] fsmonitor = /x/evil\n[core]\n\thooksPath = /x/hooks\n",
            "[user] name = x\n[include]\n\tpath = other.cfg\n[includeIf \"gitdir:/\"]\n\tpath = other.cfg\n",
            "[filter \"a\"]\n\tclean = /x/evil\n\tsmudge = /x/evil\n[diff \"a\"]\n\ttextconv = /x/evil\n[diff]\n\texternal = /x/evil\n",
            "[alias]\n\tst = !/x/evil\n[remote \"o\"]\n\turl = /x/repo\n\tuploadpack = /x/evil\n",
            "[core]\r\n\tfsmonitor = /x/evil\r\n\tpager = /x/evil\r\n",
            "\uFEFF[core]\n\tfsmonitor = /x/evil\n",
            "[core]\n fsmonitor=/x/evil\n\teditor = \"/x/evil\" --wait\n\tsshCommand = /x/evil\n",
            "[credential]\n\thelper = /x/evil\n[credential \"https://h\"]\n\thelper = /x/evil\n[init]\n\ttemplateDir = /x/t\n",
            "[core]\n\trepositoryformatversion = 0\n\tfsmonitor\n[user]\n\tname = \"quoted ; not a comment\"\n",
    })
    void whatGitReadsFromACleanedConfigNamesNoProgram(String hostile) throws Exception {
        Path original = tmp.resolve("hostile");
        Files.writeString(original, hostile);
        assertThat(git(tmp, "config", "-f", original.toString(), "--list", "--name-only").lines())
                .as("git itself reads a setting that runs a program from the hostile text")
                .anyMatch(key -> RUNS_PROGRAMS.stream().anyMatch(key::contains));

        Optional<PlainConfig.Plain> plain = PlainConfig.plain(hostile);
        if (plain.isEmpty()) {
            return; // not cleaned: the whole file is taken out, and git reads nothing from it
        }
        Path file = tmp.resolve("config");
        Files.writeString(file, plain.get().text());
        String listed = git(tmp, "config", "-f", file.toString(), "--list", "--name-only");
        for (String key : listed.lines().toList()) {
            assertThat(RUNS_PROGRAMS).as("git reads " + key + " from the cleaned config:\n" + plain.get().text())
                    .noneMatch(key::contains);
            int first = key.indexOf('.');
            int last = key.lastIndexOf('.');
            String sub = first == last ? null : key.substring(first + 1, last);
            assertThat(PlainConfig.isPlain(key.substring(0, first), sub, key.substring(last + 1)))
                    .as("git reads " + key + ", which is not on the plain list").isTrue();
        }
        assertThat(plain.get().dropped()).as("what was taken out is reported").isNotEmpty();
    }

    @Test
    void plainSettingsStayByteForByte() throws Exception {
        git(tmp, "init", "-q", "r");
        Path r = tmp.resolve("r");
        git(r, "remote", "add", "origin", "https://example.com/x.git");
        git(r, "config", "user.name", "A B");
        git(r, "config", "branch.main.merge", "refs/heads/main");
        git(r, "config", "core.autocrlf", "input");
        String text = Files.readString(r.resolve(".git/config"));

        Optional<PlainConfig.Plain> plain = PlainConfig.plain(text);

        assertThat(plain).isPresent();
        assertThat(plain.get().text()).isEqualTo(text);
        assertThat(plain.get().dropped()).isEmpty();
    }

    @Test
    void onlyARemoteOnAnotherMachineIsPlain() {
        for (String url : new String[] {"https://example.com/x.git", "git@github.com:o/r.git", "ssh://git@h/x", "git://h/x", "host:repo"}) {
            assertThat(PlainConfig.plain("[remote \"o\"]\n\turl = " + url + "\n").orElseThrow().dropped()).as(url).isEmpty();
        }
        for (String url : new String[] {"/work/ws/.cache/origin.git", "../up", "file:///tmp/x", "ext::sh -c evil", "fd::3", "./x:y", ":x", "/x:y"}) {
            assertThat(PlainConfig.plain("[remote \"o\"]\n\turl = " + url + "\n").orElseThrow().dropped()).as(url)
                    .containsExactly("remote.o.url");
        }
    }

    @Test
    void aWorktreeSettingStaysOnlyWhereItNamesTheWorkTree() throws Exception {
        Path workTree = Files.createDirectories(tmp.resolve("w"));
        Path repo = Files.createDirectories(tmp.resolve("w/.git/modules/s"));
        Files.createDirectories(tmp.resolve("elsewhere"));

        assertThat(PlainConfig.plain("[core]\n\tworktree = ../../..\n", repo, workTree).orElseThrow().dropped()).isEmpty();
        assertThat(PlainConfig.plain("[core]\n\tworktree = ../../../../elsewhere\n", repo, workTree).orElseThrow().dropped())
                .containsExactly("core.worktree");
        assertThat(PlainConfig.plain("[core]\n\tworktree = ../../missing\n", repo, workTree).orElseThrow().dropped())
                .containsExactly("core.worktree");
        assertThat(PlainConfig.plain("[core]\n\tworktree = ../../..\n").orElseThrow().dropped()).as("no work tree known")
                .containsExactly("core.worktree");
    }

    @Test
    void aConfigOverOneMebibyteIsTakenOutWhole() {
        String line = "# " + "x".repeat(1021) + "\n"; // 1 KiB
        String mebibyte = "[user]\n\tname = u\n" + line.repeat(1023) + "#".repeat(1024 - 18) + "\n";
        assertThat(mebibyte).hasSize(1 << 20);

        assertThat(PlainConfig.plain(mebibyte)).isPresent();
        assertThat(PlainConfig.plain(mebibyte + "#")).isEmpty();
    }

    @Test
    void aRepositoryGitInitOrCloneMadeIsAlreadyInert() throws Exception {
        git(tmp, "init", "-q", "up");
        git(tmp.resolve("up"), "-c", "user.name=u", "-c", "user.email=u@u", "commit", "-q", "--allow-empty", "-m", "x");
        git(tmp, "clone", "-q", tmp.resolve("up").toString(), "down");
        // a clone from a local path keeps that path as its remote, which is not plain (see onlyARemoteOnAnotherMachineIsPlain)
        git(tmp.resolve("down"), "remote", "set-url", "origin", "https://example.com/up.git");

        for (Path repo : List.of(tmp.resolve("up/.git"), tmp.resolve("down/.git"))) {
            Map<Path, InertRepository.Inert> expected = InertRepository.expected(repo, repo.getParent());
            assertThat(expected).as("git's own sample hooks are looked at").containsKey(repo.resolve("hooks/pre-commit.sample"));
            expected.forEach((p, inert) -> assertThat(GitSurface.read(p)).as(p + " would be taken out").isEqualTo(inert.state()));
        }
    }

    @Test
    void aHookACommondirAndAProgramSettingMustGo() throws Exception {
        git(tmp, "init", "-q", "r");
        Path repo = tmp.resolve("r/.git");
        Files.writeString(repo.resolve("hooks/pre-commit"), "#!/bin/sh\n");
        Files.writeString(repo.resolve("hooks/post-checkout.sample.d"), "#!/bin/sh\n");
        Files.writeString(repo.resolve("commondir"), "../../other/.git\n");
        Files.writeString(repo.resolve("config"), "[core]\n\tbare = false\n\tfsmonitor = /x/evil\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);

        Map<Path, InertRepository.Inert> expected = InertRepository.expected(repo, repo.getParent());

        assertThat(expected.get(repo.resolve("hooks/pre-commit")).state()).isInstanceOf(GitSurface.Missing.class);
        assertThat(expected.get(repo.resolve("hooks/post-checkout.sample.d")).state()).isInstanceOf(GitSurface.Missing.class);
        assertThat(expected.get(repo.resolve("commondir")).state()).isInstanceOf(GitSurface.Missing.class);
        InertRepository.Inert config = expected.get(repo.resolve("config"));
        assertThat(config.why()).contains("core.fsmonitor");
        assertThat(new String(((GitSurface.File) config.state()).bytes(), StandardCharsets.UTF_8))
                .contains("bare = false").doesNotContain("fsmonitor");
    }

    @Test
    void theGitlinksOfTheIndexAreTheRepositoriesGitLooksInto() throws Exception {
        git(tmp, "init", "-q", "r");
        Path r = tmp.resolve("r");
        git(r, "init", "-q", "inner");
        git(r.resolve("inner"), "-c", "user.name=u", "-c", "user.email=u@u", "commit", "-q", "--allow-empty", "-m", "x");
        git(r, "add", "inner");
        Files.writeString(r.resolve(".gitmodules"), "[submodule \"later\"]\n\tpath = later\n\turl = ../x\n");

        Optional<List<Path>> subs = Submodules.of(r.resolve(".git"), r);

        assertThat(subs).contains(List.of(r.resolve("inner/.git"), r.resolve("later/.git")));
    }

    @Test
    void anIndexThatCannotBeReadLeavesTheRepositoriesUnknown() throws Exception {
        git(tmp, "init", "-q", "r");
        Path r = tmp.resolve("r");
        Files.writeString(r.resolve("a.txt"), "x");
        git(r, "add", "a.txt");
        Files.writeString(r.resolve(".git/index"), "DIRC but not an index"); // neither JGit nor git can read it

        assertThat(Submodules.of(r.resolve(".git"), r)).isEmpty();
    }

    @Test
    void anIndexOnlyGitReadsIsReadByGit() throws Exception {
        git(tmp, "init", "-q", "r");
        Path r = tmp.resolve("r");
        git(r, "init", "-q", "inner");
        git(r.resolve("inner"), "-c", "user.name=u", "-c", "user.email=u@u", "commit", "-q", "--allow-empty", "-m", "x");
        git(r, "add", "inner");
        byte[] index = Files.readAllBytes(r.resolve(".git/index"));
        index[index.length - 1] ^= 1; // a wrong checksum: JGit refuses the index, git reads it
        Files.write(r.resolve(".git/index"), index);

        assertThat(Submodules.of(r.resolve(".git"), r)).contains(List.of(r.resolve("inner/.git")));
    }

    static String git(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }
}
