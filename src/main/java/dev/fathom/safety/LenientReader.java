package dev.fathom.safety;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a bash line into simple commands for the danger checks, never failing: operators, line breaks, subshells,
 * groups, and command substitutions (also inside double quotes) all end a command; redirections and their targets are
 * dropped; quotes are removed; variables stay as written. It over-splits rather than under-splits, so a command hidden
 * in {@code $(...)}, backticks or {@code if ...; then ...; fi} is still seen on its own.
 */
final class LenientReader {
    private static final int MAX_DEPTH = 4;
    private final String s;
    private final List<List<String>> out;
    private final int depth;
    private List<String> command = new ArrayList<>();
    private final StringBuilder word = new StringBuilder();
    private boolean inWord;
    private boolean dropNextWord;
    private int i;

    LenientReader(String s, List<List<String>> out) {
        this(s, out, 0);
    }

    private LenientReader(String s, List<List<String>> out, int depth) {
        this.s = s;
        this.out = out;
        this.depth = depth;
    }

    void read() {
        for (i = 0; i < s.length(); i++) {
            step(s.charAt(i));
        }
        endCommand();
    }

    private void step(char c) {
        char next = i + 1 < s.length() ? s.charAt(i + 1) : 0;
        switch (c) {
            case ' ', '\t' -> endWord();
            case '\n', '\r', ';', '&', '|', '(', ')', '`' -> endCommand();
            case '$' -> {
                if (next == '(') {
                    i++;
                    endCommand();
                } else {
                    append(c);
                }
            }
            case '<', '>' -> redirection(next);
            case '{', '}' -> {
                if (!inWord && (next == 0 || next == ' ' || next == '\t' || next == ';' || next == '\n')) {
                    endCommand();
                } else {
                    append(c);
                }
            }
            case '\'' -> quoted('\'');
            case '"' -> quoted('"');
            case '\\' -> {
                if (next != '\n' && next != 0) {
                    append(next);
                }
                i++;
            }
            case '#' -> {
                if (inWord) {
                    append(c);
                } else {
                    int nl = s.indexOf('\n', i);
                    i = nl < 0 ? s.length() : nl - 1;
                }
            }
            default -> append(c);
        }
    }

    private void redirection(char next) {
        if (next == '(') { // process substitution: a command of its own
            i++;
            endCommand();
            return;
        }
        if (inWord && word.toString().chars().allMatch(Character::isDigit)) {
            word.setLength(0); // a file descriptor number, not a word
            inWord = false;
        }
        endWord();
        while (i + 1 < s.length() && "<>&|-".indexOf(s.charAt(i + 1)) >= 0) {
            i++;
        }
        dropNextWord = true;
    }

    private void quoted(char quote) {
        StringBuilder inside = new StringBuilder();
        for (i++; i < s.length() && s.charAt(i) != quote; i++) {
            char c = s.charAt(i);
            if (quote == '"' && c == '\\' && i + 1 < s.length()) {
                c = s.charAt(++i);
            }
            inside.append(c);
        }
        word.append(inside);
        inWord = true;
        if (quote == '"' && depth < MAX_DEPTH) {
            String text = inside.toString();
            for (int k = 0; k < text.length(); k++) {
                if (text.startsWith("$(", k) || text.charAt(k) == '`') {
                    new LenientReader(text.substring(k + (text.charAt(k) == '`' ? 1 : 2)), out, depth + 1).read();
                    break;
                }
            }
        }
    }

    private void append(char c) {
        word.append(c);
        inWord = true;
    }

    private void endWord() {
        if (inWord) {
            if (dropNextWord) {
                dropNextWord = false;
            } else {
                command.add(word.toString());
            }
        }
        word.setLength(0);
        inWord = false;
    }

    private void endCommand() {
        endWord();
        dropNextWord = false;
        if (!command.isEmpty()) {
            out.add(command);
        }
        command = new ArrayList<>();
    }
}
