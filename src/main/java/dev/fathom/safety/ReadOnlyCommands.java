package dev.fathom.safety;

import static dev.fathom.safety.CommandWords.hasOption;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The programs a command may use and still run without asking: inspection programs that cannot write files, run other
 * programs or reach the network, each with the options that would break that refused. A program not listed here is
 * not read-only, whatever its arguments.
 */
final class ReadOnlyCommands {
    /** Programs with no option that writes, executes or follows links out of the workspace. */
    private static final Set<String> PLAIN = Set.of("ls", "pwd", "echo", "printf", "true", "false", "wc", "cat", "head", "tail", "nl",
            "tac", "rev", "cut", "tr", "paste", "seq", "basename", "dirname", "realpath", "readlink", "stat", "du", "df", "which", "whoami",
            "id", "uname", "cmp", "diff", "test", "[", "column", "expr", "comm", "fold", "fmt", "od", "md5sum", "sha1sum", "sha256sum",
            "strings", "jq");
    /** Programs whose arguments are text, not paths. */
    private static final Set<String> NO_PATHS = Set.of("echo", "printf", "true", "false", "seq", "expr");
    private static final Set<String> FIND_UNSAFE = Set.of("-exec", "-execdir", "-ok", "-okdir", "-delete", "-fls", "-fprint", "-fprint0",
            "-fprintf", "-L", "-follow");
    private static final Pattern SED_ADDRESS = Pattern.compile("(\\d+|\\$|/([^/\\\\]|\\\\.)*/)(,(\\d+|\\$|/([^/\\\\]|\\\\.)*/))?");
    private static final Pattern SED_COMMAND = Pattern.compile("(" + SED_ADDRESS + ")?!?\\s*([pdqlnNPDhHgGx=]|s/([^/\\\\]|\\\\.)*/([^/\\\\]|\\\\.)*/[gpiImM0-9]*)");
    private static final Map<String, Function<List<String>, String>> VETTED = Map.of(
            "grep", a -> hasOption(a, "R", "--dereference-recursive") ? "grep -R follows links out of the workspace" : null,
            "egrep", a -> hasOption(a, "R", "--dereference-recursive") ? "egrep -R follows links out of the workspace" : null,
            "fgrep", a -> hasOption(a, "R", "--dereference-recursive") ? "fgrep -R follows links out of the workspace" : null,
            "rg", a -> hasOption(a, "zL", "--pre", "--pre-glob", "--search-zip", "--hostname-bin", "--follow")
                    ? "rg with --pre, --search-zip or --follow runs programs or leaves the workspace" : null,
            "find", a -> a.stream().anyMatch(FIND_UNSAFE::contains) ? "find with -exec, -delete, -fprint or -L writes, runs or leaves the workspace" : null,
            "sort", a -> hasOption(a, "o", "--output", "--compress-program") ? "sort -o writes a file" : null,
            "uniq", ReadOnlyCommands::uniq,
            "sed", ReadOnlyCommands::sed,
            "tree", a -> hasOption(a, "oRl", "--output") ? "tree -o writes a file" : null,
            "git", GitRules::readOnlyProblem);
    private static final Map<String, Function<List<String>, String>> MORE = Map.of(
            "file", a -> hasOption(a, "C", "--compile") ? "file -C writes a file" : null,
            "date", a -> hasOption(a, "s", "--set") ? "date -s sets the clock" : null);

    private ReadOnlyCommands() {
    }

    /** Why these words (program first, quotes removed) are not a read-only command, or null. */
    static String problem(List<String> words) {
        String program = words.get(0);
        List<String> args = words.subList(1, words.size());
        if (PLAIN.contains(program)) {
            return null;
        }
        Function<List<String>, String> vet = VETTED.getOrDefault(program, MORE.get(program));
        if (vet == null) {
            return program.contains("/") ? "a program given by path" : program + " is not a known read-only program";
        }
        return vet.apply(args);
    }

    /** Whether an argument of the program may name a file it reads (and is checked as a path). */
    static boolean mayBePath(String program, String word) {
        return !NO_PATHS.contains(program) && !(program.equals("sed") && safeSedScript(word));
    }

    private static String uniq(List<String> args) {
        int operands = 0;
        for (int k = 0; k < args.size(); k++) {
            String a = args.get(k);
            if (a.matches("-[fsw]")) {
                k++;
            } else if (!a.startsWith("-") || a.equals("-")) {
                operands++;
            }
        }
        return operands > 1 ? "uniq with a second file writes to it" : null;
    }

    private static String sed(List<String> args) {
        boolean scriptGiven = false;
        for (int k = 0; k < args.size(); k++) {
            String a = args.get(k);
            if (a.equals("-e") || a.startsWith("--expression")) {
                String script = a.equals("-e") ? (k + 1 < args.size() ? args.get(++k) : "") : a.substring(a.indexOf('=') + 1);
                if (!safeSedScript(script)) {
                    return "a sed script that can write files or run commands";
                }
                scriptGiven = true;
            } else if (a.startsWith("-") && !a.matches("-[nEsrzu]+|--quiet|--silent|--regexp-extended|--posix|--sandbox|--debug")) {
                return "sed " + a + " can edit files in place or read a script";
            } else if (!a.startsWith("-") && !scriptGiven) {
                if (!safeSedScript(a)) {
                    return "a sed script that can write files or run commands";
                }
                scriptGiven = true;
            }
        }
        return null;
    }

    /** Only printing, deleting and {@code s///} commands without the {@code w} and {@code e} flags. */
    private static boolean safeSedScript(String script) {
        for (String part : script.split(";")) {
            if (!part.isBlank() && !SED_COMMAND.matcher(part.strip()).matches()) {
                return false;
            }
        }
        return true;
    }
}
