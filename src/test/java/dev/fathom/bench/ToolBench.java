package dev.fathom.bench;

import dev.fathom.safety.WorkspaceGuard;
import dev.fathom.testing.CliRun;
import dev.fathom.tools.GrepTool;
import dev.fathom.tools.ToolContext;
import dev.fathom.tools.ToolRegistry;
import dev.fathom.tools.ToolResult;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Tool timings on generated trees: grep over 50,000 files (ripgrep engine, Java engine, plain rg), edit_file on a
 * 100,000-line file, git_status in a 20,000-file repository next to the git command line. Each figure is the median
 * of N runs after one warm-up, in one JVM (so JIT-warm, as in a long session). Usage: src/bench/bench.sh tools [RUNS]
 */
public final class ToolBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path root = Files.createTempDirectory("fathom-toolbench");
        Path tree = generateTree(root.resolve("tree"), 50_000);
        Path big = root.resolve("big");
        Files.createDirectories(big);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            sb.append("    line ").append(i).append(" of a large generated source file;\n");
        }
        Files.writeString(big.resolve("Big.java"), sb);
        Path repo = generateTree(root.resolve("repo"), 20_000);
        CliRun.git(repo, "init", "-q");
        CliRun.git(repo, "add", ".");
        CliRun.git(repo, "-c", "core.fsmonitor=false", "commit", "-q", "-m", "seed");
        Files.writeString(repo.resolve("d0/f0.txt"), "changed\n");

        ToolRegistry rg = new ToolRegistry(List.of(new GrepTool(true)), JSON);
        ToolRegistry javaGrep = new ToolRegistry(List.of(new GrepTool(false)), JSON);
        ToolRegistry all = ToolRegistry.standard(JSON);
        ToolContext treeCtx = ToolContext.create(new WorkspaceGuard(tree), Map.of("PATH", System.getenv("PATH")), root.resolve("out"));
        ToolContext bigCtx = ToolContext.create(new WorkspaceGuard(big), Map.of("PATH", System.getenv("PATH")), root.resolve("out"));
        ToolContext repoCtx = ToolContext.create(new WorkspaceGuard(repo), Map.of("PATH", System.getenv("PATH")), root.resolve("out"));
        String grepArgs = "{\"pattern\":\"needle_[0-9]+\"}";

        BenchOutput out = new BenchOutput("tools");
        out.header();
        row(out, "grep 50,000 files, ripgrep engine", runs, () -> call(rg, "grep", grepArgs, treeCtx));
        row(out, "grep 50,000 files, Java engine", runs, () -> call(javaGrep, "grep", grepArgs, treeCtx));
        row(out, "plain rg on the same tree", runs, () -> command(tree, "rg", "--no-require-git", "needle_[0-9]+", "."));
        int[] n = {0};
        row(out, "read_file (offset 50000, limit 50) + edit_file, 100k lines", runs, () -> {
            call(all, "read_file", "{\"file_path\":\"Big.java\",\"offset\":50000,\"limit\":50}", bigCtx);
            String from = n[0] == 0 ? "line 77777 of" : "line 77777 edit " + (n[0] - 1) + " of";
            String to = "line 77777 edit " + n[0]++ + " of";
            ToolResult r = call(all, "edit_file", "{\"file_path\":\"Big.java\",\"old_string\":\"" + from + "\",\"new_string\":\"" + to + "\"}", bigCtx);
            if (r.error()) {
                throw new IllegalStateException(r.output());
            }
            return r;
        });
        row(out, "git_status, 20,000-file repo (JGit)", runs, () -> call(all, "git_status", "{}", repoCtx));
        row(out, "git status, same repo (command line)", runs, () -> command(repo, "git", "status", "--short"));
        dev.fathom.git.Checkpoints checkpoints = dev.fathom.git.Checkpoints.forWorkspace(repo, Map.of());
        row(out, "checkpoint of the 20,000-file repo", runs, () -> checkpoints.take("bench"));
        Map<String, String> env = Map.of("PATH", System.getenv("PATH"));
        Path outputs = Files.createTempDirectory("fathom-bench-outputs");
        dev.fathom.safety.Sandbox sandbox = dev.fathom.safety.Sandbox.detect(dev.fathom.safety.Sandbox.Policy.of(big,
                Path.of(System.getProperty("user.home")), null, null, outputs, false, true, java.util.List.of(), java.util.List.of()), env);
        row(out, "bash `true`, no sandbox (50 runs per sample)", runs, () -> trues(big, env, null, outputs));
        if (sandbox != null) {
            row(out, "bash `true`, in the session sandbox (50 runs per sample)", runs, () -> trues(big, env, sandbox, outputs));
            sandbox.close();
        }
        out.write();
    }

    /** 50 runs of `true`; the row divides by nothing, so read the figure as ms per 50 runs. */
    private static Object trues(Path dir, Map<String, String> env, dev.fathom.safety.Sandbox sandbox, Path outputs) throws Exception {
        Path log = outputs.resolve("true.log");
        for (int i = 0; i < 50; i++) {
            dev.fathom.safety.Shell.start("true", dir, env, sandbox, log).waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
        }
        return null;
    }

    private static Path generateTree(Path dir, int files) throws IOException {
        for (int i = 0; i < files; i++) {
            Path d = dir.resolve("d" + (i / 100));
            if (i % 100 == 0) {
                Files.createDirectories(d);
            }
            StringBuilder body = new StringBuilder();
            for (int l = 0; l < 20; l++) {
                body.append("some ordinary text on line ").append(l).append(" of file ").append(i).append('\n');
            }
            if (i % 1000 == 7) {
                body.append("here is needle_").append(i).append('\n');
            }
            Files.writeString(d.resolve("f" + (i % 100) + ".txt"), body);
        }
        return dir;
    }

    private static ToolResult call(ToolRegistry registry, String tool, String arguments, ToolContext ctx) throws InterruptedException {
        return registry.execute(ToolExecutionRequest.builder().id("b").name(tool).arguments(arguments).build(), ctx);
    }

    private static Object command(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectInput(Path.of("/dev/null").toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor();
    }

    private static void row(BenchOutput out, String name, int runs, Callable<?> work) throws Exception {
        work.call();
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            work.call();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        out.add(name, "ms", ms);
    }
}
