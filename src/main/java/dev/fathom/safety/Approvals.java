package dev.fathom.safety;


/**
 * Applies the policy to a tool call. An ASK goes to the {@link Approver} of an interactive front end; a headless run
 * has none, so an ASK becomes a denial that the model is told about.
 */
public final class Approvals {

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
    private final ActionClassifier classifier;

    /**
     * @param approver null for a headless run
     * @param classifier what each call does (the tool registry, which asks the tools)
     */
    public Approvals(ApprovalPolicy policy, Approver approver, ActionClassifier classifier) {
        this.policy = policy;
        this.approver = approver;
        this.classifier = classifier;
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

    /** What a call does, as the tool itself classifies it. */
    public ApprovalPolicy.Action action(String tool, String arguments) {
        return classifier.classify(tool, arguments);
    }
}
