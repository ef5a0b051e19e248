package dev.fathom.safety;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What may stay of a repository a sandboxed command made where the workspace had none. The user's own git, outside
 * the sandbox, runs such a repository's hooks and the programs its settings name, so the command's code would run
 * with the user's rights at the next {@code git commit} or {@code git status}. The inert form keeps all that makes it a
 * repository (objects, refs, index, {@code HEAD}) and the settings {@code git init}, {@code git clone},
 * {@code git remote}, {@code git submodule add} and {@code git config user.*} write; it drops every hook but git's
 * samples (git runs a hook only by its exact name, never {@code NAME.sample}), a {@code commondir} (it would lead to
 * another repository's hooks), and every setting not known to name no program. The list is short on purpose: a
 * setting git adds later is dropped until it is listed in {@link PlainConfig}.
 */
final class InertRepository {
    /** How deep {@code modules/} is searched for module repositories. */
    private static final int MAX_MODULE_DEPTH = 6;

    /** Settings files git reads from a repository folder ({@code config.worktree} with extensions.worktreeConfig). */
    private static final List<String> SETTINGS = List.of("config", "config.worktree");

    private InertRepository() {
    }

    /**
     * The repository folder the {@code .git} name {@code entry} leads to, as git finds it: a folder (through a symlink
     * too), or the folder a {@code gitdir: } file names (through a symlink too); empty when it leads to none (then git
     * finds no repository there).
     */
    static Optional<Path> folder(Path entry) {
        return GitPointerFiles.repository(entry).filter(Files::isDirectory);
    }

    /**
     * Who the repository {@code entry} leads to is: its folder's real path, inode and change time, so that a repository
     * removed and made again under the same name counts as another (ext4 gives the new folder the old inode at once).
     * Most git commands change the folder's change time too; a repository taken for new is only checked as a whole
     * (what is plain stays, unreported), so that errs on the safe side. Empty when it leads to none.
     */
    static Optional<Identity> identity(Path entry) {
        try {
            Optional<Path> repo = folder(entry);
            if (repo.isEmpty()) {
                return Optional.empty();
            }
            Path real = repo.get().toRealPath();
            return Optional.of(new Identity(real, Files.getAttribute(real, "unix:ino") + " " + Files.getAttribute(real, "unix:ctime")));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A repository folder by its real path, and its inode and change time ({@link #identity}). */
    record Identity(Path folder, String stamp) {
    }

    /**
     * The repositories kept inside the repository folder {@code repo} that git may use later: each submodule's in
     * {@code modules/} (a deinit leaves it, and the next {@code git submodule update} takes it up again as it is) and
     * each linked worktree's folder in {@code worktrees/}.
     */
    static List<Path> kept(Path repo) {
        List<Path> out = new ArrayList<>();
        keptModules(repo.resolve("modules"), 0, out);
        for (Path w : GitSurface.entries(repo.resolve("worktrees"))) {
            if (Files.isDirectory(w, LinkOption.NOFOLLOW_LINKS)) {
                out.add(w);
            }
        }
        return out;
    }

    /** Module repositories under {@code folder} (a module's name may hold slashes, and modules nest). */
    private static void keptModules(Path folder, int depth, List<Path> out) {
        if (depth > MAX_MODULE_DEPTH) {
            return;
        }
        for (Path p : GitSurface.entries(folder)) {
            if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            if (Files.exists(p.resolve("HEAD"), LinkOption.NOFOLLOW_LINKS)) {
                out.add(p);
                keptModules(p.resolve("modules"), depth + 1, out);
            } else {
                keptModules(p, depth + 1, out);
            }
        }
    }

    /**
     * For a linked worktree's folder {@code worktree} of the repository folder {@code repo}, what must be so for it to
     * be inert: its {@code commondir} leads back to {@code repo} (where its hooks and settings are, already checked) and
     * its own {@code config.worktree} holds only plain settings.
     */
    static Map<Path, Inert> linkedWorktree(Path worktree, Path repo) {
        Map<Path, Inert> out = new LinkedHashMap<>();
        Path common = worktree.resolve("commondir");
        boolean home;
        try {
            // read as git reads it: "../.. " leads to the folder ".. " in worktrees/, not back to repo
            Optional<Path> named = GitPointerFiles.commondir(worktree);
            home = named.isPresent() && named.get().toRealPath().equals(repo.toRealPath());
        } catch (IOException | RuntimeException e) {
            home = false;
        }
        out.put(common, home ? new Inert(GitSurface.read(common), "") : new Inert(new GitSurface.Missing(),
                "it would lead git to another repository's hooks and settings"));
        out.put(worktree.resolve("config.worktree"), settings(worktree.resolve("config.worktree"), null, null));
        return out;
    }

    /** The state a name must have to be inert, and, when that is not its present state, why (for the report). */
    record Inert(GitSurface.State state, String why) {
    }

    /**
     * For the repository folder {@code repo}, each name git would run or read settings from, with the state it must
     * have to be inert; keyed by path, a folder before what it holds.
     */
    static Map<Path, Inert> expected(Path repo, Path workTree) {
        Map<Path, Inert> out = new LinkedHashMap<>();
        Path hooks = repo.resolve("hooks");
        GitSurface.State hooksNow = GitSurface.read(hooks);
        boolean folder = hooksNow instanceof GitSurface.Folder;
        out.put(hooks, new Inert(folder ? hooksNow : new GitSurface.Missing(), "a hooks folder git would run what it leads to from"));
        out.put(repo.resolve("commondir"), new Inert(new GitSurface.Missing(), "it would lead git to another repository's hooks and settings"));
        for (String name : SETTINGS) {
            Path file = repo.resolve(name);
            out.put(file, settings(file, repo, workTree));
        }
        List<Path> names = folder ? GitSurface.entries(hooks) : List.of();
        if (names.size() > GitSurface.MAX_LISTED) {
            out.put(hooks, new Inert(new GitSurface.Missing(), "a hooks folder with more than " + GitSurface.MAX_LISTED + " names"));
        } else if (folder) {
            for (Path hook : names) {
                GitSurface.State now = GitSurface.read(hook);
                boolean sample = hook.getFileName().toString().endsWith(".sample") && now instanceof GitSurface.File;
                out.put(hook, new Inert(sample ? now : new GitSurface.Missing(), "a hook git would run"));
            }
        }
        return out;
    }

    /** The settings file {@code file} as it must be: without what is not plain; missing when it cannot be read as one. */
    private static Inert settings(Path file, Path repo, Path workTree) {
        GitSurface.State now = GitSurface.read(file);
        if (now instanceof GitSurface.Missing) {
            return new Inert(now, "");
        }
        if (!(now instanceof GitSurface.File present) || present.bytes() == null) {
            // a link, a special file or a huge one: what git would read from it is not checked
            return new Inert(new GitSurface.Missing(), "settings Fathom cannot check");
        }
        Optional<PlainConfig.Plain> plain = PlainConfig.plain(new String(present.bytes(), StandardCharsets.UTF_8), repo, workTree);
        if (plain.isEmpty()) {
            return new Inert(new GitSurface.Missing(), "settings Fathom cannot parse");
        }
        return new Inert(GitSurface.fileOf(plain.get().text().getBytes(StandardCharsets.UTF_8), present.mode()),
                "settings that may run programs (" + String.join(", ", plain.get().dropped()) + ")");
    }
}
