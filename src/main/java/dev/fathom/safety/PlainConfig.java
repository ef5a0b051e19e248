package dev.fathom.safety;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.lib.Config;

/**
 * The settings that may stay in the config of a repository a command made ({@link InertRepository}): a short list
 * known to name no program, checked against git itself (InertRepositoryTest reads every cleaned config with
 * {@code git config --list}). Everything else is taken out.
 */
final class PlainConfig {
    /** A larger config file is not read (git's own are a few kilobytes); it is taken out whole. */
    private static final long MAX_CONFIG_BYTES = 1 << 20;

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
            "core.multipackindex", "core.commitgraph", "core.excludesfile", "core.attributesfile",
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
            "commit.gpgsign", "commit.verbose", "commit.cleanup", "commit.status",
            "gc.auto", "gc.autodetach", "gc.autopacklimit", "gc.pruneexpire", "gc.reflogexpire",
            "feature.manyfiles", "feature.experimental", "index.version", "index.threads", "index.skiphash", "index.sparse",
            "index.recordendofindexentries", "index.recordoffsettable",
            "rebase.autostash", "rebase.autosquash", "rebase.updaterefs", "rebase.stat",
            "receive.denynonfastforwards", "receive.denydeletes", "receive.denycurrentbranch",
            "http.postbuffer", "pack.threads", "pack.windowmemory", "tag.sort", "tag.gpgsign", "blame.coloring",
            "checkout.defaultremote", "checkout.workers", "transfer.fsckobjects", "protocol.version",
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

    private PlainConfig() {
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

    /**
     * Whether the values of a plain setting are plain too: a remote's URL must name another machine. A local path
     * (or {@code file://}) makes the user's {@code git push} run that repository's receive hooks, which may be one the
     * command made anywhere; {@code name::address} makes git run the program {@code git-remote-name}.
     */
    private static boolean plainValues(String section, String name, String[] values) {
        if (!section.equalsIgnoreCase("remote") || !(name.equalsIgnoreCase("url") || name.equalsIgnoreCase("pushurl"))) {
            return true;
        }
        for (String v : values) {
            String url = v.strip();
            int colon = url.indexOf(':');
            int slash = url.indexOf('/');
            boolean remote = url.contains("://") ? url.matches("(?i)(https?|ssh|git|git\\+ssh|ssh\\+git)://[^/].*")
                    : colon > 0 && (slash < 0 || colon < slash) && !url.contains("::"); // scp-like host:path
            if (!remote) {
                return false;
            }
        }
        return true;
    }

    private static boolean namesWorkTree(String value, Path repo, Path workTree) {
        if (value == null || repo == null || workTree == null) {
            return false;
        }
        try {
            return repo.resolve(value).toRealPath().equals(workTree.toRealPath());
        } catch (IOException | RuntimeException e) {
            return false;
        }
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
        return plain(text, null, null);
    }

    /**
     * As {@link #plain(String)}, for the config of the repository folder {@code repo} with its work tree at
     * {@code workTree}: {@code core.worktree} stays when it names that work tree (a submodule's repository has it so),
     * and goes when it would send git elsewhere, where the repositories it looks into were never checked.
     */
    static Optional<Plain> plain(String text, Path repo, Path workTree) {
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
        boolean worktreeHome = namesWorkTree(config.getString("core", null, "worktree"), repo, workTree);
        for (String section : List.copyOf(config.getSections())) {
            for (String name : List.copyOf(config.getNames(section))) {
                boolean home = worktreeHome && section.equalsIgnoreCase("core") && name.equalsIgnoreCase("worktree");
                if (!home && !isPlain(section, null, name)) {
                    config.unset(section, null, name);
                    dropped.add((section + "." + name).toLowerCase(Locale.ROOT));
                }
            }
            for (String sub : List.copyOf(config.getSubsections(section))) {
                for (String name : List.copyOf(config.getNames(section, sub))) {
                    if (!isPlain(section, sub, name) || !plainValues(section, name, config.getStringList(section, sub, name))) {
                        config.unset(section, sub, name);
                        dropped.add(section.toLowerCase(Locale.ROOT) + "." + sub + "." + name.toLowerCase(Locale.ROOT));
                    }
                }
            }
        }
        String out;
        try {
            out = config.toText();
        } catch (RuntimeException e) {
            return Optional.empty(); // JGit will not write what it read (a NUL in a value): the file goes whole
        }
        if (!out.lines().allMatch(line -> PLAIN_LINE.matcher(line).matches())) {
            return Optional.empty(); // text JGit kept as it was, which git might read as a setting JGit did not see
        }
        return Optional.of(new Plain(out, dropped));
    }
}
