package dev.fathom.bench;

import dev.fathom.bench.ExecBench.Contestant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The exec benchmark's side-by-side table: each contestant's medians (wall, peak RSS, CPU, and each gap of the run)
 * and the ratio of each Fathom variant (the first two contestants) to each peer (the others).
 */
final class RatioTable {
    private RatioTable() {
    }

    static String of(List<Contestant> all) {
        List<Contestant> fathoms = all.subList(0, 2);
        List<Contestant> peers = all.subList(2, all.size());
        StringBuilder t = new StringBuilder(String.format(Locale.ROOT, "Side by side, %d runs each, alternating (medians):%n%n",
                all.get(0).runs().size()));
        t.append("| measurement |");
        all.forEach(c -> t.append(' ').append(c.name()).append(" |"));
        for (Contestant p : peers) {
            fathoms.forEach(f -> t.append(' ').append(f.name()).append(" / ").append(p.name()).append(" |"));
        }
        t.append("\n|---|").append("---|".repeat(all.size() + fathoms.size() * peers.size())).append('\n');
        row(t, "wall (s)", all, c -> median(c.runs(), TimedRun::wallS), peers.size());
        row(t, "peak RSS (MB)", all, c -> median(c.runs(), r -> r.rssKb() / 1024.0), peers.size());
        row(t, "CPU user+sys (s)", all, c -> median(c.runs(), TimedRun::cpuS), peers.size());
        for (int g = 0; g < ExecBench.GAP_NAMES.length; g++) {
            int k = g;
            row(t, ExecBench.GAP_NAMES[g] + " (ms)", all, c -> median(c.gaps().stream().mapToDouble(x -> x[k]).toArray()), peers.size());
        }
        return t.toString();
    }

    private static void row(StringBuilder t, String name, List<Contestant> all, ToDoubleFunction<Contestant> value, int peers) {
        double[] v = all.stream().mapToDouble(value).toArray();
        t.append("| ").append(name).append(" |");
        for (double x : v) {
            t.append(String.format(Locale.ROOT, " %.3f |", x));
        }
        for (int p = 0; p < peers; p++) {
            for (int f = 0; f < 2; f++) {
                t.append(String.format(Locale.ROOT, " %.2f |", v[f] / v[2 + p]));
            }
        }
        t.append('\n');
    }

    private static double median(List<TimedRun> runs, ToDoubleFunction<TimedRun> f) {
        return median(runs.stream().mapToDouble(f).toArray());
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
