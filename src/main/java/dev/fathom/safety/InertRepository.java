package dev.fathom.safety;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.lib.Config;

/**
 * What may stay of a repository a sandboxed command made where the workspace had none. The user's own git, outside
 * the sandbox, runs such a repository's hooks and the programs its settings name, so the command's code would run
 * with the user's rights at the next {@code git commit} or {@code git status}. The inert form keeps all that makes it a
 * repository (objects, refs, index, {@code HEAD}) and the settings {@code git init}, {@code git clone},
 * {@code git remote}, {@code git submodule add} and {@code git config user.*} write; it drops every hook but git's
 * samples (git runs a hook only by its exact name, never {@code NAME.sample}), a {@code commondir} (it would lead to
 * another repository's hooks), and every setting not known to name no program. The list is short on purpose: a
 * setting git adds later is dropped until it is listed here.
 */
final class InertRepository {
    /** A larger config file is not read (git's own are a few kilobytes); it is taken out whole. */
    private static final long MAX_CONFIG_BYTES = 1 << 20;
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    /** Settings files git reads from a repository folder ({@code config.worktree} with extensions.worktreeConfig). */
    private static final List<String> SETTINGS = List.of("config", "config.worktree");

    /** Sections whose every setting (without a subsection) is a plain value. */
    private static final Set<String> PLAIN_SECTIONS = Set.of("user", "author", "committer", "status", "log", "color", "advice",
            "column", "i18n");

    /** Settings ({@code section.name}, without a subsection) known to name no program. */
    private static final Set<String> PLAIN = Set.of(
            "core.repositoryformatversion", "core.filemode", "core.bare", "core.logallrefupdates", "core.ignorecase",
            "core.precomposeunicode", "core.symlinks", "core.autocrlf", "core.eol", "core.safecrlf", "core.quotepath",
            "core.checkstat", "core.trustctime", "core.untrackedcache", "core.splitindex", "core.sparsecheckout",
            "core.sparsecheckoutcone", "core.compression", "core.loosecompression", "core.bigfilethreshold", "core.abbrev",
            "core.commentchar", "core.whitespace", "core.preloadindex", "core.sharedrepository", "core.warnambiguousrefs",
            "core.multipackindex", "core.commitgraph", "core.worktree", "core.excludesfile", "core.attributesfile",
            "init.defaultbranch",
            "extensions.objectformat", "extensions.worktreeconfig", "extensions.refstorage", "extensions.compatobjectformat",
            "branch.autosetupmerge", "branch.autosetuprebase", "branch.sort",
            "pull.rebase", "pull.ff",
            "push.default", "push.autosetupremote", "push.followtags",
            "fetch.prune", "fetch.prunetags", "fetch.recursesubmodules", "fetch.parallel", "fetch.fsckobjects",
            "merge.ff", "merge.conflictstyle", "merge.renames", "merge.log", "merge.stat", "merge.renamelimit",
            "diff.renames", "diff.algorithm", "diff.mnemonicprefix", "diff.noprefix", "diff.context", "diff.indentheuristic",
            "diff.colormoved", "diff.submodule", "diff.ignoresubmodules", "diff.renamelimit", "diff.relative",
            "rerere.enabled", "rerere.autoupdate",
            "submodule.recurse", "submodule.active");

    /** Settings ({@code section.name}) of a named subsection known to name no program. */
    private static final Set<String> PLAIN_NAMED = Set.of(
            "remote.url", "remote.pushurl", "remote.fetch", "remote.push", "remote.tagopt", "remote.mirror", "remote.prune",
            "remote.prunetags", "remote.skipdefaultupdate", "remote.skipfetchall", "remote.promisor", "remote.partialclonefilter",
            "branch.remote", "branch.pushremote", "branch.merge", "branch.rebase", "branch.description",
            "submodule.url", "submodule.active", "submodule.branch", "submodule.fetchrecursesubmodules", "submodule.ignore",
            "submodule.shallow");

    /**
     * The shape of every line a cleaned config may have: blank, a comment, a section header (with at most a comment
     * after it) or one setting. JGit keeps some text verbatim where git reads a setting (after a section header on its
     * line: {@code [core]fsmonitor = x}); a line of another shape means the two parsers may differ, so the file goes.
     */
    private static final java.util.regex.Pattern PLAIN_LINE = java.util.regex.Pattern.compile(
            "[ \\t]*(|[#;].*|\\[[A-Za-z0-9.-]+( \"([^\"\\\\]|\\\\.)*\")?\\][ \\t]*([#;].*)?|[A-Za-z][A-Za-z0-9-]*[ \\t]*(=.*)?)");

    private InertRepository() {
    }

