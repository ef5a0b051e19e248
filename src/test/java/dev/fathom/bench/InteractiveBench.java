package dev.fathom.bench;

import dev.fathom.testing.DemoRepo;
import dev.fathom.testing.FakeV4Server;
import dev.fathom.testing.Reply;
import dev.fathom.testing.Tmux;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The interactive assistant through the launcher, in tmux, against the fake endpoint. Per run (after one warm-up):
 * start to the prompt, Enter to the request arriving at the fake (first and later turns), keystroke to the key shown
 * while a long answer streams, Esc to "(stopped" on the screen, and the peak RSS after a 50-turn session.
 * Screen times include starting a tmux client for the key (a few ms) and polling the screen every 2 ms; request
 * times include the tmux client but not the polling. Usage: src/bench/bench.sh interactive [RUNS]
 */
public final class InteractiveBench {
    private static final int TURNS = 50;
    private static final int KEYS = 20;

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        if (!Tmux.available()) {
            System.out.println("interactive benchmark skipped: tmux is not installed");
            return;
        }
        Path launcher = Path.of("target/fathom").toAbsolutePath();
        List<Double> startup = new ArrayList<>();
        List<Double> firstEnter = new ArrayList<>();
        List<Double> laterEnter = new ArrayList<>();
        List<Double> keystroke = new ArrayList<>();
        List<Double> esc = new ArrayList<>();
        List<Double> rss = new ArrayList<>();
        try (FakeV4Server server = FakeV4Server.start()) {
            for (int run = 0; run <= runs; run++) {
                Path dir = Files.createTempDirectory("fathom-ibench");
                Path repo = DemoRepo.create(dir.resolve("repo"));
                Path script = dir.resolve("start.sh");
                Files.writeString(script, "#!/bin/sh\nexport DEEPSEEK_API_KEY=" + server.apiKey() + " DEEPSEEK_BASE_URL=" + server.baseUrl()
                        + " FATHOM_HOME=" + dir.resolve("home") + " TERM=xterm-256color\ncd " + repo + "\nexec " + launcher + " --approval full-auto\n");
                script.toFile().setExecutable(true);
                long started = System.nanoTime();
                try (Tmux tmux = Tmux.start(script.toString(), 120, 40)) {
                    tmux.waitFor("/help lists commands", 30_000, 2, 1);
                    double toPrompt = ms(started);
                    Thread.sleep(200); // the first request is prepared in the background meanwhile
                    List<Double> later = new ArrayList<>();
                    double first = 0;
                    for (int turn = 0; turn < TURNS; turn++) {
                        server.enqueue(Reply.toolCall("read_file", "{\"file_path\":\"src/App.java\"}").reasoning("Read it first."))
                                .enqueue(Reply.text("Answer " + turn + ": " + "the greeting is returned by greet(). ".repeat(20)));
                        int before = server.requests().size();
                        long enter = System.nanoTime();
                        tmux.type("Question " + turn, "Enter");
                        tmux.waitFor("Answer " + turn + ":", 30_000, 5, 1);
                        awaitPrompt(tmux);
                        double took = (server.requests().get(before).receivedNanos() - enter) / 1e6;
                        if (turn == 0) {
                            first = took;
                        } else {
                            later.add(took);
                        }
                    }
                    StringBuilder slow = new StringBuilder();
                    for (int i = 1; i <= 2_000; i++) {
                        slow.append("Line ").append(i).append(" of a long answer.\n");
                    }
                    server.enqueue(Reply.text(slow.toString()).fragments(12).chunkDelay(10));
                    tmux.type("Tell a long story", "Enter");
                    tmux.waitFor("Line 5 of", 30_000, 5, 1);
                    List<Double> keys = new ArrayList<>();
                    StringBuilder typed = new StringBuilder();
                    for (int k = 0; k < KEYS; k++) {
                        String key = String.valueOf((char) ('a' + k));
                        typed.append(key);
                        long pressed = System.nanoTime();
                        tmux.type(key);
                        tmux.waitFor("\u203a " + typed + "\u258f", 5_000, 2, 1);
                        keys.add(ms(pressed));
                    }
                    long stop = System.nanoTime();
                    tmux.type("Escape");
                    tmux.waitFor("(stopped", 5_000, 2, 1);
                    double escMs = ms(stop);
                    double peak = peakRssMb(tmux.panePid());
                    tmux.type("C-u");
                    tmux.type("/exit", "Enter");
                    if (run > 0) {
                        startup.add(toPrompt);
                        firstEnter.add(first);
                        laterEnter.add(median(later));
                        keystroke.add(median(keys));
                        esc.add(escMs);
                        rss.add(peak);
                    }
                }
            }
        }
        BenchOutput out = new BenchOutput("interactive");
        out.header();
        out.add("start to prompt", "ms", toArray(startup));
        out.add("Enter to request, first turn", "ms", toArray(firstEnter));
        out.add("Enter to request, later turns (median per run)", "ms", toArray(laterEnter));
        out.add("keystroke to screen while streaming (median of " + KEYS + ")", "ms", toArray(keystroke));
        out.add("Esc to (stopped) on screen", "ms", toArray(esc));
        out.add("peak RSS after " + TURNS + " turns and a 2,000-line answer", "MB", toArray(rss));
        out.note(String.format(Locale.ROOT, "Launcher %s in tmux 120x40; each turn is a read_file call then a 760-character answer.",
                launcher));
        out.write();
    }

    /** Waits until the turn has ended (the status line drops its spinner) and the prompt is back. */
    private static void awaitPrompt(Tmux tmux) throws Exception {
        long end = System.currentTimeMillis() + 30_000;
        while (tmux.visible(false).contains("Esc stops") && System.currentTimeMillis() < end) {
            Thread.sleep(5);
        }
        Thread.sleep(50);
    }

    private static double ms(long since) {
        return (System.nanoTime() - since) / 1e6;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static double[] toArray(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** VmHWM of the process (the launcher execs java, so the pane's process is the JVM). */
    private static double peakRssMb(long pid) throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }
}
