package dev.fathom.safety;

import static dev.fathom.safety.CommandWords.hasOption;
import static dev.fathom.safety.CommandWords.program;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Commands that destroy what an undo cannot restore (the repository's history, uncommitted work, shared branches) or
 * reach beyond the workspace. Checked on every command the line holds, however it is wrapped ({@code env}, {@code
 * sudo}, {@code xargs}, {@code sh -c}, {@code find -exec}, substitutions, {@code if ...; then ...}).
 */
final class DangerousCommands {
    private static final int MAX_DEPTH = 3;
    /** Past {@link #MAX_DEPTH} shells a command is not read; a model that nests that deep is hiding something. */
    /** An innermost brace group bash would expand: alternatives with a comma, or a sequence with {@code ..}. */
    private static final Pattern BRACE_GROUP = Pattern.compile("\\{([^{}\\s]*,[^{}\\s]*|[^{}\\s.]+\\.\\.[^{}\\s.]+)}");
    private static final String TOO_DEEP = "a command nested this deep (in shells or brace expansions) cannot be checked";
    private static final Map<Pattern, String> TEXT_RULES = Map.of(
            Pattern.compile("(curl|wget)\\b[^|]*\\|\\s*(sudo\\s+)?(ba|z|da)?sh\\b"), "piping a download into a shell runs unreviewed code",
            Pattern.compile("(>>?|tee\\s+(-a\\s+)?)\\s*(~|\\$HOME|\\$\\{HOME}|/root|/home/[^/\\s]+)/\\.(bashrc|zshrc|profile|bash_profile|zprofile|bash_login)"),
            "writing to a shell profile changes every future shell",
            Pattern.compile("\\b(mkfs(\\.\\w+)?|shutdown|reboot|poweroff|halt)\\b|\\bdd\\b[^|;&]*\\bof=/dev/"), "it can destroy a disk or stop the machine");
    private static final Set<String> SHELLS = Set.of("sh", "bash", "zsh", "dash", "ksh", "fish");
    private static final Set<String> KEYWORDS = Set.of("if", "then", "else", "elif", "fi", "do", "done", "while", "until", "!", "time",
            "{", "}", "command", "builtin", "exec", "nohup", "setsid", "nice", "ionice", "stdbuf", "timeout", "unbuffer", "chronic");
    private static final Set<String> REMOVERS = Set.of("rm", "rmdir", "unlink", "shred");
    /** Wrapper options that take the next word as their value. */
    private static final Set<String> VALUE_OPTIONS = Set.of("-u", "-g", "-C", "-h", "-p", "-n", "-I", "-P", "-d", "-L", "-s", "-E", "-a",
            "-k", "-c", "-o", "-e", "-i", "--chdir", "--unset", "--user", "--group", "--signal", "--kill-after");
    /** Long options of bash that take the next word as their value. */
    private static final Set<String> SHELL_LONG_WITH_VALUE = Set.of("--rcfile", "--init-file");

    private DangerousCommands() {
    }

    /** Why the command line is dangerous, or null. */
    static String reason(String line, Path workspace) {
        return reason(line, workspace, 0);
    }

    private static String reason(String line, Path workspace, int depth) {
        for (var rule : TEXT_RULES.entrySet()) {
            if (rule.getKey().matcher(line).find()) {
                return rule.getValue();
            }
        }
        List<List<String>> commands = ShellSyntax.lenient(line);
        for (List<String> words : commands) {
            String why = command(words, line, workspace, depth);
            if (why != null) {
                return why;
            }
        }
        String hidden = hiddenRemoval(line, commands);
        return hidden != null ? hidden : braces(line, workspace, depth);
    }

    /**
     * bash expands {@code {a,b}} and {@code {f..h}} before it runs a command ({@code rm -rf .{git,x}}, {@code git reset
     * --{hard,}}): each alternative of the innermost group is checked as its own line, which expands the next group.
     */
    private static String braces(String line, Path workspace, int depth) {
        Matcher group = BRACE_GROUP.matcher(line);
        if (!group.find()) {
            return null;
        }
        if (depth >= MAX_DEPTH) {
            return TOO_DEEP;
        }
        for (String alternative : alternatives(group.group(1))) {
            String why = reason(line.substring(0, group.start()) + alternative + line.substring(group.end()), workspace, depth + 1);
            if (why != null) {
                return why;
            }
        }
        return null;
    }

    /**
     * The words of {@code a,b,c}, or of a sequence {@code 1..5} or {@code a..e}: at most 20 numbers or 26 characters,
     * so that three groups on a line cost thousands of checks, not millions.
     */
    static List<String> alternatives(String inside) {
        if (inside.contains(",")) {
            return List.of(inside.split(",", -1));
        }
        String[] ends = inside.split("\\.\\.", -1);
        List<String> out = new java.util.ArrayList<>();
        if (ends[0].matches("-?\\d{1,6}") && ends[1].matches("-?\\d{1,6}")) {
            int from = Integer.parseInt(ends[0]);
            int to = Integer.parseInt(ends[1]);
            int step = from <= to ? 1 : -1;
            for (int n = from; out.size() < 20; n += step) {
                out.add(String.valueOf(n));
                if (n == to) {
                    break;
                }
            }
        } else if (ends[0].length() == 1 && ends[1].length() == 1) {
            char from = ends[0].charAt(0);
            char to = ends[1].charAt(0);
            for (char c = (char) Math.min(from, to); c <= Math.max(from, to) && out.size() < 26; c++) {
                out.add(String.valueOf(c));
            }
        }
        return out;
    }

    /**
     * A line bash would expand before running (variables, substitutions, eval) cannot be read for sure; if it names
     * {@code .git} and a way to remove files anywhere in it, it is treated as removing .git.
     */
    private static String hiddenRemoval(String line, List<List<String>> commands) {
        if (ShellSyntax.strict(line).ok() || !line.contains(".git")) {
            return null;
        }
        for (List<String> words : commands) {
            for (String w : words) {
                String value = w.substring(w.indexOf('=') + 1);
                if (REMOVERS.contains(program(value)) || value.equals("-delete") || value.startsWith("$") && words.get(0).equals(w)) {
                    return "an expanded command line that names .git and a way to delete it could destroy the repository's history";
                }
            }
        }
        return null;
    }

    private static String command(List<String> words, String line, Path workspace, int depth) {
        int k = 0;
        boolean xargs = false;
        while (k < words.size()) {
            String w = program(words.get(k));
            if (w.equals("sudo") || w.equals("doas")) {
                return "sudo runs with elevated privileges";
            } else if (w.equals("xargs") || w.equals("env") || KEYWORDS.contains(w)) {
                xargs |= w.equals("xargs");
                if (w.equals("env")) {
                    int split = words.indexOf("-S");
                    if (split > k && split + 1 < words.size()) {
                        return depth >= MAX_DEPTH ? TOO_DEEP : reason(String.join(" ", words.subList(split + 1, words.size())), workspace, depth + 1);
                    }
                }
                k = skipOptions(words, k + 1, w.equals("timeout"));
            } else if (words.get(k).matches("[A-Za-z_][A-Za-z0-9_]*\\+?=.*")) {
                k++;
            } else {
                break;
            }
        }
        if (k >= words.size()) {
            return null;
        }
        return byProgram(program(words.get(k)), words.subList(k + 1, words.size()), xargs, line, workspace, depth);
    }

    private static int skipOptions(List<String> words, int k, boolean takesDuration) {
        while (k < words.size() && (words.get(k).startsWith("-") || words.get(k).matches("[A-Za-z_][A-Za-z0-9_]*=.*"))) {
            k += VALUE_OPTIONS.contains(words.get(k)) ? 2 : 1;
        }
        return takesDuration && k < words.size() ? k + 1 : k;
    }

    private static String byProgram(String name, List<String> args, boolean xargs, String line, Path workspace, int depth) {
        if (SHELLS.contains(name) || name.equals("eval") || name.equals("watch")) {
            String script = script(name, args);
            return script == null ? null : depth >= MAX_DEPTH ? TOO_DEEP : reason(script, workspace, depth + 1);
        }
        return switch (name) {
            case "rm" -> rm(args, xargs, line, workspace);
            case "find" -> find(args, workspace, depth);
            case "git" -> GitRules.danger(args, workspace);
            default -> null;
        };
    }

    /** The script a shell runs ({@code bash -c SCRIPT}, {@code eval WORDS}, {@code watch WORDS}), or null. */
    private static String script(String name, List<String> args) {
        if (name.equals("watch")) {
            return String.join(" ", args.subList(watchOptions(args), args.size()));
        }
        if (!SHELLS.contains(name)) {
            return String.join(" ", args);
        }
        // bash reads options first (long ones, -o/-O with a value, +o too); with -c the first word after them is the script
        boolean command = false;
        for (int k = 0; k < args.size(); k++) {
            String a = args.get(k);
            if (a.equals("--") || a.equals("-")) {
                return command && k + 1 < args.size() ? args.get(k + 1) : null;
            } else if (a.startsWith("--")) {
                k += SHELL_LONG_WITH_VALUE.contains(a) ? 1 : 0;
            } else if (a.startsWith("-") || a.startsWith("+")) {
                command |= a.indexOf('c') > 0;
                k += (int) a.chars().skip(1).filter(c -> c == 'o' || c == 'O').count();
            } else {
                return command ? a : null;
            }
        }
        return null;
    }

    /** Where the command of {@code watch} starts: after its options, {@code -n SECONDS} and {@code -q CYCLES} with a value. */
    private static int watchOptions(List<String> args) {
        int k = 0;
        while (k < args.size() && args.get(k).startsWith("-")) {
            String a = args.get(k);
            if (a.equals("--")) {
                return k + 1;
            }
            boolean value = a.equals("--interval") || a.equals("--equexit") || !a.startsWith("--") && "nq".indexOf(a.charAt(a.length() - 1)) >= 0;
            k += value ? 2 : 1;
        }
        return Math.min(k, args.size());
    }

    private static String rm(List<String> args, boolean xargs, String line, Path workspace) {
        boolean recursive = hasOption(args, "rR", "--recursive");
        if (xargs && (recursive || line.contains(".git"))) {
            return "rm with targets from xargs could reach .git and destroy the repository's history";
        }
        boolean options = true;
        for (String a : args) {
            if (options && a.equals("--")) {
                options = false;
            } else if (!options || !a.startsWith("-")) {
                if (CommandWords.insideGit(a) || recursive && CommandWords.namesGit(a)) {
                    return "deleting .git destroys the repository's history";
                }
                if (recursive && CommandWords.holdsWorkspace(a, workspace)) {
                    return "rm -r of '" + a + "' reaches outside the workspace or removes all of it";
                }
            }
        }
        return null;
    }

    private static String find(List<String> args, Path workspace, int depth) {
        FindCommand f = FindCommand.of(args);
        for (List<String> exec : f.executed()) {
            String why = exec.isEmpty() ? null : byProgram(program(exec.get(0)), exec.subList(1, exec.size()), false, "", workspace, depth);
            if (why != null) {
                return why;
            }
        }
        if (!f.removes()) {
            return null;
        }
        boolean insideGit = f.roots().stream().anyMatch(r -> CommandWords.namesGit(r));
        boolean holdsGit = f.roots().stream().anyMatch(r -> CommandWords.holdsWorkspace(r, workspace));
        return insideGit || holdsGit && f.mayMatchGit() ? "find that deletes what it matches would reach .git and destroy the repository's history"
                : null;
    }
}
