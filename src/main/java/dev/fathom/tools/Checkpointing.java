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
    private boolean toldSubmodules;

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

    /** Before a mutating tool call: the run's checkpoint, taken once. Returns a message for the user (an error or a caveat), or null. */
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
            return submoduleNote();
        } catch (IOException | RuntimeException e) {
            current = -1;
            return "could not take a checkpoint (undo will not cover this turn): " + e.getMessage();
        }
    }

    /** Said once per session, before its first change: what checkpoints leave out (the insides of submodules). */
    private String submoduleNote() throws IOException {
        if (toldSubmodules) {
            return null;
        }
        toldSubmodules = true;
        java.util.List<String> subs = checkpoints.submodules();
        if (subs.isEmpty()) {
            return null;
        }
        return "checkpoints do not cover changes inside submodules (" + String.join(", ", subs.subList(0, Math.min(5, subs.size())))
                + (subs.size() > 5 ? ", \u2026" : "") + "): undo will not put back files changed there.";
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
