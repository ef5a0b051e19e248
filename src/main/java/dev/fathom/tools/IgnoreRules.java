package dev.fathom.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The patterns of one {@code .gitignore} file, matched as git does: last matching rule wins, {@code !} negates, a
 * trailing {@code /} matches directories only, a pattern with an inner {@code /} is anchored to the file's folder,
 * {@code **} spans folders.
 */
final class IgnoreRules {
    private record Rule(Pattern regex, boolean negate, boolean dirOnly) {
    }

    private final List<Rule> rules;

    private IgnoreRules(List<Rule> rules) {
        this.rules = rules;
    }

    static IgnoreRules load(Path gitignore) {
        try {
            return parse(new String(Files.readAllBytes(gitignore), StandardCharsets.UTF_8).lines().toList());
        } catch (IOException e) {
            return new IgnoreRules(List.of());
        }
    }

    static IgnoreRules parse(List<String> lines) {
        List<Rule> rules = new ArrayList<>();
        for (String raw : lines) {
            String line = raw.endsWith("\\ ") ? raw : raw.stripTrailing();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            boolean negate = line.startsWith("!");
            if (negate) {
                line = line.substring(1);
            }
            if (line.startsWith("\\")) {
                line = line.substring(1);
            }
            boolean dirOnly = line.endsWith("/");
            if (dirOnly) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.isEmpty() || line.equals("/")) {
                continue;
            }
            try {
                String regex = dev.fathom.safety.Glob.anchoredRegex(line, false); // git's dialect: no {a,b}
                rules.add(new Rule(Pattern.compile(regex), negate, dirOnly));
            } catch (IllegalArgumentException unusable) {
                // git ignores a pattern it cannot read; so does Fathom
            }
        }
        return new IgnoreRules(rules);
    }

    /** Whether {@code relative} (to this file's folder, with {@code /}) is ignored; null when no rule speaks. */
    Boolean match(String relative, boolean isDirectory) {
        Boolean result = null;
        for (Rule r : rules) {
            if (r.dirOnly && !isDirectory) {
                continue;
            }
            if (r.regex.matcher(relative).matches()) {
                result = !r.negate;
            }
        }
        return result;
    }
}