    /**
     * The repository folder the {@code .git} name {@code entry} leads to: itself when a folder, what it links to, or
     * what its {@code gitdir:} line names; empty when it leads to none (then git finds no repository there).
     */
    static Optional<Path> folder(Path entry) {
        if (Files.isRegularFile(entry, NOFOLLOW)) {
            return GitDirLinks.pointer(entry, "gitdir:").filter(Files::isDirectory);
        }
        return Files.isDirectory(entry) ? Optional.of(entry) : Optional.empty();
    }

    /** The state a name must have to be inert, and, when that is not its present state, why (for the report). */
    record Inert(GitSurface.State state, String why) {
    }

    /**
     * For the repository folder {@code repo}, each name git would run or read settings from, with the state it must
     * have to be inert; keyed by path, a folder before what it holds.
     */
    static Map<Path, Inert> expected(Path repo) {
        Map<Path, Inert> out = new LinkedHashMap<>();
        Path hooks = repo.resolve("hooks");
        GitSurface.State hooksNow = GitSurface.read(hooks);
        boolean folder = hooksNow instanceof GitSurface.Folder;
        out.put(hooks, new Inert(folder ? hooksNow : new GitSurface.Missing(), "a hooks folder git would run what it leads to from"));
        out.put(repo.resolve("commondir"), new Inert(new GitSurface.Missing(), "it would lead git to another repository's hooks and settings"));
        for (String name : SETTINGS) {
            Path file = repo.resolve(name);
            out.put(file, settings(file));
        }
        if (folder) {
            for (Path hook : GitSurface.entries(hooks)) {
                GitSurface.State now = GitSurface.read(hook);
                boolean sample = hook.getFileName().toString().endsWith(".sample") && now instanceof GitSurface.File;
                out.put(hook, new Inert(sample ? now : new GitSurface.Missing(), "a hook git would run"));
            }
        }
        return out;
    }

    /** The settings file {@code file} as it must be: without what is not plain; missing when it cannot be read as one. */
    private static Inert settings(Path file) {
        GitSurface.State now = GitSurface.read(file);
        if (now instanceof GitSurface.Missing) {
            return new Inert(now, "");
        }
        if (!(now instanceof GitSurface.File present) || present.bytes() == null) {
            // a link, a special file or a huge one: what git would read from it is not checked
            return new Inert(new GitSurface.Missing(), "settings Fathom cannot check");
        }
        Optional<Plain> plain = plain(new String(present.bytes(), StandardCharsets.UTF_8));
        if (plain.isEmpty()) {
            return new Inert(new GitSurface.Missing(), "settings Fathom cannot parse");
        }
        return new Inert(GitSurface.fileOf(plain.get().text().getBytes(StandardCharsets.UTF_8), present.mode()),
                "settings that may run programs (" + String.join(", ", plain.get().dropped()) + ")");
    }

    /**
     * Whether the setting {@code section.subsection.name} ({@code subsection} null when there is none) is known to name
     * no program, so that it may stay in a repository a command made; section and name compare as git compares them,
     * ignoring case.
     */
    static boolean isPlain(String section, String subsection, String name) {
        String s = section.toLowerCase(Locale.ROOT);
        String key = s + "." + name.toLowerCase(Locale.ROOT);
        return PLAIN_SECTIONS.contains(s) || (subsection == null ? PLAIN.contains(key) : PLAIN_NAMED.contains(key));
    }

    /** Config text with only plain settings, and the names taken out ({@code section[.sub].name}). */
    record Plain(String text, List<String> dropped) {
    }

    /**
     * The config text {@code text} with every setting that is not plain taken out, the rest written as JGit reads it
     * (comments kept), so that what git then reads is what was checked; empty when it cannot be parsed (git refuses
     * such a file too, but a parser that differs from git's must not decide what stays).
     */
    static Optional<Plain> plain(String text) {
        if (text.length() > MAX_CONFIG_BYTES) {
            return Optional.empty();
        }
        Config config = new Config();
        try {
            config.fromText(text);
        } catch (ConfigInvalidException | RuntimeException e) {
            return Optional.empty();
        }
        List<String> dropped = new ArrayList<>();
        for (String section : List.copyOf(config.getSections())) {
            for (String name : List.copyOf(config.getNames(section))) {
                if (!isPlain(section, null, name)) {
                    config.unset(section, null, name);
                    dropped.add((section + "." + name).toLowerCase(Locale.ROOT));
                }
            }
            for (String sub : List.copyOf(config.getSubsections(section))) {
                for (String name : List.copyOf(config.getNames(section, sub))) {
                    if (!isPlain(section, sub, name)) {
                        config.unset(section, sub, name);
                        dropped.add(section.toLowerCase(Locale.ROOT) + "." + sub + "." + name.toLowerCase(Locale.ROOT));
                    }
                }
            }
        }
        String out = config.toText();
        if (!out.lines().allMatch(line -> PLAIN_LINE.matcher(line).matches())) {
            return Optional.empty(); // text JGit kept as it was, which git might read as a setting JGit did not see
        }
        return Optional.of(new Plain(out, dropped));
    }
}
