package dev.fathom.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.git.Checkpoints;
import dev.fathom.safety.WorkspaceGuard;
import dev.fathom.testing.CliRun;
import dev.fathom.tools.Checkpointing;
import dev.fathom.tools.ToolContext;
import dev.fathom.tools.ToolRegistry;
import dev.fathom.tools.ToolResult;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Fathom's git next to the git command line in a repository of 50,000 committed files (500 folders of 100), built with
 * the real git under target/gitscale: git_status, the checkpoint taken at a turn's first change, {@code fathom undo},
 * and git_commit (with git committing the same change in a copy, and the two trees compared). Each figure is the
 * median of N runs after one warm-up, in one JVM; the ratio column is Fathom over git within this one run, which is
 * what to read on a loaded machine. CPU time per call (user + system) is given beside it, as it moves less with the
 * load: Fathom's is the whole JVM's (its worker threads, JIT and GC included), git's that of the reaped child
 * processes, read from /proc (10 ms ticks). Usage: src/bench/bench.sh git [RUNS]; with BENCH_GIT_ONLY=status only the
 * git_status pair runs, with BENCH_GIT_ONLY=undo only the checkpoint and undo pairs.
 */
public final class GitScaleBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FOLDERS = 500;
    private static final int FILES_PER_FOLDER = 100;
    private static final int CHANGED = 10;

    private final BenchOutput out = new BenchOutput("git");
    private final List<String> ratios = new ArrayList<>();
    private final int runs;

    private GitScaleBench(int runs) {
        this.runs = runs;
    }

    public static void main(String[] args) throws Exception {
        new GitScaleBench(args.length > 0 ? Integer.parseInt(args[0]) : 5).run();
    }

    private void run() throws Exception {
        Path root = Path.of("target/gitscale").toAbsolutePath();
        delete(root);
        Path repo = build(root.resolve("repo"));
        Path copy = root.resolve("copy");
        String only = System.getenv().getOrDefault("BENCH_GIT_ONLY", ""); // some pairs alone, to save time
        boolean statusOnly = only.equals("status");
        boolean undoOnly = only.equals("undo");
        if (!statusOnly && !undoOnly) {
            command(root, "cp", "-a", repo.toString(), copy.toString());
        }
        Path home = Files.createDirectories(root.resolve("home"));
        ToolRegistry tools = ToolRegistry.standard(JSON);
        ToolContext ctx = ToolContext.create(new WorkspaceGuard(repo), Map.of("PATH", System.getenv("PATH")), root.resolve("out"));
        out.header();

        if (!undoOnly) {
            dirty(repo, "status");
            compare("git_status vs git status --porcelain=v2", () -> tool(tools, "git_status", "{}", ctx),
                    () -> command(repo, "git", "status", "--porcelain=v2"));
            command(repo, "git", "checkout", "-q", "--", ".");
            command(repo, "git", "clean", "-fdq");
        }
        if (statusOnly) {
            finish();
            return;
        }

        Checkpointing turns = new Checkpointing(() -> Checkpoints.forWorkspace(repo, Map.of()), "bench");
        Path scratchIndex = root.resolve("scratch-index");
        Checkpoints checkpoints = Checkpoints.forWorkspace(repo, Map.of());
        compareWithSetup("checkpoint at a turn's first change vs git add -A, write-tree, commit-tree, update-ref (scratch index)",
                () -> null,
                () -> {
                    turns.startRun();
                    String problem = turns.beforeChange();
                    if (problem != null) {
                        throw new IllegalStateException(problem);
                    }
                    return null;
                },
                () -> null,
                () -> gitSnapshot(repo, scratchIndex),
                () -> { },
                () -> { // the same tree: the checkpoint holds what git add -A would
                    List<Checkpoints.Info> all = checkpoints.list();
                    String ours = CliRun.gitOutput(repo, "rev-parse", Checkpoints.PREFIX + all.get(all.size() - 1).number() + "^{tree}");
                    String theirs = CliRun.gitOutput(repo, "rev-parse", "refs/bench/snapshot^{tree}");
                    if (!ours.equals(theirs)) {
                        throw new IllegalStateException("the checkpoint holds tree " + ours + ", git add -A made " + theirs);
                    }
                });

        int[] round = {0};
        compareWithSetup("fathom undo (a turn that changed 10 files and made 10) vs git checkout -- . and git clean -fd",
                () -> {
                    turns.startRun();
                    turns.beforeChange();
                    dirty(repo, "undo " + round[0]++);
                    turns.endRun();
                    return null;
                },
                () -> {
                    CliRun.Result r = new CliRun(home, repo).run("undo");
                    if (r.exitCode() != 0) {
                        throw new IllegalStateException("undo failed: " + r.err());
                    }
                    return r;
                },
                () -> dirty(repo, "undo " + round[0]++),
                () -> {
                    command(repo, "git", "checkout", "-q", "--", ".");
                    return command(repo, "git", "clean", "-fdq");
                },
                () -> requireClean(repo), () -> { });

        if (undoOnly) {
            finish();
            return;
        }
        int[] commits = {0};
        compareWithSetup("git_commit (all changes) vs git add -A and git commit, in a copy",
                () -> dirty(repo, "commit " + commits[0]),
                () -> {
                    ToolResult r = tool(tools, "git_commit", "{\"message\":\"bench " + commits[0] + "\"}", ctx);
                    if (r.error()) {
                        throw new IllegalStateException(r.output());
                    }
                    return r;
                },
                () -> dirty(copy, "commit " + commits[0]),
                () -> {
                    command(copy, "git", "add", "-A");
                    return command(copy, "git", "commit", "-q", "--no-verify", "-m", "bench " + commits[0]);
                },
                () -> { },
                () -> {
                    commits[0]++;
                    String ours = CliRun.gitOutput(repo, "rev-parse", "HEAD^{tree}");
                    String theirs = CliRun.gitOutput(copy, "rev-parse", "HEAD^{tree}");
                    if (!ours.equals(theirs)) {
                        throw new IllegalStateException("git_commit made tree " + ours + ", git commit made " + theirs);
                    }
                });

        finish();
    }

    private void finish() throws IOException {
        out.note("| operation, 50,000 files | Fathom ms | git ms | ratio | Fathom CPU ms | git CPU ms | CPU ratio | load |\n"
                + "|---|---|---|---|---|---|---|---|\n" + String.join("\n", ratios));
        out.write();
    }

    /** 500 folders of 100 small files, committed with the real git. */
    private static Path build(Path repo) throws Exception {
        for (int d = 0; d < FOLDERS; d++) {
            Path dir = Files.createDirectories(repo.resolve("d" + d));
            for (int f = 0; f < FILES_PER_FOLDER; f++) {
                Files.writeString(dir.resolve("f" + f + ".txt"), "file " + f + " of folder " + d + "\nsome ordinary text\n");
            }
        }
        CliRun.git(repo, "init", "-q");
        CliRun.git(repo, "config", "user.name", "Bench");
        CliRun.git(repo, "config", "user.email", "bench@localhost");
        CliRun.git(repo, "config", "core.fsmonitor", "false");
        CliRun.git(repo, "config", "commit.gpgsign", "false");
        CliRun.git(repo, "config", "gc.auto", "0"); // no background gc while the bench copies and times
        CliRun.git(repo, "add", ".");
        CliRun.git(repo, "commit", "-q", "-m", "50,000 files");
        CliRun.git(repo, "repack", "-adq"); // packed, as a repository that has lived a while is
        CliRun.git(repo, "prune-packed");
        return repo;
    }

    /** A turn's worth of change: 10 tracked files edited, 10 new files in a new folder. */
    private static Object dirty(Path repo, String tag) throws IOException {
        for (int i = 0; i < CHANGED; i++) {
            Files.writeString(repo.resolve("d" + (i * 37) + "/f" + i + ".txt"), "changed (" + tag + ")\n");
        }
        Path made = Files.createDirectories(repo.resolve("made-" + tag.replace(' ', '-')));
        for (int i = 0; i < CHANGED; i++) {
            Files.writeString(made.resolve("n" + i + ".txt"), "new (" + tag + ")\n");
        }
        return null;
    }

    /** What a checkpoint is in git's own terms: every file hashed into a tree without touching the user's index. */
    private static Object gitSnapshot(Path repo, Path scratchIndex) throws Exception {
        Files.copy(repo.resolve(".git/index"), scratchIndex, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Map<String, String> env = Map.of("GIT_INDEX_FILE", scratchIndex.toString());
        run(repo, env, "git", "add", "-A");
        String tree = run(repo, env, "git", "write-tree").strip();
        String commit = run(repo, env, "git", "commit-tree", "-p", "HEAD", "-m", "snapshot", tree).strip();
        return run(repo, env, "git", "update-ref", "refs/bench/snapshot", commit);
    }

    private static void requireClean(Path repo) {
        String status = CliRun.gitOutput(repo, "status", "--porcelain");
        if (!status.isEmpty()) {
            throw new IllegalStateException("after undo the tree is not as checkpointed:\n" + status);
        }
    }

    private void compare(String name, Callable<?> fathom, Callable<?> git) throws Exception {
        compareWithSetup(name, () -> null, fathom, () -> null, git, () -> { }, () -> { });
    }

    /**
     * Times {@code fathom} and {@code git}, each after its own untimed setup; {@code afterFathom} checks each Fathom sample,
     * {@code afterBoth} each pair.
     */
    private void compareWithSetup(String name, Callable<?> fathomSetup, Callable<?> fathom, Callable<?> gitSetup, Callable<?> git,
            Check afterFathom, Check afterBoth) throws Exception {
        double[] ours = new double[runs];
        double[] theirs = new double[runs];
        double[] oursCpu = new double[runs];
        double[] theirsCpu = new double[runs];
        for (int i = -1; i < runs; i++) { // -1: warm-up
            fathomSetup.call();
            long c0 = processCpuNanos();
            long t0 = System.nanoTime();
            fathom.call();
            double f = (System.nanoTime() - t0) / 1e6;
            double fc = (processCpuNanos() - c0) / 1e6;
            afterFathom.run();
            gitSetup.call();
            double gc0 = childrenCpuMillis();
            t0 = System.nanoTime();
            git.call();
            double g = (System.nanoTime() - t0) / 1e6;
            double gc = childrenCpuMillis() - gc0;
            afterBoth.run();
            if (i >= 0) {
                ours[i] = f;
                theirs[i] = g;
                oursCpu[i] = fc;
                theirsCpu[i] = gc;
            }
        }
        out.add(name + ": Fathom", "ms", ours);
        out.add(name + ": git", "ms", theirs);
        out.add(name + ": Fathom CPU", "ms", oursCpu);
        out.add(name + ": git CPU", "ms", theirsCpu);
        double m = median(ours);
        double g = median(theirs);
        double mc = median(oursCpu);
        double gcpu = median(theirsCpu);
        ratios.add(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.2f | %.0f | %.0f | %.2f | %.1f |", name, m, g, m / g, mc, gcpu,
                mc / gcpu, loadAverage()));
    }

    /** CPU time of this JVM so far, every thread. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** CPU time of this JVM's reaped child processes so far (cutime + cstime of /proc/self/stat), in ms. */
    private static double childrenCpuMillis() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // after the name: state is field 3, so cutime (16) and cstime (17) are at 13 and 14 here
        return (Long.parseLong(f[13]) + Long.parseLong(f[14])) * 10.0; // USER_HZ is 100 on Linux
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    @FunctionalInterface
    private interface Check {
        void run() throws Exception;
    }

    private static double median(double[] samples) {
        double[] v = samples.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static ToolResult tool(ToolRegistry registry, String tool, String arguments, ToolContext ctx) throws InterruptedException {
        return registry.execute(ToolExecutionRequest.builder().id("b").name(tool).arguments(arguments).build(), ctx);
    }

    private static Object command(Path dir, String... cmd) throws Exception {
        return run(dir, Map.of(), cmd);
    }

    /** Runs a command to its end; its output, or an exception when it fails. */
    private static String run(Path dir, Map<String, String> env, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectInput(Path.of("/dev/null").toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + output);
        }
        return output;
    }

    private static void delete(Path root) throws Exception {
        if (Files.exists(root)) {
            command(root.getParent(), "rm", "-rf", root.toString());
        }
    }
}
