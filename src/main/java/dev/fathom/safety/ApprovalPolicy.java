package dev.fathom.safety;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Decides, for each tool call, whether it runs, needs the user's yes, or is refused: deny rules first (deny wins),
 * then dangerous commands (always asked unless a rule allows them by name), then allow rules and answers of "always"
 * given in this session, then the mode. Read-only mode comes right after the deny rules: it runs reads and refuses
 * everything else, whatever the allow rules say.
 */
public final class ApprovalPolicy {

    public enum Decision { ALLOW, ASK, DENY }

    /** What a call does: its kind and what it touches (a path, a command). */
    public enum Kind { READ, EDIT, COMMAND, OTHER }

    public record Action(String tool, Kind kind, List<String> subjects) {
        /** {@code path} as the rules see it: relative to the workspace when inside it, else absolute. */
        public static String subject(java.nio.file.Path workspace, String path) {
            try {
                java.nio.file.Path p = workspace.resolve(path).normalize();
                return p.startsWith(workspace) ? workspace.relativize(p).toString().replace('\\', '/') : p.toString();
            } catch (RuntimeException e) {
                return path;
            }
        }

        /** A one-line description for prompts and messages. */
        public String describe() {
            return kind == Kind.COMMAND ? "`" + String.join(" ", subjects) + "`"
                    : tool + (subjects.isEmpty() ? "" : " " + String.join(", ", subjects));
        }
    }

    /** A decision and why; {@code dangerous} when the command can destroy what an undo cannot restore (Enter does not approve it). */
    public record Verdict(Decision decision, String reason, boolean dangerous) {
        public Verdict(Decision decision, String reason) {
            this(decision, reason, false);
        }
    }

    /** One rule: {@code tool} or {@code tool(glob)}; for bash the glob matches the command, otherwise paths. */
    private record Rule(String text, String tool, Pattern subject) {
        /** An allow rule must fit every path a call touches; a deny rule one of them (a patch may touch several). */
        boolean matches(Action a, boolean deny) {
            if (!tool.equals(a.tool()) && !tool.equals("*")) {
                return false;
            }
            if (subject == null) {
                return true;
            }
            return deny ? a.subjects().stream().anyMatch(s -> subject.matcher(s).matches())
                    : !a.subjects().isEmpty() && a.subjects().stream().allMatch(s -> subject.matcher(s).matches());
        }
    }

    private final ApprovalMode mode;
    private final List<Rule> allow;
    private final List<Rule> deny;
    private final Path workspace;
    private final Set<String> always = ConcurrentHashMap.newKeySet();

    public ApprovalPolicy(ApprovalMode mode, List<String> allow, List<String> deny, Path workspace) {
        this.mode = mode;
        this.allow = parse(allow);
        this.deny = parse(deny);
        this.workspace = workspace;
    }

    public ApprovalMode mode() {
        return mode;
    }

    /** Checks that each rule reads as tool or tool(glob); returns the first bad one, or null. */
    public static String invalidRule(List<String> rules) {
        for (String r : rules) {
            if (!r.matches("[\\w*-]+(\\(.*\\))?")) {
                return r;
            }
            try {
                parse(List.of(r));
            } catch (IllegalArgumentException badGlob) {
                return r;
            }
        }
        return null;
    }

    private static List<Rule> parse(List<String> rules) {
        List<Rule> out = new ArrayList<>();
        for (String r : rules) {
            int open = r.indexOf('(');
            if (open < 0) {
                out.add(new Rule(r, r.trim(), null));
            } else {
                String tool = r.substring(0, open).trim();
                String glob = r.substring(open + 1, r.lastIndexOf(')'));
                out.add(new Rule(r, tool, Pattern.compile(tool.equals("bash") ? commandGlob(glob) : pathGlob(glob))));
            }
        }
        return out;
    }

    public Verdict decide(Action a) {
        for (Rule r : deny) {
            if (r.matches(a, true)) {
                return new Verdict(Decision.DENY, "denied by the rule '" + r.text() + "' in the settings");
            }
        }
        String danger = a.kind() == Kind.COMMAND ? CommandRules.dangerReason(String.join(" ", a.subjects()), workspace) : null;
        if (mode == ApprovalMode.READ_ONLY) {
            return readOnly(a, danger);
        }
        for (Rule r : allow) {
            if (r.matches(a, false) && (danger == null || r.subject() != null)) {
                return new Verdict(Decision.ALLOW, "allowed by the rule '" + r.text() + "'");
            }
        }
        if (danger != null) {
            return new Verdict(Decision.ASK, "it is a dangerous command: " + danger, true);
        }
        if (always.contains(key(a))) {
            return new Verdict(Decision.ALLOW, "allowed for this session");
        }
        if (a.kind() == Kind.OTHER) {
            return mode == ApprovalMode.FULL_AUTO ? new Verdict(Decision.ALLOW, "full-auto mode")
                    : new Verdict(Decision.ASK, mode.wireName() + " mode asks before tools that may change things");
        }
        String notReadOnly = a.kind() == Kind.COMMAND ? CommandRules.readOnlyProblem(String.join(" ", a.subjects()), workspace) : "";
        boolean readOnlyCommand = notReadOnly == null;
        return switch (mode) {
            case FULL_AUTO -> new Verdict(Decision.ALLOW, "full-auto mode");
            case AUTO_EDIT -> a.kind() == Kind.READ || a.kind() == Kind.EDIT || readOnlyCommand
                    ? new Verdict(Decision.ALLOW, "auto-edit mode")
                    : new Verdict(Decision.ASK, "auto-edit mode asks before running commands that are not plain reads; " + notReadOnly);
            default -> a.kind() == Kind.READ || readOnlyCommand ? new Verdict(Decision.ALLOW, "a read") // ask mode: read-only is decided above
                    : new Verdict(Decision.ASK, a.kind() == Kind.COMMAND
                            ? "ask mode asks before commands that are not plain reads; " + notReadOnly : "ask mode asks before edits");
        };
    }

    /**
     * Read-only mode promises that nothing changes, so what is not a read is refused, never asked (a dangerous command
     * too), and neither an allow rule nor an "always" answer given in another mode lets a change through.
     */
    private Verdict readOnly(Action a, String danger) {
        String refused = "refused: the session is read-only (--approval read-only)";
        if (danger != null) {
            return new Verdict(Decision.DENY, refused + "; it is a dangerous command: " + danger);
        }
        boolean read = a.kind() == Kind.READ
                || a.kind() == Kind.COMMAND && CommandRules.readOnlyProblem(String.join(" ", a.subjects()), workspace) == null;
        return read ? new Verdict(Decision.ALLOW, "a read") : new Verdict(Decision.DENY, refused);
    }

    /** Remembers an "always" answer: the same tool on the same subject runs without asking for the rest of the session. */
    public void allowForSession(Action a) {
        always.add(key(a));
    }

    private static String key(Action a) {
        return a.tool() + "\u0000" + String.join("\u0000", a.subjects());
    }

    /** A command glob: {@code *} matches anything, spaces included. */
    static String commandGlob(String glob) {
        StringBuilder re = new StringBuilder();
        for (String part : glob.split("\\*", -1)) {
            if (re.length() > 0) {
                re.append(".*");
            }
            re.append(Pattern.quote(part));
        }
        return re.toString();
    }

    /** A path glob in Fathom's one dialect ({@link Glob}): {@code *.java} is every Java file, as in the glob tool. */
    static String pathGlob(String glob) {
        return Glob.anchoredRegex(glob, true);
    }
}
