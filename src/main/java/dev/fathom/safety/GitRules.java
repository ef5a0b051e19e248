package dev.fathom.safety;

import static dev.fathom.safety.CommandWords.hasOption;
import static dev.fathom.safety.CommandWords.isLong;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * What a {@code git} command line does: which invocations only read (for auto-allowing), and which throw away work
 * or history that an undo cannot bring back (for asking even in full-auto).
 */
final class GitRules {
    private static final Set<String> GLOBAL_WITH_VALUE = Set.of("-C", "-c", "--git-dir", "--work-tree", "--namespace", "--exec-path",
            "--config-env", "--super-prefix", "--attr-source");
    private static final Set<String> READ_ONLY = Set.of("status", "log", "diff", "show", "blame", "rev-parse", "ls-files", "ls-tree",
            "describe", "shortlog", "rev-list", "merge-base", "branch", "tag", "remote", "grep", "stash", "reflog");
    /** Options that write a file or run a program of the repository's or the model's choosing. */
    private static final String[] UNSAFE_OPTIONS = {"--output", "--ext-diff", "--textconv", "--open-files-in-pager", "--exec"};
    private static final Set<String> BRANCH_LISTING = Set.of("-a", "--all", "-r", "--remotes", "-l", "--list", "-v", "-vv", "--verbose",
            "--show-current", "--contains", "--no-contains", "--merged", "--no-merged", "--points-at", "--sort", "--format", "--column",
            "--no-column", "--color", "--no-color", "-i", "--ignore-case", "--abbrev", "--no-abbrev");
    private static final Set<String> BRANCH_VALUE = Set.of("--contains", "--no-contains", "--merged", "--no-merged", "--points-at", "--sort",
            "--format");

    private GitRules() {
    }

    /** The index of the subcommand after git's global options, or -1. */
    private static int subcommand(List<String> args) {
        for (int k = 0; k < args.size(); k++) {
            String a = args.get(k);
            if (GLOBAL_WITH_VALUE.contains(a)) {
                k++;
            } else if (!a.startsWith("-")) {
                return k;
            }
        }
        return -1;
    }

    /** Why a git command (its arguments after {@code git}) destroys work or history, or null. */
    static String danger(List<String> args, Path workspace) {
        int k = subcommand(args);
        if (k < 0) {
            return null;
        }
        List<String> rest = args.subList(k + 1, args.size());
        String first = rest.isEmpty() ? "" : rest.get(0);
        return switch (args.get(k)) {
            case "checkout" -> checkoutDiscards(rest, workspace) ? "git checkout of paths throws away uncommitted changes" : null;
            case "restore" -> !hasOption(rest, "S", "--staged") || hasOption(rest, "W", "--worktree")
                    ? "git restore throws away uncommitted changes" : null;
            case "reset" -> hasOption(rest, "", "--hard") ? "git reset --hard throws away uncommitted work" : null;
            case "clean" -> "git clean deletes untracked files for good";
            case "push" -> pushRewrites(rest) ? "force-pushing or deleting remote branches rewrites shared history" : null;
            case "branch" -> hasOption(rest, "DM") || hasOption(rest, "d", "--delete") && hasOption(rest, "f", "--force")
                    ? "git branch -D deletes a branch and its unmerged commits" : null;
            case "stash" -> first.equals("drop") || first.equals("clear") ? "git stash drop/clear throws stashed work away" : null;
            case "reflog" -> first.equals("expire") || first.equals("delete") ? "expiring the reflog removes the way back to lost commits" : null;
            case "update-ref" -> hasOption(rest, "d", "--delete") ? "git update-ref -d deletes a ref" : null;
            case "filter-branch", "filter-repo" -> "rewriting history cannot be undone";
            default -> null;
        };
    }

    private static boolean checkoutDiscards(List<String> rest, Path workspace) {
        if (rest.contains("--") || hasOption(rest, "fp", "--force", "--patch", "--ours", "--theirs")) {
            return true;
        }
        int positional = 0;
        for (int k = 0; k < rest.size(); k++) {
            String a = rest.get(k);
            if (a.equals("-b") || a.equals("-B") || a.equals("--orphan")) {
                k++;
            } else if (!a.startsWith("-")) {
                positional++;
                if (a.equals(".") || a.startsWith(":") || CommandWords.hasGlob(a) || exists(workspace, a)) {
                    return true;
                }
            }
        }
        return positional > 1;
    }

    private static boolean exists(Path workspace, String path) {
        try {
            return Files.exists(workspace.resolve(path));
        } catch (InvalidPathException e) {
            return false;
        }
    }

    private static boolean pushRewrites(List<String> rest) {
        if (hasOption(rest, "fd", "--force", "--force-with-lease", "--force-if-includes", "--mirror", "--delete", "--prune")) {
            return true;
        }
        return rest.stream().anyMatch(a -> !a.startsWith("-") && (a.startsWith("+") || a.startsWith(":") || a.contains(":+")));
    }

    /** Why a git command is not a plain read, or null: a vetted subcommand with vetted options only. */
    static String readOnlyProblem(List<String> args) {
        int k = 0;
        while (k < args.size() && (args.get(k).equals("--no-pager") || args.get(k).equals("-P"))) {
            k++;
        }
        if (k >= args.size()) {
            return "git without a subcommand";
        }
        String sub = args.get(k);
        if (sub.startsWith("-")) {
            return "the git option " + sub;
        }
        if (!READ_ONLY.contains(sub)) {
            return "git " + sub + " is not a read-only git command";
        }
        List<String> rest = args.subList(k + 1, args.size());
        for (String a : rest) {
            for (String unsafe : UNSAFE_OPTIONS) {
                if (isLong(a, unsafe) || a.equals(unsafe)) {
                    return "git " + sub + " " + a + " can write files or run programs";
                }
            }
        }
        return switch (sub) {
            case "branch" -> branchListing(rest) ? null : "git branch with these arguments changes branches";
            case "tag" -> tagListing(rest);
            case "remote" -> rest.isEmpty() || rest.equals(List.of("-v")) || rest.size() == 2 && rest.get(0).equals("get-url") ? null
                    : "git remote with these arguments changes remotes or uses the network";
            case "stash" -> !rest.isEmpty() && (rest.get(0).equals("list") || rest.get(0).equals("show")) ? null
                    : "git stash other than list or show changes the stash";
            case "reflog" -> rest.isEmpty() || rest.get(0).equals("show") ? null : "git reflog other than show changes the reflog";
            case "grep" -> hasOption(rest, "O", "--open-files-in-pager") ? "git grep -O runs a program" : null;
            default -> null;
        };
    }

    private static String tagListing(List<String> rest) {
        boolean list = rest.contains("-l") || rest.contains("--list");
        return rest.isEmpty() || list && rest.stream().allMatch(a -> a.equals("-l") || a.equals("--list") || !a.startsWith("-"))
                ? null : "git tag with these arguments changes tags";
    }

    private static boolean branchListing(List<String> rest) {
        boolean list = rest.contains("-l") || rest.contains("--list");
        for (int k = 0; k < rest.size(); k++) {
            String a = rest.get(k);
            String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (!a.startsWith("-")) {
                if (!list) {
                    return false;
                }
            } else if (!BRANCH_LISTING.contains(name) && !a.matches("-[arlvi]+")) {
                return false;
            } else if (BRANCH_VALUE.contains(name) && !a.contains("=")) {
                k++;
            }
        }
        return true;
    }
}
