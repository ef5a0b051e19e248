package dev.fathom.git;

import java.io.IOException;

/**
 * A path undo was about to change is no longer as undo planned it: someone (the user, a running process) changed it
 * between the planning and the write. Undo then changes nothing, rather than overwrite what it did not look at.
 */
final class ChangedMeanwhile extends IOException {
    private static final long serialVersionUID = 1L;

    ChangedMeanwhile(String path) {
        super("undo stopped: " + path + " changed while undo was running (after undo had planned it); nothing was changed."
                + " Run undo again to see what it would do now.");
    }
}
