package dev.fathom.safety;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a shell command line is: read-only (a pipeline of inspection programs, no redirection into files), or
 * dangerous (it can destroy work or history outside what an undo restores, or run code fetched from the network).
 */
public final class CommandRules {
    private static final Set<String> READ_ONLY_PROGRAMS = Set.of("ls", "cat", "head", "tail", "wc", "pwd", "echo", "grep", "rg", "egrep",
            "fgrep", "find", "tree", "file", "stat", "du", "df", "which", "whoami", "date", "uname", "env", "printenv", "sort", "uniq",
            "cut", "diff", "cmp", "less", "more", "basename", "dirname", "realpath", "readlink", "true", "false", "test", "[", "jq");
    private static final Set<String> READ_ONLY_GIT = Set.of("status", "diff", "log", "show", "branch", "blame", "rev-parse", "ls-files",
            "describe", "remote", "tag", "config");
    private static final List<Pattern[]> DANGEROUS = List.of(
            rule("git\\s+push\\b.*(\\s--force\\b|\\s-f\\b|\\s--force-with-lease\\b|\\s\\+\\S)", "force-pushing rewrites shared history"),
            rule("git\\s+reset\\s+.*--hard|git\\s+reset\\s+--hard", "git reset --hard throws away uncommitted work"),
            rule("git\\s+clean\\s+.*-[a-z]*f", "git clean deletes untracked files for good"),
            rule("(curl|wget)\\b[^|]*\\|\\s*(sudo\\s+)?(ba|z|da)?sh\\b", "piping a download into a shell runs unreviewed code"),
            rule("(>>?|tee\\s+(-a\\s+)?)\\s*(~|\\$HOME|/root|/home/[^/\\s]+)/\\.(bashrc|zshrc|profile|bash_profile|zprofile|bash_login)",
                    "writing to a shell profile changes every future shell"),
            rule("\\brm\\s+(-[a-zA-Z]*\\s+)*[^|;&]*\\.git(\\s|/|$)", "deleting .git destroys the repository's history"),
            rule("\\b(mkfs|dd\\s+[^|;&]*of=/dev/|shutdown|reboot)\\b", "it can destroy a disk or stop the machine"),
            rule("\\bsudo\\b", "sudo runs with elevated privileges"));
    private static final Pattern RM_RECURSIVE = Pattern.compile("\\brm\\s+(-[a-zA-Z]*[rR][a-zA-Z]*\\s+|--recursive\\s+)(.*)");

    private CommandRules() {
    }

    private static Pattern[] rule(String regex, String why) {
        return new Pattern[] {Pattern.compile(regex), Pattern.compile(Pattern.quote(why))};
    }

    /** Why a command is dangerous, or null. {@code rm -r} outside the workspace counts as dangerous. */
    public static String dangerReason(String command, Path workspace) {
        for (Pattern[] r : DANGEROUS) {
            if (r[0].matcher(command).find()) {
                return r[1].pattern().replace("\\Q", "").replace("\\E", "");
            }
        }
        for (String part : command.split("&&|\\|\\||;|\\|")) {
            var m = RM_RECURSIVE.matcher(part);
            if (m.find()) {
                for (String target : m.group(2).trim().split("\\s+")) {
                    if (target.startsWith("-") || target.isEmpty()) {
                        continue;
                    }
                    if (target.startsWith("/") || target.startsWith("~") || target.startsWith("$HOME") || target.contains("..")
                            || target.equals("*") || target.equals(".")) {
                        Path resolved = target.startsWith("/") ? Path.of(target).normalize() : null;
                        if (resolved == null || !resolved.startsWith(workspace) || resolved.equals(workspace)) {
                            return "rm -r of '" + target + "' reaches outside the workspace or removes all of it";
                        }
                    }
                }
            }
        }
        return null;
    }

    /** Whether every part of the command line only reads: known inspection programs, no writing redirections. */
    public static boolean isReadOnly(String command) {
        if (command.matches("(?s).*(>|`|\\$\\(|<\\().*")) {
            return false;
        }
        for (String part : command.split("&&|\\|\\||;|\\|")) {
            String[] words = part.trim().split("\\s+");
            if (words.length == 0 || words[0].isEmpty()) {
                return false;
            }
            String program = words[0];
            if (program.equals("git")) {
                if (words.length < 2 || !READ_ONLY_GIT.contains(words[1])) {
                    return false;
                }
                if (words[1].equals("branch") || words[1].equals("tag") || words[1].equals("remote") || words[1].equals("config")) {
                    for (int i = 2; i < words.length; i++) {
                        if (!words[i].startsWith("-") || words[i].matches("-[dDmMcC]|--delete|--move|--copy|--add|--unset.*|--replace-all")) {
                            return false;
                        }
                    }
                }
            } else if (!READ_ONLY_PROGRAMS.contains(program)) {
                return false;
            } else if (program.equals("find") && part.matches(".*\\s-(delete|exec|execdir|ok|fprint\\w*)\\b.*")) {
                return false;
            }
        }
        return true;
    }
}
