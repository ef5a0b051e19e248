package dev.fathom.ui;

import java.util.Locale;
import java.util.function.Supplier;
import org.jline.reader.LineReader;
import org.jline.reader.Reference;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;

/**
 * Ctrl-C at the prompt as a key, read in order with the keys around it.
 *
 * <p>Left to the terminal driver, Ctrl-C is a signal. It reaches the line reader apart from the keys, so keys typed right
 * after it could still be read into the line it abandons (the screen showed "› half a linek", then "› ept"). While
 * the prompt reads, the terminal's interrupt character is therefore switched off: Ctrl-C then comes in as a byte among
 * the others, and {@link #bind} makes that byte end the read as the signal did: with JLine's
 * {@link UserInterruptException} holding the dropped line (the caller shows a fresh prompt). Only
 * that character changes: Ctrl-Z and Ctrl-\ keep their signals, and output is still kept (NOFLSH). During a turn the
 * character is a signal again, which stops the turn.
 */
public final class CtrlCKey {
    /**
     * The value that switches a terminal control character off (POSIX's {@code _POSIX_VDISABLE}): 0 on Linux, 0377 on
     * macOS and the BSDs. JLine's stty-based terminals turn 0 into {@code undef} themselves.
     */
    static final int DISABLED = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux") ? 0 : 0xff;

    private static final String WIDGET = "fathom-drop-line";

    private CtrlCKey() {
    }

    /**
     * Makes the terminal's interrupt character (Ctrl-C), when it comes in as a key, drop the line being typed: the read
     * ends with a {@link UserInterruptException} holding that line, as it did when Ctrl-C was a signal. (JLine 3.30
     * binds nothing to it, since the driver normally turns it into a signal.)
     */
    public static void bind(LineReader reader) {
        int intr = reader.getTerminal().getAttributes().getControlChar(Attributes.ControlChar.VINTR);
        if (intr <= 0 || intr == DISABLED) {
            return;
        }
        reader.getWidgets().put(WIDGET, () -> {
            throw new UserInterruptException(reader.getBuffer().toString());
        });
        reader.getKeyMaps().get(LineReader.MAIN).bind(new Reference(WIDGET), Character.toString((char) intr));
    }

    /**
     * Runs {@code read} (a read of {@code reader}) with the interrupt character as a plain key, and puts the terminal's
     * own character back afterwards, however {@code read} ends. Nothing changes unless {@link #bind} bound that
     * character (else Ctrl-C would be typed as text), nor on a dumb terminal, where JLine handles Ctrl-C on its reading
     * thread already.
     */
    public static <T> T whileReading(LineReader reader, Supplier<T> read) {
        Terminal terminal = reader.getTerminal();
        if (Terminal.TYPE_DUMB.equals(terminal.getType()) || Terminal.TYPE_DUMB_COLOR.equals(terminal.getType())) {
            return read.get();
        }
        Attributes attributes = terminal.getAttributes();
        int intr = attributes.getControlChar(Attributes.ControlChar.VINTR);
        if (intr <= 0 || intr == DISABLED
                || !(reader.getKeyMaps().get(LineReader.MAIN).getBound(Character.toString((char) intr)) instanceof Reference r
                        && r.name().equals(WIDGET))) {
            return read.get();
        }
        attributes.setControlChar(Attributes.ControlChar.VINTR, DISABLED);
        terminal.setAttributes(attributes);
        try {
            return read.get();
        } finally {
            Attributes after = terminal.getAttributes(); // the reader restores its own changes; only this one is ours
            after.setControlChar(Attributes.ControlChar.VINTR, intr);
            terminal.setAttributes(after);
        }
    }
}
