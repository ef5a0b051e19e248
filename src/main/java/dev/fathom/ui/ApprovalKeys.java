package dev.fathom.ui;

import dev.fathom.safety.ApprovalPolicy;
import dev.fathom.safety.Approvals.Approver.Answer;
import dev.fathom.safety.Approvals.Approver.Response;
import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.jline.terminal.Terminal;

/**
 * The keys of an approval question. During a turn one thread reads the keyboard (to catch Esc) and hands keys to a
 * pending question through {@link #key}; outside a turn the question reads the terminal itself.
 */
final class ApprovalKeys {
    private final Terminal terminal;
    private final BooleanSupplier turnRunning;
    /** Prints text of Fathom's own (under the front end's lock). */
    private final Consumer<String> say;
    private final BlockingQueue<Integer> keys = new LinkedBlockingQueue<>();
    private volatile boolean asking;

    ApprovalKeys(Terminal terminal, BooleanSupplier turnRunning, Consumer<String> say) {
        this.terminal = terminal;
        this.turnRunning = turnRunning;
        this.say = say;
    }

    boolean asking() {
        return asking;
    }

    void key(int k) {
        keys.add(k);
    }

    /** Keys typed before a turn started answer nothing. */
    void clear() {
        keys.clear();
    }

    /** Asks {@code question} (already styled) and waits for y, n, a or t. */
    Response ask(String question, ApprovalPolicy.Verdict verdict) {
        asking = true;
        say.accept(question);
        try {
            while (true) {
                int k = readKey();
                if (Character.toLowerCase(k) == 't') {
                    return new Response(Answer.NO, instead());
                }
                Answer a = ApprovalPrompt.answer(k, verdict.dangerous());
                if (a != null) {
                    say.accept(a.name().toLowerCase(Locale.ROOT) + "\n");
                    return new Response(a, null);
                }
            }
        } catch (IOException e) {
            return new Response(Answer.NO, null);
        } finally {
            asking = false;
        }
    }

    private int readKey() throws IOException {
        if (!turnRunning.getAsBoolean()) {
            return terminal.reader().read();
        }
        try {
            return keys.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The line typed after 't': what the model should do instead. */
    private String instead() throws IOException {
        say.accept("instead: ");
        StringBuilder sb = new StringBuilder();
        for (int c = readKey(); c != '\r' && c != '\n' && c != -1; c = readKey()) {
            if (c == 127 || c == 8) {
                if (sb.length() > 0) {
                    sb.setLength(sb.offsetByCodePoints(sb.length(), -1));
                    say.accept("\b \b");
                }
            } else if (c >= 32) {
                sb.appendCodePoint(c);
                say.accept(TerminalText.escape(Character.toString(c)));
            }
        }
        say.accept("\n");
        return sb.toString();
    }
}
