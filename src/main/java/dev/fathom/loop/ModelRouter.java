package dev.fathom.loop;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Which model answers what: the main loop ({@code current}: the main model until an escalation), sub-agents
 * (explore), summaries (compact). An escalation is one-way for the session: flipping back and forth would throw the
 * prefix cache of each model away every time. The user switches back by choosing a model again.
 */
public final class ModelRouter {
    /** One switch of the main loop's model, and why. */
    public record Escalation(String from, String to, String reason) {
    }

    private final String main;
    private final String explore;
    private final String compact;
    private final String escalate;
    private final boolean escalates;
    private final int escalateAfter;
    private volatile String current;
    private final List<Escalation> escalations = new CopyOnWriteArrayList<>();

    /**
     * @param escalates whether escalation applies at all ({@code auto}, or an escalate model the user named)
     * @param escalateAfter how many failed tool calls of one kind in a row escalate
     */
    public ModelRouter(String main, String explore, String compact, String escalate, boolean escalates, int escalateAfter) {
        this.main = main;
        this.explore = explore;
        this.compact = compact;
        this.escalate = escalate;
        this.escalates = escalates;
        this.escalateAfter = escalateAfter;
        this.current = main;
    }

    /** One model for everything, never escalating. */
    public static ModelRouter single(String model) {
        return new ModelRouter(model, model, model, model, false, Integer.MAX_VALUE);
    }

    /** The model of the main loop now. */
    public String current() {
        return current;
    }

    public String main() {
        return main;
    }

    public String explore() {
        return explore;
    }

    public String compact() {
        return compact;
    }

    public int escalateAfter() {
        return escalateAfter;
    }

    /**
     * The model a run without routing would have used for every request: the escalate model under escalation (the
     * strong model that {@code auto} saves on), else the main model.
     */
    public String baseline() {
        return escalates ? escalate : main;
    }

    /** Moves the main loop to the escalate model; null when escalation is off or already done. */
    public synchronized Escalation escalate(String reason) {
        if (!escalates || current.equals(escalate)) {
            return null;
        }
        Escalation e = new Escalation(current, escalate, reason);
        current = escalate;
        escalations.add(e);
        return e;
    }

    public List<Escalation> escalations() {
        return List.copyOf(escalations);
    }
}
