package dev.fathom.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.testing.CliRun;
import dev.fathom.testing.FakeV4Server;
import dev.fathom.testing.ForkedCli;
import dev.fathom.testing.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The overhead of a fix run beyond the check runs: a real {@code fathom fix} in its own JVM on a tiny shell-tested
 * project (a planted subtraction in {@code calc.sh}), the scripted model on the fake endpoint fixing it in one attempt,
 * the check run three times (the failure, its re-run, the proof). Overhead = the process's wall time minus the check
 * runs' time from the report; the model's part (the fake answers at once, so it is the harness's request handling)
 * is shown too, and the overhead without the JVM's start-up (from the report's duration). Median, min and max of N runs after one warm-up.
 * Usage: java -cp target/test-classes:target/classes:DEPENDENCIES dev.fathom.bench.FixBench [RUNS]
 */
public final class FixBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<Double> wall = new ArrayList<>();
        List<Double> checks = new ArrayList<>();
        List<Double> overhead = new ArrayList<>();
        List<Double> model = new ArrayList<>();
        List<Double> inside = new ArrayList<>();
        Path root = Files.createTempDirectory("fathom-fix-bench");
        try (FakeV4Server server = FakeV4Server.start()) {
            for (int i = 0; i <= runs; i++) {
                Path repo = project(root.resolve("p" + i));
                server.enqueue(Reply.toolCall("edit_file", "{\"file_path\":\"calc.sh\",\"old_string\":\"$1 - $2\",\"new_string\":\"$1 + $2\"}"))
                        .enqueue(Reply.text("Make add add instead of subtract."));
                long t0 = System.nanoTime();
                ForkedCli.Result r = new ForkedCli(Files.createDirectories(root.resolve("home" + i)), repo).against(server)
                        .run("fix", "--check", "sh test.sh", "--branch", "fathom/bench", "--commit", "--output", "json");
                double wallS = (System.nanoTime() - t0) / 1e9;
                JsonNode report = JSON.readTree(r.out());
                if (r.exitCode() != 0 || !"fixed".equals(report.path("status").asText())) {
                    throw new IllegalStateException("the scripted fix did not succeed: " + r.err());
                }
                double checkS = 0;
                for (JsonNode run : report.path("check").path("runs")) {
                    checkS += run.path("duration_ms").asLong() / 1000.0;
                }
                double modelS = 0;
                for (JsonNode a : report.path("attempt_log")) {
                    modelS += a.path("model_ms").asLong() / 1000.0;
                }
                if (i == 0) {
                    continue; // warm-up
                }
                wall.add(wallS);
                checks.add(checkS);
                overhead.add(wallS - checkS);
                inside.add(report.path("duration_ms").asLong() / 1000.0 - checkS);
                model.add(modelS);
            }
        }
        BenchOutput out = new BenchOutput("fix");
        out.header();
        out.add("fix run wall (process)", "s", array(wall));
        out.add("check runs (3 per run)", "s", array(checks));
        out.add("overhead beyond the check runs", "s", array(overhead));
        out.add("of which after start-up (report duration_ms - check runs)", "s", array(inside));
        out.add("of which the model's turns (fake endpoint)", "s", array(model));
        out.note("load average at the end: " + Files.readString(Path.of("/proc/loadavg")).strip() + " on "
                + Runtime.getRuntime().availableProcessors() + " cores");
        out.write();
    }

    private static double[] array(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** calc.sh with add subtracting, and test.sh that fails on it. */
    private static Path project(Path dir) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("calc.sh"), "add() {\n  echo $(($1 - $2))\n}\n");
        Files.writeString(dir.resolve("test.sh"), ". ./calc.sh\ngot=$(add 2 3)\n[ \"$got\" = 5 ] || { echo \"FAIL: add 2 3: got $got, want 5\"; exit 1; }\necho ok\n");
        CliRun.git(dir, "init", "-q", "-b", "main");
        CliRun.git(dir, "add", ".");
        CliRun.git(dir, "commit", "-q", "-m", "calc");
        return dir;
    }
}
