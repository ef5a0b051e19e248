package dev.fathom.loop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.Map;

/**
 * Watches the tool calls of the main loop for a model that is stuck: {@code threshold} failed calls of the same kind
 * in a row (edits whose old text is not found, the same command failing, the same call erroring). Any success ends the
 * streak; a refusal or an interruption neither counts nor ends it (the model did nothing wrong).
 */
final class EscalationRules {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final int threshold;
    private final Map<String, String> arguments = new HashMap<>();
    private String kind;
    private String description;
    private int streak;

    EscalationRules(int threshold) {
        this.threshold = threshold;
    }

    /** Feeds one event; returns the reason to escalate when a streak reaches the threshold, else null. */
    String on(AgentEvent event) {
        if (event instanceof AgentEvent.ToolCallStarted s) {
            arguments.put(s.callId(), s.arguments());
        } else if (event instanceof AgentEvent.ToolCallFinished f) {
            return finished(f, arguments.remove(f.callId()));
        }
        return null;
    }

    private String finished(AgentEvent.ToolCallFinished f, String args) {
        if ("denied".equals(f.summary()) || "interrupted".equals(f.summary()) || "blocked".equals(f.summary())) {
            return null;
        }
        String[] failure = failureKind(f, args == null ? "" : args);
        if (failure == null) {
            streak = 0;
            kind = null;
            return null;
        }
        if (failure[0].equals(kind)) {
            streak++;
        } else {
            kind = failure[0];
            description = failure[1];
            streak = 1;
        }
        if (streak < threshold) {
            return null;
        }
        streak = 0;
        kind = null;
        return threshold + " " + description + " in a row";
    }

    /** {kind, description} of a failed call, or null when it succeeded. */
    private static String[] failureKind(AgentEvent.ToolCallFinished f, String args) {
        boolean edit = f.name().equals("edit_file") || f.name().equals("apply_patch");
        if (edit && f.error() && f.output() != null
                && (f.output().contains("was not found") || f.output().contains("does not match the file"))) {
            return new String[] {"edit-not-found", "edits whose old text was not found"};
        }
        if (f.name().equals("bash")) {
            String summary = f.summary() == null ? "" : f.summary();
            boolean failed = f.error() || summary.equals("timed out") || summary.startsWith("exit ") && !summary.equals("exit 0");
            if (!failed) {
                return null;
            }
            String command = command(args);
            return new String[] {"bash:" + command, "failures of the command `" + command + "`"};
        }
        return f.error() ? new String[] {f.name() + ":" + args, "failures of the same " + f.name() + " call"} : null;
    }

    private static String command(String args) {
        try {
            JsonNode n = JSON.readTree(args);
            String c = n.path("command").asText("").strip();
            return c.length() > 80 ? dev.fathom.tools.TextCuts.head(c, 80) + "…" : c;
        } catch (Exception e) {
            return args;
        }
    }
}
