package dev.fathom.safety;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A {@code find} command line read for the danger check: where it starts, what its name and path tests match, which
 * commands it runs on what it finds, and whether it deletes them.
 */
record FindCommand(List<String> roots, List<String> patterns, boolean negated, List<List<String>> executed, boolean deletes) {
    private static final Set<String> PATTERN_TESTS = Set.of("-name", "-iname", "-path", "-ipath", "-wholename", "-iwholename", "-regex",
            "-iregex", "-lname", "-ilname");
    private static final Set<String> EXEC_ACTIONS = Set.of("-exec", "-execdir", "-ok", "-okdir");
    private static final Set<String> REMOVERS = Set.of("rm", "rmdir", "unlink", "shred");
    private static final Set<String> SHELLS = Set.of("sh", "bash", "zsh", "dash", "ksh");

    static FindCommand of(List<String> args) {
        int k = 0;
        while (k < args.size() && args.get(k).matches("-[HLP]|-D|-O\\d*")) {
            k += args.get(k).equals("-D") ? 2 : 1;
        }
        List<String> roots = new ArrayList<>();
        while (k < args.size() && !args.get(k).startsWith("-") && !args.get(k).equals("(") && !args.get(k).equals("!")) {
            roots.add(args.get(k++));
        }
        if (roots.isEmpty()) {
            roots.add(".");
        }
        List<String> patterns = new ArrayList<>();
        List<List<String>> executed = new ArrayList<>();
        boolean negated = false;
        boolean deletes = false;
        for (; k < args.size(); k++) {
            String a = args.get(k);
            if (PATTERN_TESTS.contains(a) && k + 1 < args.size()) {
                patterns.add(args.get(++k));
            } else if (EXEC_ACTIONS.contains(a)) {
                int end = k + 1;
                while (end < args.size() && !args.get(end).equals(";") && !args.get(end).equals("+")) {
                    end++;
                }
                executed.add(List.copyOf(args.subList(k + 1, end)));
                k = end;
            } else if (a.equals("!") || a.equals("-not")) {
                negated = true;
            } else if (a.equals("-delete")) {
                deletes = true;
            }
        }
        return new FindCommand(List.copyOf(roots), List.copyOf(patterns), negated, List.copyOf(executed), deletes);
    }

    /** Whether it deletes what it finds: {@code -delete}, or an {@code -exec} of rm and the like (also inside a shell). */
    boolean removes() {
        if (deletes) {
            return true;
        }
        for (List<String> cmd : executed) {
            for (String w : cmd) {
                String name = CommandWords.program(w);
                if (REMOVERS.contains(name)) {
                    return true;
                }
                if (SHELLS.contains(name) && cmd.stream().anyMatch(s -> ShellSyntax.lenient(s).stream().flatMap(List::stream)
                        .anyMatch(x -> REMOVERS.contains(CommandWords.program(x))))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether what it matches may be {@code .git} or inside it: no name test, a negated one, or one that fits .git. */
    boolean mayMatchGit() {
        if (patterns.isEmpty() || negated) {
            return true;
        }
        for (String p : patterns) {
            String lower = p.toLowerCase(Locale.ROOT);
            if (lower.contains("git") || CommandWords.globMatches(lower, ".git") || CommandWords.globMatches(lower, "./.git")) {
                return true;
            }
        }
        return false;
    }
}
