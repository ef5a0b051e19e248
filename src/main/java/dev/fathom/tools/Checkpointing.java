package dev.fathom.tools;

import dev.fathom.git.Checkpoints;
import java.io.IOException;

/**
 * Per-session use of checkpoints: one snapshot before the first change of each run (user turn), and a record of the
 * tree as the run left it, so that an undo can tell the user's later edits from the agent's. Outside a git repository
 * it does nothing.
 */
public final class Checkpointing {
    private final java.util.function.Supplier<Checkpoints> source;
    private Checkpoints checkpoints;
    private boolean resolved;
    private final String sessionId;
    private Integer current;
    private int runs;
    private boolean toldUnavailable;

    /**
     * @param source finds the repository's checkpoints (null outside a repository); called at the first change only,
     *     so a run that changes nothing never loads JGit
     */
    public Checkpointing(java.util.function.Supplier<Checkpoints> source, String sessionId) {
        this.source = source;
        this.sessionId = sessionId;
    }

    public static Checkpointing none() {
        return new Checkpointing(() -> null, "");
    }

    private Checkpoints checkpoints() {
        if (!resolved) {
            checkpoints = source.get();
            resolved = true;
        }
        return checkpoints;
    }

    /** Starts a run: the next change takes a new checkpoint. */
    public synchronized void startRun() {
        current = null;
        runs++;
    }

    /** Before a mutating tool call: the run's checkpoint, taken once. Returns an error message, or null. */
    public synchronized String beforeChange() {
        if (current != null || checkpoints() == null) {
            return null;
        }
        if (checkpoints.unavailable() != null) {
            current = -1;
            if (toldUnavailable) {
                return null;
            }
            toldUnavailable = true; // said once per session, before its first change
            return "no checkpoints in this session (undo will not cover its changes): " + checkpoints.unavailable() + ".";
        }
        try {
            current = checkpoints.take("session " + sessionId + ", turn " + runs);
            return null;
        } catch (IOException | RuntimeException e) {
            current = -1;
            return "could not take a checkpoint (undo will not cover this turn): " + e.getMessage();
        }
    }

    /** At the end of a run that changed something: how the agent left the tree. */
    public synchronized void endRun() {
        if (checkpoints != null && current != null && current > 0) {
            try {
                checkpoints.markAfter(current);
            } catch (IOException | RuntimeException ignored) {
                // without it, undo simply cannot warn about later edits
            }
        }
    }
}
