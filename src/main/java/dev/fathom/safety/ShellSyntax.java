package dev.fathom.safety;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a bash command line without running anything. {@link #strict} accepts only plain words (quotes resolved)
 * joined by {@code && || ; |}: anything bash would expand, redirect, background or group makes it fail, so what it
 * returns is exactly what bash would run. {@link #lenient} never fails: it cuts a line at every operator, grouping and
 * substitution, so that danger checks see each command however it is spelled.
 */
final class ShellSyntax {

    /** A word after quote removal; {@code glob} when it holds an unquoted {@code * ? [} (bash expands it to file names). */
    record Word(String text, boolean glob) {
    }

    /** The simple commands of a line, or, when it is not plain words, why not (then {@code commands} is empty). */
    record Parsed(List<List<Word>> commands, String problem) {
        boolean ok() {
            return problem == null;
        }
    }

    private ShellSyntax() {
    }

    /** The line as plain commands, or the first thing in it that is not a plain word or one of {@code && || ; |}. */
    static Parsed strict(String line) {
        return new StrictReader(line).read();
    }

    /** Every simple command in the line, quotes removed, at any depth of grouping or substitution. */
    static List<List<String>> lenient(String line) {
        List<List<String>> out = new ArrayList<>();
        new LenientReader(line, out).read();
        return out;
    }

    private static Parsed fail(String problem) {
        return new Parsed(List.of(), problem);
    }

    private static boolean isControl(char c) {
        return c < 0x20 && c != '\t' || c == 0x7f || c >= 0x80 && c < 0xa0;
    }

    /** The strict reader: one pass, failing at the first character bash would treat specially. */
    private static final class StrictReader {
        private final String s;
        private final List<List<Word>> commands = new ArrayList<>();
        private List<Word> command = new ArrayList<>();
        private final StringBuilder word = new StringBuilder();
        private boolean inWord;
        private boolean glob;
        private String lastOperator;
        private int i;

        StrictReader(String s) {
            this.s = s;
        }

        Parsed read() {
            for (i = 0; i < s.length(); i++) {
                String problem = step(s.charAt(i));
                if (problem != null) {
                    return fail(problem);
                }
            }
            endWord();
            if (command.isEmpty()) {
                return commands.isEmpty() || !";".equals(lastOperator) ? fail("an empty command") : new Parsed(commands, null);
            }
            commands.add(command);
            return new Parsed(List.copyOf(commands), null);
        }

        private String step(char c) {
            switch (c) {
                case ' ', '\t' -> endWord();
                case '\n', '\r' -> {
                    return "a line break (more than one command line)";
                }
                case '\'' -> {
                    int end = s.indexOf('\'', i + 1);
                    if (end < 0) {
                        return "an unterminated quote";
                    }
                    word.append(s, i + 1, end);
                    inWord = true;
                    i = end;
                }
                case '"' -> {
                    return doubleQuoted();
                }
                case '\\' -> {
                    if (i + 1 >= s.length() || s.charAt(i + 1) == '\n' || isControl(s.charAt(i + 1))) {
                        return "a backslash at the end of a line";
                    }
                    word.append(s.charAt(++i));
                    inWord = true;
                }
                case '$', '`' -> {
                    return "a variable, expansion or command substitution";
                }
                case '<', '>' -> {
                    return "a redirection";
                }
                case '(', ')', '{', '}' -> {
                    return "a group, subshell or brace expansion";
                }
                case '&', '|', ';' -> {
                    return operator(c);
                }
                default -> {
                    return plain(c);
                }
            }
            return null;
        }

        private String plain(char c) {
            if (isControl(c)) {
                return "a control character";
            }
            if (c == '#' && !inWord) {
                return "a comment";
            }
            if (c == '~' && (!inWord || word.length() > 0 && "=:".indexOf(word.charAt(word.length() - 1)) >= 0)) {
                return "a ~ (home folder) expansion";
            }
            if (c == '*' || c == '?' || c == '[') {
                glob = true;
            }
            word.append(c);
            inWord = true;
            return null;
        }

        private String doubleQuoted() {
            for (i++; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"') {
                    inWord = true;
                    return null;
                } else if (c == '$' || c == '`') {
                    return "a variable, expansion or command substitution";
                } else if (isControl(c) || c == '\n') {
                    return "a control character or line break in quotes";
                } else if (c == '\\' && i + 1 < s.length() && "\"\\$`".indexOf(s.charAt(i + 1)) >= 0) {
                    word.append(s.charAt(++i));
                } else if (c == '\\' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                    return "a line break in quotes";
                } else {
                    word.append(c);
                }
            }
            return "an unterminated quote";
        }

        private String operator(char c) {
            char next = i + 1 < s.length() ? s.charAt(i + 1) : 0;
            String op;
            if (c == '&') {
                if (next != '&') {
                    return "a background & or an &> redirection";
                }
                op = "&&";
            } else if (c == '|') {
                if (next == '&') {
                    return "a |& redirection";
                }
                op = next == '|' ? "||" : "|";
            } else {
                if (next == ';' || next == '&') {
                    return "a case terminator";
                }
                op = ";";
            }
            i += op.length() - 1;
            endWord();
            if (command.isEmpty()) {
                return "an operator with no command before it";
            }
            commands.add(command);
            command = new ArrayList<>();
            lastOperator = op;
            return null;
        }

        private void endWord() {
            if (inWord) {
                command.add(new Word(word.toString(), glob));
            }
            word.setLength(0);
            inWord = false;
            glob = false;
        }
    }
}
