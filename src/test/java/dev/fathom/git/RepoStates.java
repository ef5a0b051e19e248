package dev.fathom.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Repository states as users have them, built with the real {@code git} command line. Each builder makes the state
 * under a fresh root folder and returns the folder a user would start Fathom in; building twice gives the same
 * contents (so one copy can be committed by Fathom and the other by git).
 */
final class RepoStates {
    private RepoStates() {
    }

    /**
     * The timeout of a test over every state, in place of the default 5 minutes: the 50,000-file state is built (and, to
     * be committed, copied) inside the test: on a 2-core machine at a load of 25 the build took 116-243 s and the undo case
     * 497 s in all.
     */
    static final long LARGE_STATE_MINUTES = 20;

    /**
     * A named state: {@code build} makes it under the given root and returns the workspace; {@code env} gives, for that
     * workspace, the environment git and Fathom must both run with ({@code GIT_DIR}, {@code GIT_WORK_TREE}); {@code large}
     * marks a state slow enough to build that a test class should build it once and share it.
     */
    record State(String name, Function<Path, Path> build, Function<Path, Map<String, String>> env, boolean large) {
        State(String name, Function<Path, Path> build) {
            this(name, build, ws -> Map.of(), false);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static List<State> all() {
        return List.of(
                new State("plain", RepoStates::plain),
                new State("linked worktree", RepoStates::linkedWorktree),
                new State("separate git dir", RepoStates::separateGitDir),
                new State("submodule checkout", RepoStates::submoduleCheckout),
                new State("superproject, dirty submodule", RepoStates::superproject),
                new State("sparse cone", RepoStates::sparseCone),
                new State("merge with conflicts", RepoStates::mergeWithConflicts),
                new State("rebase with a conflict", RepoStates::rebaseWithConflict),
                new State("detached HEAD", RepoStates::detachedHead),
                new State("eol=crlf", RepoStates::eolCrlf),
                new State("core.autocrlf", RepoStates::autoCrlf),
                new State("tracked but ignored", RepoStates::trackedIgnored),
                new State("unicode and space paths", RepoStates::unicodePaths),
                new State("LFS pointers without LFS", RepoStates::lfsPointers),
                new State("intent to add (git add -N)", RepoStates::intentToAdd),
                new State("GIT_DIR and GIT_WORK_TREE (dotfiles)", RepoStates::dotfiles, RepoStates::dotfilesEnv, false),
                new State("50,000 files", RepoStates::fiftyThousandFiles, ws -> Map.of(), true));
    }

    /** Runs git with fixed dates, so that the same state built twice has the same commit ids. */
    static void git(Path dir, String... args) {
        git(dir, Map.of(), args);
    }

    /** As {@link #git(Path, String...)}, with these environment variables added. */
    static void git(Path dir, Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>(List.of("git", "-c", "user.name=Test", "-c", "user.email=test@example.com",
                "-c", "commit.gpgsign=false", "-c", "protocol.file.allow=always"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("GIT_AUTHOR_DATE", "2025-01-01T00:00:00Z");
        pb.environment().put("GIT_COMMITTER_DATE", "2025-01-01T00:00:00Z");
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0 && !args[0].equals("merge") && !args[0].equals("rebase")) {
                throw new IllegalStateException("git " + String.join(" ", args) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A repository with a.txt, sub/b.txt, c.txt and other/d.txt committed on main. */
    static Path base(Path repo) {
        write(repo.resolve("a.txt"), "one\n");
        write(repo.resolve("sub/b.txt"), "two\n");
        write(repo.resolve("c.txt"), "three\n");
        write(repo.resolve("other/d.txt"), "four\n");
        git(repo, "init", "-q", "-b", "main");
        git(repo, "add", ".");
        git(repo, "commit", "-q", "-m", "base");
        return repo;
    }

    /** The usual mix: a.txt modified, sub/b.txt modified and staged, c.txt deleted, new.txt untracked. */
    static Path changes(Path work) {
        write(work.resolve("a.txt"), "one\nmore\n");
        write(work.resolve("sub/b.txt"), "two, staged\n");
        git(work, "add", "sub/b.txt");
        try {
            Files.delete(work.resolve("c.txt"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        write(work.resolve("new.txt"), "new\n");
        return work;
    }

    static Path plain(Path root) {
        return changes(base(root.resolve("repo")));
    }

    static Path linkedWorktree(Path root) {
        Path main = base(root.resolve("main"));
        git(main, "worktree", "add", "-q", root.resolve("wt").toString(), "-b", "feature");
        write(main.resolve("main-only.txt"), "the main worktree's own file\n");
        write(main.resolve("a.txt"), "changed in main\n");
        return changes(root.resolve("wt"));
    }

    static Path separateGitDir(Path root) {
        Path repo = root.resolve("repo");
        write(repo.resolve("a.txt"), "one\n");
        write(repo.resolve("sub/b.txt"), "two\n");
        write(repo.resolve("c.txt"), "three\n");
        write(root.resolve("beside.txt"), "a file next to the work tree, not in it\n");
        git(root, "init", "-q", "-b", "main", "--separate-git-dir", root.resolve("gitdir").toString(), repo.toString());
        git(repo, "add", ".");
        git(repo, "commit", "-q", "-m", "base");
        return changes(repo);
    }

    /** The superproject with a submodule at lib; returns the superproject. */
    private static Path withSubmodule(Path root) {
        Path lib = base(root.resolve("libsrc"));
        Path sup = base(root.resolve("super"));
        git(sup, "submodule", "add", "-q", "../libsrc", "lib");
        git(sup, "commit", "-q", "-m", "add lib");
        return sup;
    }

    static Path submoduleCheckout(Path root) {
        return changes(withSubmodule(root).resolve("lib"));
    }

    static Path superproject(Path root) {
        Path sup = withSubmodule(root);
        write(sup.resolve("lib/a.txt"), "changed inside the submodule\n");
        return changes(sup);
    }

    static Path sparseCone(Path root) {
        Path repo = base(root.resolve("repo"));
        git(repo, "sparse-checkout", "set", "--cone", "sub");
        return changes(repo);
    }

    /** Branches main and topic that both changed a.txt (and topic sub/b.txt too), main checked out. */
    static Path divergent(Path root) {
        Path repo = base(root.resolve("repo"));
        git(repo, "checkout", "-q", "-b", "topic");
        write(repo.resolve("a.txt"), "topic's one\n");
        write(repo.resolve("sub/b.txt"), "two\ntopic's line\n");
        git(repo, "commit", "-q", "-am", "topic");
        git(repo, "checkout", "-q", "main");
        write(repo.resolve("a.txt"), "main's one\n");
        git(repo, "commit", "-q", "-am", "main");
        return repo;
    }

    static Path rebaseWithConflict(Path root) {
        Path repo = divergent(root);
        git(repo, "rebase", "topic"); // stops at the conflict in a.txt
        return repo;
    }

    static Path mergeWithConflicts(Path root) {
        Path repo = divergent(root);
        git(repo, "merge", "topic"); // fails with a conflict in a.txt; sub/b.txt merges cleanly
        write(repo.resolve("new.txt"), "new\n");
        write(repo.resolve("c.txt"), "three, edited during the merge\n");
        return repo;
    }

    static Path detachedHead(Path root) {
        Path repo = base(root.resolve("repo"));
        git(repo, "checkout", "-q", "--detach", "HEAD");
        return changes(repo);
    }

    static Path eolCrlf(Path root) {
        Path repo = root.resolve("repo");
        write(repo.resolve(".gitattributes"), "*.txt text eol=crlf\n");
        write(repo.resolve("a.txt"), "one\r\ntwo\r\nthree\r\n");
        write(repo.resolve("sub/b.txt"), "two\r\n");
        write(repo.resolve("c.txt"), "three\r\n");
        git(repo.getParent(), "init", "-q", "-b", "main", repo.toString());
        git(repo, "add", ".");
        git(repo, "commit", "-q", "-m", "base");
        write(repo.resolve("a.txt"), "one\r\nTWO\r\nthree\r\n");
        write(repo.resolve("sub/b.txt"), "two\r\nmore\r\n");
        git(repo, "add", "sub/b.txt");
        write(repo.resolve("new.txt"), "new\r\n");
        return repo;
    }

    /** core.autocrlf=true: CRLF on disk, LF in the repository; one line changed. */
    static Path autoCrlf(Path root) {
        Path repo = root.resolve("repo");
        write(repo.resolve("a.txt"), "one\r\ntwo\r\nthree\r\n");
        write(repo.resolve("c.txt"), "three\r\n");
        git(repo.getParent(), "init", "-q", "-b", "main", repo.toString());
        git(repo, "config", "core.autocrlf", "true");
        git(repo, "add", ".");
        git(repo, "commit", "-q", "-m", "base");
        write(repo.resolve("a.txt"), "one\r\nTWO\r\nthree\r\n");
        write(repo.resolve("new.txt"), "new\r\n");
        return repo;
    }

    static Path trackedIgnored(Path root) {
        Path repo = base(root.resolve("repo"));
        write(repo.resolve(".gitignore"), "*.log\nbuild/\n");
        write(repo.resolve("keep.log"), "tracked although ignored\n");
        write(repo.resolve("build/kept.txt"), "tracked in an ignored folder\n");
        git(repo, "add", ".gitignore");
        git(repo, "add", "-f", "keep.log", "build/kept.txt");
        git(repo, "commit", "-q", "-m", "tracked ignored files");
        write(repo.resolve("keep.log"), "tracked although ignored, changed\n");
        write(repo.resolve("build/kept.txt"), "changed\n");
        write(repo.resolve("noise.log"), "ignored, untracked\n");
        write(repo.resolve("build/out.bin"), "ignored, untracked\n");
        return changes(repo);
    }

    static Path unicodePaths(Path root) {
        Path repo = base(root.resolve("repo"));
        write(repo.resolve("my file.txt"), "spaces\n");
        write(repo.resolve("h\u00e9llo w\u00f6rld/\u00fcn\u00ef.txt"), "unicode\n");
        git(repo, "add", ".");
        git(repo, "commit", "-q", "-m", "names");
        write(repo.resolve("my file.txt"), "spaces, changed\n");
        write(repo.resolve("h\u00e9llo w\u00f6rld/\u00fcn\u00ef.txt"), "unicode, changed\n");
        git(repo, "add", "h\u00e9llo w\u00f6rld/\u00fcn\u00ef.txt");
        write(repo.resolve("n\u00e9w file.txt"), "new\n");
        return changes(repo);
    }

    /** plain's changes, and two new files marked with {@code git add -N}: one of them since edited, one emptied. */
    static Path intentToAdd(Path root) {
        Path repo = plain(root);
        write(repo.resolve("notes.txt"), "first line\nsecond line\n");
        write(repo.resolve("sub/empty.txt"), "will be emptied\n");
        git(repo, "add", "-N", "notes.txt", "sub/empty.txt");
        write(repo.resolve("notes.txt"), "first line\nsecond line, edited\n");
        write(repo.resolve("sub/empty.txt"), "");
        return repo;
    }

    /** Git LFS pointer files committed under {@code filter=lfs} attributes, with no LFS installed or configured. */
    static Path lfsPointers(Path root) {
        Path repo = base(root.resolve("repo"));
        write(repo.resolve(".gitattributes"), "*.bin filter=lfs diff=lfs merge=lfs -text\n");
        write(repo.resolve("model.bin"), lfsPointer('a', 12345));
        write(repo.resolve("data/weights.bin"), lfsPointer('b', 678));
        git(repo, "add", ".");
        git(repo, "commit", "-q", "-m", "LFS pointers");
        write(repo.resolve("model.bin"), lfsPointer('c', 999));
        write(repo.resolve("new.bin"), lfsPointer('d', 1));
        return changes(repo);
    }

    private static String lfsPointer(char digit, long size) {
        return "version https://git-lfs.github.com/spec/v1\noid sha256:" + String.valueOf(digit).repeat(64) + "\nsize " + size + "\n";
    }

    /**
     * A dotfiles-style bare repository: {@code GIT_DIR=root/dotfiles.git}, {@code GIT_WORK_TREE=root/home}, and no .git
     * anywhere in the work tree; with the usual mix of changes. Returns the home folder.
     */
    static Path dotfiles(Path root) {
        Path home = root.resolve("home");
        write(home.resolve(".bashrc"), "export EDITOR=vi\n");
        write(home.resolve(".config/app/settings.ini"), "[app]\ncolor=on\n");
        write(home.resolve("notes.txt"), "notes\n");
        write(home.resolve("projects/readme.txt"), "projects\n");
        git(root, "init", "-q", "--bare", "-b", "main", root.resolve("dotfiles.git").toString());
        Map<String, String> env = dotfilesEnv(home);
        git(home, env, "add", ".bashrc", ".config", "notes.txt", "projects");
        git(home, env, "commit", "-q", "-m", "dotfiles");
        write(home.resolve(".bashrc"), "export EDITOR=vi\nalias ll='ls -l'\n");
        write(home.resolve(".config/app/settings.ini"), "[app]\ncolor=off\n");
        git(home, env, "add", ".config/app/settings.ini");
        try {
            Files.delete(home.resolve("notes.txt"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        write(home.resolve("new.txt"), "new\n");
        return home;
    }

    /** The environment of {@link #dotfiles}, for its home folder. */
    static Map<String, String> dotfilesEnv(Path home) {
        return Map.of("GIT_DIR", home.resolveSibling("dotfiles.git").toString(), "GIT_WORK_TREE", home.toString());
    }

    /**
     * 500 folders of 100 files committed (written from Java, one {@code git add -A}, one commit), then the usual mix of
     * changes: a.txt modified, sub/b.txt staged, c.txt deleted, new.txt untracked, and one file in a folder far down.
     */
    static Path fiftyThousandFiles(Path root) {
        Path repo = root.resolve("repo");
        try {
            for (int d = 0; d < 500; d++) {
                Path dir = Files.createDirectories(repo.resolve("d" + d));
                for (int f = 0; f < 100; f++) {
                    Files.writeString(dir.resolve("f" + f + ".txt"), "file " + f + " of folder " + d + "\n");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        write(repo.resolve("a.txt"), "one\n");
        write(repo.resolve("sub/b.txt"), "two\n");
        write(repo.resolve("c.txt"), "three\n");
        git(root, "init", "-q", "-b", "main", repo.toString());
        git(repo, "config", "gc.auto", "0"); // else the commit starts a background gc that packs (and deletes) objects under a copy
        git(repo, "add", "-A");
        git(repo, "commit", "-q", "-m", "50,000 files");
        write(repo.resolve("d499/f99.txt"), "changed far down\n");
        return changes(repo);
    }
}
