package dev.fathom.loop;

/** Receives a run's events on the thread that runs the loop. */
@FunctionalInterface
public interface AgentListener {
    void on(AgentEvent event);
}
