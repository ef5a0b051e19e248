package dev.fathom.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Collects benchmark figures (median, min, max of samples) and writes them as a Markdown table and as JSON. */
final class BenchOutput {
    private record Row(String name, String unit, double median, double min, double max, int samples) {
    }

    private final String name;
    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    BenchOutput(String name) {
        this.name = name;
    }

    void add(String measurement, String unit, double[] samples) {
        double[] v = samples.clone();
        Arrays.sort(v);
        double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        rows.add(new Row(measurement, unit, median, v[0], v[v.length - 1], v.length));
        System.out.printf(Locale.ROOT, "| %s (%s) | %.3f | %.3f | %.3f |%n", measurement, unit, median, v[0], v[v.length - 1]);
    }

    void note(String text) {
        notes.add(text);
        System.out.println(text);
    }

    void header() {
        System.out.println("| measurement | median | min | max |");
        System.out.println("|---|---|---|---|");
    }

    /** Writes target/bench/NAME.md and target/bench/NAME.json. */
    void write() throws IOException {
        Path dir = Files.createDirectories(Path.of("target/bench"));
        StringBuilder md = new StringBuilder("# Fathom benchmark: " + name + "\n\n| measurement | median | min | max | samples |\n|---|---|---|---|---|\n");
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode().put("benchmark", name).put("java", Runtime.version().toString());
        ArrayNode arr = root.putArray("results");
        for (Row r : rows) {
            md.append(String.format(Locale.ROOT, "| %s (%s) | %.3f | %.3f | %.3f | %d |%n", r.name, r.unit, r.median, r.min, r.max, r.samples));
            arr.addObject().put("measurement", r.name).put("unit", r.unit).put("median", r.median).put("min", r.min).put("max", r.max)
                    .put("samples", r.samples);
        }
        ArrayNode n = root.putArray("notes");
        notes.forEach(n::add);
        notes.forEach(t -> md.append('\n').append(t).append('\n'));
        Files.writeString(dir.resolve(name + ".md"), md.toString());
        Files.writeString(dir.resolve(name + ".json"), json.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
    }
}
