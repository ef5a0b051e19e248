package dev.fathom.safety;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.Config;

/**
 * Where a repository folder reaches beyond itself to things git later runs or reads as settings, so the sandbox can
 * keep those read-only too: a linked worktree's {@code commondir} (the main repository, which holds the shared config
 * and hooks); a {@code config}, {@code config.worktree}, {@code hooks} folder or single hook that is a symlink (a
 * common way to keep hooks under version control); and what the config names (a hooks path, included files, an
 * fsmonitor program). A command that could write any of these would have its code run by
 * the user's next {@code git commit}, outside the sandbox.
 */
final class GitDirLinks {
    /** Settings files git reads from a repository folder; a symlinked one is followed. */
    private static final List<String> SETTINGS = List.of("config", "config.worktree");
    /** How far a chain of commondir files is followed (git itself reads one; a loop must end). */
    private static final int MAX_REPOSITORIES = 4;
    /** How many hook entries are looked at (a folder of thousands is not a hooks folder). */
    private static final int MAX_HOOKS = 200;
    /** Settings (section.name) whose value is a command git runs. */
    private static final java.util.Set<String> PROGRAMS = java.util.Set.of("core.pager", "core.editor", "core.sshcommand", "core.askpass",
            "sequence.editor", "diff.external", "gpg.program", "credential.helper", "pager.log", "pager.diff", "pager.show");
    /** Settings (section.*.name) of a named driver whose value is a command git runs. */
    private static final java.util.Set<String> DRIVERS = java.util.Set.of("filter.clean", "filter.smudge", "filter.process", "diff.textconv",
            "diff.command", "merge.driver", "gpg.program", "credential.helper");
    /** Values of {@code core.fsmonitor} that are switches, not a program. */
    private static final java.util.Set<String> BOOLEANS = java.util.Set.of("true", "false", "yes", "no", "on", "off", "1", "0", "");

    private GitDirLinks() {
    }

    /**
     * The places outside {@code gitDir} itself that git would run or read as settings, for the work tree at
     * {@code workTree}; each exists.
     */
    static List<Path> reachedFrom(Path gitDir, Path workTree) {
        return reachedFrom(gitDir, workTree, List.of());
    }

    /** As {@link #reachedFrom(Path, Path)}, with what the user's global config files ({@link #globalConfigs}) name too. */
    static List<Path> reachedFrom(Path gitDir, Path workTree, List<Path> globals) {
        List<Path> out = new ArrayList<>();
        for (Path global : globals) {
            configured(global, workTree, out); // a relative core.hooksPath there names a folder of every work tree
        }
        Path repo = gitDir;
        for (int i = 0; i < MAX_REPOSITORIES && repo != null; i++) {
            settingsLinks(repo, out);
            for (String name : SETTINGS) {
                configured(repo.resolve(name), workTree, out);
            }
            Optional<Path> common = GitPointerFiles.commondir(repo);
            if (common.isEmpty() || !Files.isDirectory(common.get())) {
                break;
            }
            out.add(common.get());
            repo = common.get();
        }
        return out;
    }

