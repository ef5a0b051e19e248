package dev.fathom.ui;

import dev.fathom.safety.ApprovalPolicy;
import dev.fathom.safety.Approvals.Approver.Answer;

/**
 * The words of an approval question and what each key answers. The command is shown whole (every line of a multi-line
 * one) with its control characters escaped, so what is approved is what is seen; Enter does not approve a dangerous
 * command.
 */
final class ApprovalPrompt {
    private static final String KEYS = "[y]es  [n]o  [a]lways this session  [t]ell the model what to do instead: ";
    private static final String DANGEROUS_KEYS = "[y]es (Enter does not approve this one)  [n]o  [t]ell the model what to do instead: ";

    private ApprovalPrompt() {
    }

    /** The question, ending where the answer is typed. */
    static String question(ApprovalPolicy.Action action, ApprovalPolicy.Verdict verdict) {
        String keys = "  " + (verdict.dangerous() ? DANGEROUS_KEYS : KEYS);
        String reason = TerminalText.oneLine(verdict.reason());
        if (action.kind() == ApprovalPolicy.Kind.COMMAND && String.join(" ", action.subjects()).contains("\n")) {
            StringBuilder q = new StringBuilder("? Allow this command of several lines (" + reason + "):\n");
            for (String line : String.join(" ", action.subjects()).split("\n", -1)) {
                q.append("  \u2502 ").append(TerminalText.oneLine(line)).append('\n');
            }
            return q.append(keys).toString();
        }
        return "? Allow " + TerminalText.oneLine(action.describe()) + " (" + reason + ")\n" + keys;
    }

    /** What a key answers, or null for a key that answers nothing (keep waiting); 't' is answered by the caller. */
    static Answer answer(int key, boolean dangerous) {
        return switch (Character.toLowerCase(key)) {
            case 'y' -> Answer.YES;
            case '\r', '\n' -> dangerous ? null : Answer.YES;
            case 'a' -> dangerous ? null : Answer.ALWAYS;
            case 'n', 27, -1 -> Answer.NO;
            default -> null;
        };
    }
}
