package dev.fathom.ui;

import java.io.IOException;
import java.io.InputStream;
import java.util.EnumSet;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;

/**
 * Runs one turn of the assistant on a worker thread while this thread watches the keyboard: Esc stops the turn (or
 * answers a pending approval), Ctrl-C stops it too, Shift+Tab cycles the approval mode, and other keys are kept as
 * type-ahead for the next prompt. The terminal's modes and signal handlers are put back when the turn ends.
 */
public final class TurnRunner {
    /** How often the keyboard is looked at during a turn. */
    private static final long KEY_POLL_MILLIS = 5;

    /** What the keys of a turn can do to it. */
    public interface Controls {
        /** Stops the running turn. */
        void cancel(String reason);

        /** Shift+Tab: the next approval mode. */
        default void cycleMode() {
        }
    }

    private final Terminal terminal;
    private final TerminalUi ui;
    private final InputStream keysInput;
    /** Keys typed while a turn ran (other than Esc): they start the next input, as type-ahead. */
    private final StringBuilder typeAhead = new StringBuilder();

    /** @param keysInput where keys typed during a turn come from (standard input for the system terminal) */
    public TurnRunner(Terminal terminal, TerminalUi ui, InputStream keysInput) {
        this.terminal = terminal;
        this.ui = ui;
        this.keysInput = keysInput;
    }

    /** Runs {@code work} to its end (or until the controls stop it). */
    public void run(Runnable work, Controls controls) throws IOException {
        ui.turnStarted();
        Thread worker = new Thread(work, "fathom-turn");
        Terminal.SignalHandler previousInt = terminal.handle(Terminal.Signal.INT, s -> controls.cancel("interrupted by Ctrl-C"));
        Terminal.SignalHandler previousWinch = terminal.handle(Terminal.Signal.WINCH, s -> ui.resized());
        Attributes attributes = terminal.getAttributes();
        Attributes keysMode = new Attributes(attributes);
        // Keys one at a time and unechoed (type-ahead is shown above the status line instead). ISIG stays on: Ctrl-C.
        keysMode.setLocalFlags(EnumSet.of(Attributes.LocalFlag.ICANON, Attributes.LocalFlag.ECHO, Attributes.LocalFlag.IEXTEN), false);
        keysMode.setInputFlags(EnumSet.of(Attributes.InputFlag.IXON, Attributes.InputFlag.ICRNL), false);
        terminal.setAttributes(keysMode);
        // The prompt reads Ctrl-C as a key (CtrlCKey): one pressed just as a line was sent may still come in as a byte.
        int intr = attributes.getControlChar(Attributes.ControlChar.VINTR);
        // The system terminal reads standard input; TurnKeys reads it directly because it needs to ask how many bytes
        // are waiting, which JLine's streams cannot say.
        TurnKeys keys = new TurnKeys(keysInput, new TurnKeys.Listener() {
            @Override
            public void escape() {
                if (ui.asking()) {
                    ui.key(27);
                } else {
                    controls.cancel("stopped by the user (Esc)");
                }
            }

            @Override
            public void backTab() {
                controls.cycleMode();
            }

            @Override
            public void key(int k) {
                if (k == intr && intr > 0) {
                    controls.cancel("interrupted by Ctrl-C");
                    return;
                }
                if (ui.asking()) {
                    ui.key(k);
                    return;
                }
                typed(k);
            }
        });
        worker.start();
        try {
            while (worker.isAlive()) {
                keys.poll();
                worker.join(KEY_POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            terminal.setAttributes(attributes);
            terminal.handle(Terminal.Signal.INT, previousInt);
            terminal.handle(Terminal.Signal.WINCH, previousWinch);
            ui.turnEnded();
        }
    }

    private void typed(int k) {
        if (k == 127 || k == 8) {
            if (typeAhead.length() > 0) {
                typeAhead.setLength(typeAhead.offsetByCodePoints(typeAhead.length(), -1));
            }
        } else if (k == 21) {
            typeAhead.setLength(0); // Ctrl-U
        } else if (k >= 32 || k == '\r' || k == '\n' || k == '\t') {
            typeAhead.appendCodePoint(k);
        }
        ui.typedAhead(typeAhead.toString());
    }

    /** A whole line typed ahead (Enter pressed during the turn), taken from the type-ahead; null when there is none. */
    public String nextLine() {
        for (int i = 0; i < typeAhead.length(); i++) {
            if (typeAhead.charAt(i) == '\r' || typeAhead.charAt(i) == '\n') {
                String line = typeAhead.substring(0, i);
                typeAhead.delete(0, i + 1);
                return line;
            }
        }
        return null;
    }

    /** The start of a line typed ahead, taken: the next prompt begins with it. */
    public String takePartial() {
        String partial = typeAhead.toString();
        typeAhead.setLength(0);
        return partial;
    }
}
