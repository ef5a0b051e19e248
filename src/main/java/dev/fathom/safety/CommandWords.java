package dev.fathom.safety;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/** How the rules read a command's words: options the way getopt reads them, paths the way the shell resolves them. */
final class CommandWords {
    private CommandWords() {
    }

    /** The program a word names: {@code /bin/rm} and {@code rm} are both {@code rm}. */
    static String program(String word) {
        return word.substring(word.lastIndexOf('/') + 1);
    }

    /**
     * Whether {@code word} is the long option {@code option}, also abbreviated ({@code --rec} is {@code --recursive}
     * to getopt and git, and so is {@code --r} when no other option starts with r) and with an {@code =value}.
     */
    static boolean isLong(String word, String option) {
        if (!word.startsWith("--")) {
            return false;
        }
        int eq = word.indexOf('=');
        String name = eq < 0 ? word : word.substring(0, eq);
        return name.length() > 2 && option.startsWith(name); // getopt takes --o for --output when no other option starts so
    }

    /** Whether {@code word} is a cluster of short options ({@code -rf}) holding {@code letter}. */
    static boolean hasShort(String word, char letter) {
        return word.length() > 1 && word.charAt(0) == '-' && word.charAt(1) != '-' && word.indexOf(letter, 1) > 0;
    }

    /** Whether any word before a {@code --} is one of the long options or a short cluster holding one of the letters. */
    static boolean hasOption(List<String> words, String letters, String... longOptions) {
        for (String w : words) {
            if (w.equals("--")) {
                return false;
            }
            for (char c : letters.toCharArray()) {
                if (hasShort(w, c)) {
                    return true;
                }
            }
            for (String o : longOptions) {
                if (isLong(w, o)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether a path names {@code .git} in one of its parts, literally or by a glob such as {@code .g*}. */
    static boolean namesGit(String path) {
        for (String part : path.split("/")) {
            String p = part.toLowerCase(java.util.Locale.ROOT);
            if (p.equals(".git") || hasGlob(p) && globMatches(p, ".git")) {
                return true;
            }
        }
        return false;
    }

    /** Whether a path is inside {@code .git}: a part naming it, with a real part ({@code x}, {@code ..}) anywhere after. */
    static boolean insideGit(String path) {
        boolean inGit = false;
        for (String part : path.split("/")) {
            if (inGit && !part.isEmpty() && !part.equals(".")) {
                return true; // .git//index and .git/./index are .git/index
            }
            inGit |= namesGit(part);
        }
        return false;
    }

    /**
     * Whether removing {@code path} recursively would take the whole workspace or reach outside it: the workspace or a
     * folder above it, anything outside, a home folder, a variable, or a bare glob such as {@code *}.
     */
    static boolean holdsWorkspace(String path, Path workspace) {
        if (path.startsWith("~") || path.startsWith("$") || path.isEmpty()) {
            return true;
        }
        String first = path.split("/", 2)[0];
        if (!first.isEmpty() && first.chars().allMatch(c -> c == '*' || c == '?')) {
            return true;
        }
        try {
            Path p = workspace.resolve(path).normalize();
            return !p.startsWith(workspace) || workspace.startsWith(p);
        } catch (InvalidPathException e) {
            return true;
        }
    }

    static boolean hasGlob(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
    }

    /** Whether a shell glob (one path part) matches a name. */
    static boolean globMatches(String glob, String name) {
        StringBuilder re = new StringBuilder();
        for (int k = 0; k < glob.length(); k++) {
            char c = glob.charAt(k);
            if (c == '*') {
                re.append(".*");
            } else if (c == '?') {
                re.append('.');
            } else if (c == '[') {
                int end = glob.indexOf(']', k + 2);
                if (end < 0) {
                    re.append("\\[");
                    continue;
                }
                String set = glob.substring(k + 1, end).replace("\\", "\\\\");
                re.append('[').append(set.startsWith("!") ? "^" + set.substring(1) : set).append(']');
                k = end;
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        try {
            return Pattern.matches(re.toString(), name);
        } catch (java.util.regex.PatternSyntaxException e) {
            return true;
        }
    }
}
