package dev.fathom.safety;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Applies the policy to a tool call. An ASK goes to the {@link Approver} of an interactive front end; a headless run
 * has none, so an ASK becomes a denial that the model is told about.
 */
public final class Approvals {
    private static final Set<String> READS = Set.of("read_file", "glob", "grep", "git_status", "git_diff", "git_log", "update_plan");
    private static final Set<String> EDITS = Set.of("write_file", "edit_file", "apply_patch", "git_commit");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Asks the user; interactive front ends implement it. */
    public interface Approver {
        enum Answer { YES, NO, ALWAYS }

        /** The user's answer; with NO, {@code instead} may say what to do instead (told to the model). */
        record Response(Answer answer, String instead) {
        }

        Response ask(ApprovalPolicy.Action action, ApprovalPolicy.Verdict verdict);
    }

    private final ApprovalPolicy policy;
    private final Approver approver;
    private final Path workspace;
    private final Set<String> extraReads;

    /** @param approver null for a headless run */
    public Approvals(ApprovalPolicy policy, Approver approver, Path workspace) {
        this(policy, approver, workspace, Set.of());
    }

    /** @param extraReads tools from outside (read-only MCP servers) that only read */
    public Approvals(ApprovalPolicy policy, Approver approver, Path workspace, Set<String> extraReads) {
        this.policy = policy;
        this.approver = approver;
        this.workspace = workspace;
        this.extraReads = Set.copyOf(extraReads);
    }

    public ApprovalPolicy policy() {
        return policy;
    }

    /** Null when the call may run; otherwise the message for the model. */
    public String refusal(String tool, String arguments) {
        ApprovalPolicy.Action action = action(tool, arguments);
        ApprovalPolicy.Verdict v = policy.decide(action);
        switch (v.decision()) {
            case ALLOW:
                return null;
            case DENY:
                return "Not run: " + action.describe() + " was " + v.reason() + ". Do not retry it; do without, or say in your answer what is needed.";
            default:
                if (approver == null) {
                    return "Not run: " + action.describe() + " needs the user's approval (" + v.reason() + "), and this run is headless, "
                            + "so it was denied. Do not retry it; find another way, or say in your answer what the user should run.";
                }
                Approver.Response a = approver.ask(action, v);
                if (a.answer() == Approver.Answer.ALWAYS) {
                    policy.allowForSession(action);
                }
                if (a.answer() != Approver.Answer.NO) {
                    return null;
                }
                return a.instead() == null || a.instead().isBlank()
                        ? "Not run: the user declined " + action.describe() + ". Ask or try another way."
                        : "Not run: the user declined " + action.describe() + " and says: " + a.instead().strip();
        }
    }

    /** What a call does, from its tool and arguments (unparseable arguments touch nothing; the tool will refuse them). */
    public ApprovalPolicy.Action action(String tool, String arguments) {
        JsonNode args;
        try {
            args = JSON.readTree(arguments == null || arguments.isBlank() ? "{}" : arguments);
        } catch (Exception e) {
            args = JSON.createObjectNode();
        }
        List<String> subjects = new ArrayList<>();
        if (tool.equals("bash")) {
            subjects.add(args.path("command").asText(""));
            return new ApprovalPolicy.Action(tool, ApprovalPolicy.Kind.COMMAND, subjects);
        }
        if (tool.equals("job_output")) {
            return new ApprovalPolicy.Action(tool, args.path("kill").asBoolean(false) ? ApprovalPolicy.Kind.COMMAND : ApprovalPolicy.Kind.READ,
                    List.of("job " + args.path("job_id").asText()));
        }
        if (args.hasNonNull("file_path")) {
            subjects.add(relative(args.get("file_path").asText()));
        }
        if (tool.equals("apply_patch")) {
            for (String line : args.path("patch").asText("").split("\n")) {
                if (line.matches("\\*\\*\\* (Add|Delete|Update) File: .*|\\*\\*\\* Move to: .*")) {
                    subjects.add(relative(line.substring(line.indexOf(':') + 1).trim()));
                }
            }
        }
        ApprovalPolicy.Kind kind = READS.contains(tool) || extraReads.contains(tool) ? ApprovalPolicy.Kind.READ
                : EDITS.contains(tool) ? ApprovalPolicy.Kind.EDIT : ApprovalPolicy.Kind.OTHER;
        return new ApprovalPolicy.Action(tool, kind, subjects);
    }

    private String relative(String path) {
        try {
            Path p = workspace.resolve(path).normalize();
            return p.startsWith(workspace) ? workspace.relativize(p).toString().replace('\\', '/') : p.toString();
        } catch (RuntimeException e) {
            return path;
        }
    }
}
