package dev.fathom.ui;

import java.io.PrintWriter;
import java.util.List;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.UserInterruptException;

/**
 * A numbered choice at the prompt: the items are listed with the current one marked, and the user types a number;
 * Enter (or anything else) keeps things as they are. The answer does not go into the prompt history.
 */
public final class Picker {
    private Picker() {
    }

    /** The index chosen, or -1 when nothing was. {@code current} is the index of the current value (-1: none). */
    public static int choose(LineReader reader, PrintWriter out, String title, List<String> items, int current) {
        if (items.isEmpty()) {
            return -1;
        }
        out.println(TerminalText.oneLine(title));
        for (int i = 0; i < items.size(); i++) {
            out.printf("  %2d. %s%s%n", i + 1, TerminalText.oneLine(items.get(i)), i == current ? "  (current)" : "");
        }
        out.flush();
        Object historyWas = reader.getVariable(LineReader.DISABLE_HISTORY);
        reader.setVariable(LineReader.DISABLE_HISTORY, true);
        String answer;
        try {
            answer = reader.readLine("number (Enter keeps " + (current >= 0 ? "the current one" : "things as they are") + "): ").strip();
        } catch (UserInterruptException | EndOfFileException e) {
            return -1;
        } finally {
            reader.setVariable(LineReader.DISABLE_HISTORY, historyWas == null ? false : historyWas);
        }
        return index(answer, items.size());
    }

    /** The zero-based index a typed answer names, or -1. */
    static int index(String answer, int size) {
        if (!answer.matches("[0-9]{1,4}")) {
            return -1;
        }
        int n = Integer.parseInt(answer);
        return n >= 1 && n <= size ? n - 1 : -1;
    }
}
