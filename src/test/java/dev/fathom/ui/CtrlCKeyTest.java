package dev.fathom.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;

/**
 * Ctrl-C at the prompt is a key while the line reader reads, and the terminal's own interrupt character comes back
 * however the read ends; a Ctrl-C that still arrives as a byte during a turn stops the turn. (The real terminal is
 * checked in InteractiveTmuxTest.)
 */
class CtrlCKeyTest {
    private static final int CTRL_C = 3;

    private static Terminal terminal(String type, String typed) throws IOException {
        // The exec provider over streams: an ExternalTerminal, whose line discipline JLine runs itself.
        return TerminalBuilder.builder().system(false).provider("exec").streams(new ByteArrayInputStream(typed.getBytes(StandardCharsets.UTF_8)),
                new ByteArrayOutputStream()).type(type).size(new Size(80, 24)).encoding(StandardCharsets.UTF_8).build();
    }

    private static int intr(Terminal terminal) {
        return terminal.getAttributes().getControlChar(Attributes.ControlChar.VINTR);
    }

    private static LineReader bound(Terminal terminal) {
        LineReader reader = LineReaderBuilder.builder().terminal(terminal).build();
        CtrlCKey.bind(reader);
        return reader;
    }

    @Test
    void theInterruptCharacterIsOffOnlyWhileReadingAndComesBackAfterAFailure() throws Exception {
        try (Terminal terminal = terminal("xterm-256color", "")) {
            LineReader reader = bound(terminal);
            assertThat(intr(terminal)).isEqualTo(CTRL_C);
            assertThat(CtrlCKey.whileReading(reader, () -> intr(terminal))).as("while reading").isEqualTo(CtrlCKey.DISABLED);
            assertThat(intr(terminal)).as("after a read").isEqualTo(CTRL_C);
            assertThatThrownBy(() -> CtrlCKey.whileReading(reader, () -> {
                throw new IllegalStateException("the read failed");
            })).hasMessage("the read failed");
            assertThat(intr(terminal)).as("after a read that threw").isEqualTo(CTRL_C);
            assertThat(terminal.getAttributes().getLocalFlag(Attributes.LocalFlag.ISIG)).as("Ctrl-Z and Ctrl-\\ keep their signals").isTrue();
        }
    }

    @Test
    void withoutTheBindingOrOnADumbTerminalCtrlCStaysASignal() throws Exception {
        try (Terminal terminal = terminal("xterm-256color", "")) {
            LineReader unbound = LineReaderBuilder.builder().terminal(terminal).build();
            assertThat(CtrlCKey.whileReading(unbound, () -> intr(terminal))).as("it would be typed as text").isEqualTo(CTRL_C);
        }
        try (Terminal terminal = terminal(Terminal.TYPE_DUMB, "")) {
            int before = intr(terminal);
            assertThat(CtrlCKey.whileReading(bound(terminal), () -> intr(terminal))).isEqualTo(before);
        }
    }

    /** The byte drops the line being typed; the keys after it, read in order, make the next line. */
    @Test
    void theLineReaderDropsTheLineAtTheByteAndKeepsWhatFollows() throws Exception {
        PipedOutputStream keyboard = new PipedOutputStream();
        PipedInputStream keys = new PipedInputStream(keyboard);
        try (Terminal terminal = TerminalBuilder.builder().system(false).provider("exec").streams(keys, new ByteArrayOutputStream())
                .type("xterm-256color").size(new Size(80, 24)).encoding(StandardCharsets.UTF_8).build()) {
            LineReader reader = bound(terminal);
            List<String> abandoned = new ArrayList<>();
            try {
                // Typed once the read has begun: the terminal's line discipline sees the keys in the prompt's mode.
                CtrlCKey.whileReading(reader, () -> {
                    type(keyboard, "half a line\u0003kept words\r");
                    return reader.readLine("> ");
                });
            } catch (UserInterruptException e) {
                abandoned.add(e.getPartialLine());
            }
            assertThat(abandoned).containsExactly("half a line");
            assertThat(CtrlCKey.whileReading(reader, () -> reader.readLine("> "))).isEqualTo("kept words");
        }
    }

    private static void type(PipedOutputStream keyboard, String keys) {
        try {
            keyboard.write(keys.getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Ctrl-C pressed just as a line was sent can reach the turn as a byte (the prompt had it as a key): it stops the turn. */
    @Test
    void aCtrlCByteDuringATurnStopsIt() throws Exception {
        try (Terminal terminal = terminal("xterm-256color", "")) {
            TurnRunner runner = new TurnRunner(terminal, new TerminalUi(terminal, false), new ByteArrayInputStream(new byte[] {CTRL_C}));
            CountDownLatch stopped = new CountDownLatch(1);
            List<String> reasons = new ArrayList<>();
            runner.run(() -> {
                try {
                    stopped.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, reason -> {
                reasons.add(reason);
                stopped.countDown();
            });
            assertThat(reasons).containsExactly("interrupted by Ctrl-C");
            assertThat(runner.takePartial()).as("not kept as type-ahead").isEmpty();
        }
    }

}