    private static void settingsLinks(Path repo, List<Path> out) {
        for (String name : SETTINGS) {
            linkTarget(repo.resolve(name)).ifPresent(out::add);
        }
        Path hooks = repo.resolve("hooks");
        linkTarget(hooks).ifPresent(out::add);
        if (!Files.isDirectory(hooks)) {
            return;
        }
        int budget = MAX_HOOKS;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(hooks)) {
            for (Path hook : entries) {
                if (--budget < 0) {
                    break;
                }
                linkTarget(hook).ifPresent(out::add);
            }
        } catch (IOException | RuntimeException e) {
            // an unreadable hooks folder: git cannot run what it cannot read either
        }
    }

    /**
     * What a config file names that git runs or reads as more settings: {@code core.hooksPath} (relative to the work
     * tree, as git resolves it), {@code include.path} and {@code includeIf.*.path} (relative to the file's folder), and
     * {@code core.fsmonitor} when it names a program. Husky, for one, sets {@code core.hooksPath=.husky/_}, a folder
     * of the work tree that it also hides from git status.
     */
    private static void configured(Path file, Path workTree, List<Path> out) {
        Named named = named(file, workTree);
        List<Path> all = new ArrayList<>(named.files());
        named.hooks().ifPresent(all::add);
        for (Path p : all) {
            try {
                if (Files.exists(p)) {
                    out.add(p.toRealPath());
                }
            } catch (IOException | RuntimeException e) {
                // gone meanwhile: nothing to protect
            }
        }
    }

    /** The places a config file names (see {@link #configured}), as written, whether they exist or not. */
    private record Named(List<Path> files, Optional<Path> hooks) {
    }

    private static Named named(Path file, Path workTree) {
        Optional<Config> read = GitConfigFiles.read(file);
        if (read.isEmpty()) {
            return new Named(List.of(), Optional.empty()); // git refuses a config it cannot parse, and then runs nothing from it
        }
        Config config = read.get();
        List<String> included = new ArrayList<>(List.of(config.getStringList("include", null, "path")));
        for (String condition : config.getSubsections("includeIf")) {
            included.addAll(List.of(config.getStringList("includeIf", condition, "path")));
        }
        List<Path> files = new ArrayList<>();
        for (String path : included) {
            place(file.getParent(), path).ifPresent(files::add);
        }
        String monitor = config.getString("core", null, "fsmonitor");
        if (monitor != null && !BOOLEANS.contains(monitor.strip().toLowerCase(java.util.Locale.ROOT))) {
            place(workTree, monitor).ifPresent(files::add);
        }
        for (String command : programs(config)) {
            for (String word : command.split("\\s+")) {
                String w = word.replaceAll("^[\"'!]+|[\"';]+$", "");
                if (w.contains("/") && !w.startsWith("-") && !w.contains("$")) {
                    place(workTree, w).ifPresent(files::add);
                }
            }
        }
        String hooks = config.getString("core", null, "hooksPath");
        return new Named(files, hooks == null ? Optional.empty() : place(workTree, hooks));
    }

    /**
     * The commands a config gives git to run for the user's own git commands (git runs them from the top of the work
     * tree): filters and diff, merge and credential drivers, the pager, editors, ssh and gpg programs. A word of one
     * that is a path (has a slash) names a program or script, which may lie in the work tree.
     */
    private static List<String> programs(Config config) {
        List<String> out = new ArrayList<>();
        for (String section : config.getSections()) {
            String s = section.toLowerCase(java.util.Locale.ROOT);
            for (String name : config.getNames(section)) {
                if (PROGRAMS.contains(s + "." + name.toLowerCase(java.util.Locale.ROOT))) {
                    out.addAll(List.of(config.getStringList(section, null, name)));
                }
            }
            for (String sub : config.getSubsections(section)) {
                for (String name : config.getNames(section, sub)) {
                    if (DRIVERS.contains(s + "." + name.toLowerCase(java.util.Locale.ROOT))) {
                        out.addAll(List.of(config.getStringList(section, sub, name)));
                    }
                }
            }
        }
        return out;
    }

    /**
     * The files and folders git reads or runs for the repository folder {@code gitDir} (and, through
     * {@code commondir}, its main repository), as paths not resolved, for {@link GitGuard} to watch: each settings
     * file, the commondir pointer, each included file and fsmonitor program go to {@code files}; each hooks folder
     * (the repository's and a configured hooks path) to {@code folders}.
     */
    static void watched(Path gitDir, Path workTree, List<Path> globals, List<Path> files, List<Path> folders) {
        for (Path global : globals) {
            Named named = named(global, workTree);
            files.addAll(named.files());
            named.hooks().ifPresent(folders::add);
        }
        Path repo = gitDir;
        for (int i = 0; i < MAX_REPOSITORIES && repo != null; i++) {
            folders.add(repo.resolve("hooks"));
            files.add(repo.resolve("commondir"));
            for (String name : SETTINGS) {
                files.add(repo.resolve(name));
                Named named = named(repo.resolve(name), workTree);
                files.addAll(named.files());
                named.hooks().ifPresent(folders::add);
            }
            Optional<Path> common = GitPointerFiles.commondir(repo);
            if (common.isEmpty() || !Files.isDirectory(common.get())) {
                break;
            }
            repo = common.get();
        }
    }

    /**
     * The user's own config files that git reads for every repository: {@code ~/.gitconfig}, the XDG one and the
     * system's ({@code /etc/gitconfig}). {@code home} is the user's home (the sandbox's policy has it).
     */
    static List<Path> globalConfigs(Path home) {
        List<Path> out = new ArrayList<>();
        if (home != null) {
            out.add(home.resolve(".gitconfig"));
            String xdg = System.getenv("XDG_CONFIG_HOME");
            out.add(xdg != null && !xdg.isBlank() ? Path.of(xdg, "git", "config") : home.resolve(".config/git/config"));
        }
        out.add(Path.of("/etc/gitconfig"));
        return out;
    }

    /**
     * The submodule folders {@code .gitmodules} names in the work tree at {@code workTree} (git status looks into
     * each that holds a repository); none when there is no such file or it cannot be read.
     */
    static List<Path> submodules(Path workTree) {
        Path file = workTree.resolve(".gitmodules");
        List<Path> out = new ArrayList<>();
        if (Files.isSymbolicLink(file)) {
            return out; // git refuses a .gitmodules that is a symlink
        }
        Config config = GitConfigFiles.read(file).orElseGet(Config::new);
        for (String name : config.getSubsections("submodule")) {
            String path = config.getString("submodule", name, "path");
            if (path != null && !path.isBlank() && !path.contains("..")) {
                out.add(workTree.resolve(path.strip()).normalize());
            }
        }
        return out;
    }

    /** {@code path} from a config value ({@code ~/} is the home folder), resolved against {@code base}; empty if blank. */
    private static Optional<Path> place(Path base, String path) {
        try {
            String value = path.strip();
            if (value.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(value.startsWith("~/") ? Path.of(System.getProperty("user.home"), value.substring(2)) : base.resolve(value));
        } catch (RuntimeException e) {
            return Optional.empty(); // not a path at all
        }
    }

    /** The real place a symlink leads to; empty for anything that is not a symlink to an existing thing. */
    private static Optional<Path> linkTarget(Path p) {
        if (!Files.isSymbolicLink(p)) {
            return Optional.empty();
        }
        try {
            return Optional.of(p.toRealPath());
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // dangling: nothing to write through that the sandbox could not create anyway
        }
    }
}
