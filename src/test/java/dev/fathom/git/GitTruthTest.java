package dev.fathom.git;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.safety.WorkspaceGuard;
import dev.fathom.testing.CliRun;
import dev.fathom.tools.ToolContext;
import dev.fathom.tools.ToolRegistry;
import dev.fathom.tools.ToolResult;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.jgit.util.QuotedString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Differential test: in every repository state of {@link RepoStates}, Fathom's git tools must agree with git 2.x, the
 * oracle. Compared normalized: the set of paths and change kinds, not the formatting.
 */
class GitTruthTest {
    private static final ToolRegistry REGISTRY = ToolRegistry.standard(new ObjectMapper());

    @TempDir
    Path tmp;

    /** The large states, built once for the class (see {@link #build}). */
    @TempDir
    static Path shared;

    private static final Map<String, Path> LARGE = new java.util.concurrent.ConcurrentHashMap<>();

    static Stream<RepoStates.State> states() {
        return RepoStates.all().stream();
    }

    static ToolResult call(Path workspace, String tool, String arguments) {
        ToolContext ctx = ToolContext.create(new WorkspaceGuard(workspace), Map.of("PATH", System.getenv("PATH"), "HOME",
                workspace.toString()), workspace.resolveSibling("tool-outputs"));
        try {
            return REGISTRY.execute(ToolExecutionRequest.builder().id("call_1").name(tool).arguments(arguments).build(), ctx);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    static String git(Path dir, String... args) {
        return git(dir, Map.of(), args);
    }

    /** git's output (stdout and stderr, trimmed) with these environment variables added; failures are not checked. */
    static String git(Path dir, Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>(List.of("git", "-c", "core.quotePath=false"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.waitFor();
            return out;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The state built under {@code root}; a large one is built once for the class, in {@link #shared}, and that same
     * copy returned (for the tests that only read it).
     */
    private Path build(RepoStates.State state, Path root) {
        if (!state.large()) {
            return state.build().apply(root);
        }
        return LARGE.computeIfAbsent(state.name(), name -> {
            long t0 = System.nanoTime();
            Path ws = state.build().apply(shared.resolve("built"));
            System.out.printf("GitTruthTest: built %s in %d ms%n", name, (System.nanoTime() - t0) / 1_000_000);
            return ws;
        });
    }

    /** A copy of the state under {@code root} to change: for a large one, a copy of the shared build (cp -a). */
    private Path copy(RepoStates.State state, Path root) throws Exception {
        if (!state.large()) {
            return state.build().apply(root);
        }
        Path ws = build(state, root);
        Path built = shared.resolve("built");
        Files.createDirectories(root);
        Process cp = new ProcessBuilder("cp", "-a", built.toString(), root.resolve("built").toString()).redirectErrorStream(true).start();
        String output = new String(cp.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(cp.waitFor()).as(output).isZero();
        return root.resolve("built").resolve(built.relativize(ws));
    }

    /**
     * Fathom's answer, through the tool. A state that needs an environment (GIT_DIR, GIT_WORK_TREE) goes through
     * {@link GitRepo} opened with it, as the tools open it with the process's own (which a test cannot set).
     */
    private static ToolResult fathom(RepoStates.State state, Path ws, String tool, String arguments) {
        Map<String, String> env = state.env().apply(ws);
        if (env.isEmpty()) {
            return call(ws, tool, arguments);
        }
        try (GitRepo repo = GitRepo.open(ws, env)) {
            return switch (tool) {
                case "git_status" -> ToolResult.ok(statusText(repo.status()), "status");
                case "git_diff" -> ToolResult.ok(repo.diff(null, arguments.contains("\"staged\":true"), null), "diff");
                case "git_commit" -> ToolResult.ok(repo.commit("all", List.of()).id(), "commit");
                default -> throw new AssertionError(tool);
            };
        } catch (GitException e) {
            return ToolResult.error(e.getMessage());
        }
    }

    /** A Status in git_status's sections (as GitStatusTool writes them), for {@link #fathomStatus}. */
    private static String statusText(org.eclipse.jgit.api.Status s) {
        StringBuilder out = new StringBuilder();
        section(out, "Conflicts (unmerged):", s.getConflicting(), "U");
        section(out, "Staged:", s.getAdded(), "A");
        section(out, "Staged:", s.getChanged(), "M");
        section(out, "Staged:", s.getRemoved(), "D");
        section(out, "Unstaged:", s.getModified(), "M");
        section(out, "Unstaged:", s.getMissing(), "D");
        section(out, "Untracked:", s.getUntracked(), "?");
        return out.toString();
    }

    private static void section(StringBuilder out, String title, Set<String> files, String mark) {
        out.append(title).append('\n');
        files.forEach(f -> out.append("  ").append(mark).append(' ').append(f).append('\n'));
        out.append('\n');
    }

    @Timeout(value = RepoStates.LARGE_STATE_MINUTES, unit = TimeUnit.MINUTES)
    @ParameterizedTest(name = "{0}")
    @MethodSource("states")
    void statusAgreesWithGit(RepoStates.State state) {
        Path ws = build(state, tmp);
        ToolResult fathom = fathom(state, ws, "git_status", "{}");
        assertThat(fathom.error()).as(fathom.output()).isFalse();
        assertThat(fathomStatus(fathom.output())).as(fathom.output()).isEqualTo(gitStatus(ws, state.env().apply(ws)));
    }

    @Timeout(value = RepoStates.LARGE_STATE_MINUTES, unit = TimeUnit.MINUTES)
    @ParameterizedTest(name = "{0}")
    @MethodSource("states")
    void diffAgreesWithGit(RepoStates.State state) {
        Path ws = build(state, tmp);
        Map<String, String> env = state.env().apply(ws);
        ToolResult fathom = fathom(state, ws, "git_diff", "{}");
        assertThat(fathom.error()).as(fathom.output()).isFalse();
        Set<String> names = gitDiff(ws, env);
        assertThat(fathomDiff(fathom.output())).as(fathom.output()).isEqualTo(names);
        Set<String> lines = gitNumstat(ws, env);
        lines.removeIf(l -> names.contains("U " + l.substring(0, l.lastIndexOf(" +")))); // combined diffs count differently
        Set<String> paths = new TreeSet<>(lines.stream().map(l -> l.substring(0, l.lastIndexOf(" +"))).toList());
        assertThat(fathomNumstat(fathom.output(), paths)).as("lines changed, as git counts them").isEqualTo(lines);
    }

    @Timeout(value = RepoStates.LARGE_STATE_MINUTES, unit = TimeUnit.MINUTES)
    @ParameterizedTest(name = "{0}")
    @MethodSource("states")
    void stagedDiffAgreesWithGit(RepoStates.State state) {
        Path ws = build(state, tmp);
        ToolResult fathom = fathom(state, ws, "git_diff", "{\"staged\":true}");
        assertThat(fathom.error()).as(fathom.output()).isFalse();
        assertThat(fathomDiff(fathom.output())).as(fathom.output()).isEqualTo(gitDiff(ws, state.env().apply(ws), "--cached"));
    }

    /** git_commit without paths makes the tree {@code git add -A && git commit} makes, on a second copy of the state. */
    @Timeout(value = RepoStates.LARGE_STATE_MINUTES, unit = TimeUnit.MINUTES)
    @ParameterizedTest(name = "{0}")
    @MethodSource("states")
    void commitMakesTheTreeGitMakes(RepoStates.State state) throws Exception {
        Path ws = copy(state, tmp.resolve("fathom"));
        Path oracle = copy(state, tmp.resolve("git"));
        Map<String, String> env = state.env().apply(ws);
        Map<String, String> oracleEnv = state.env().apply(oracle);
        ToolResult fathom = fathom(state, ws, "git_commit", "{\"message\":\"all\"}");
        RepoStates.git(oracle, oracleEnv, "add", "-A");
        RepoStates.git(oracle, oracleEnv, "commit", "-q", "-m", "all");
        assertThat(fathom.error()).as(fathom.output()).isFalse();
        assertThat(git(ws, env, "ls-tree", "-r", "HEAD")).as(fathom.output()).isEqualTo(git(oracle, oracleEnv, "ls-tree", "-r", "HEAD"));
        assertThat(git(ws, env, "rev-parse", "HEAD^{tree}")).isEqualTo(git(oracle, oracleEnv, "rev-parse", "HEAD^{tree}"));
        assertThat(git(ws, env, "rev-list", "--parents", "-n1", "HEAD").split(" ")).as("parents")
                .hasSameSizeAs(git(oracle, oracleEnv, "rev-list", "--parents", "-n1", "HEAD").split(" "));
        assertThat(git(ws, env, "status", "--porcelain=v2", "-uall")).isEqualTo(git(oracle, oracleEnv, "status", "--porcelain=v2", "-uall"));
    }

    @Test
    void duringAMergeStatusSaysSoAndAPartialCommitIsRefusedWithGitsMessage() {
        Path ws = RepoStates.mergeWithConflicts(tmp);
        assertThat(CliRun.gitOutput(ws, "commit", "-m", "part", "c.txt")).contains("cannot do a partial commit during a merge.");
        String head = git(ws, "rev-parse", "HEAD");
        String index = git(ws, "ls-files", "-s");
        ToolResult r = call(ws, "git_commit", "{\"message\":\"part\",\"paths\":[\"c.txt\"]}");
        assertThat(r.error()).as(r.output()).isTrue();
        assertThat(r.output()).contains("cannot do a partial commit during a merge.");
        assertThat(git(ws, "rev-parse", "HEAD")).isEqualTo(head);
        assertThat(git(ws, "ls-files", "-s")).isEqualTo(index);
        assertThat(call(ws, "git_status", "{}").output()).contains("A merge is in progress");
    }

    @Test
    void duringARebaseStatusSaysOntoWhat() {
        Path ws = RepoStates.rebaseWithConflict(tmp);
        assertThat(git(ws, "status")).contains("rebase in progress");
        String onto = git(ws, "rev-parse", "--short=7", "topic");
        assertThat(call(ws, "git_status", "{}").output()).contains("A rebase is in progress (onto " + onto);
    }

    /** {@code git status --porcelain=v2} as "staged M path", "unstaged D path", "untracked path", "conflict path". */
    static Set<String> gitStatus(Path ws, Map<String, String> env) {
        Set<String> out = new TreeSet<>();
        for (String rec : git(ws, env, "status", "--porcelain=v2", "--no-renames", "-uall", "-z").split("\0")) {
            if (rec.startsWith("? ")) {
                out.add("untracked " + rec.substring(2));
            } else if (rec.startsWith("u ")) {
                out.add("conflict " + rec.split(" ", 11)[10]);
            } else if (rec.startsWith("1 ")) {
                String[] f = rec.split(" ", 9);
                char x = f[1].charAt(0);
                char y = f[1].charAt(1);
                if (x != '.') {
                    out.add("staged " + (x == 'T' ? 'M' : x) + " " + f[8]);
                }
                if (y != '.') {
                    out.add("unstaged " + (y == 'T' ? 'M' : y) + " " + f[8]);
                }
            } else if (!rec.isEmpty()) {
                throw new AssertionError("unexpected status record: " + rec);
            }
        }
        return out;
    }

    /** The sections of git_status's output in the same form. */
    static Set<String> fathomStatus(String output) {
        Set<String> out = new TreeSet<>();
        String section = null;
        for (String line : output.split("\n")) {
            if (line.startsWith("Conflicts")) {
                section = "conflict";
            } else if (line.startsWith("Staged:")) {
                section = "staged";
            } else if (line.startsWith("Unstaged:")) {
                section = "unstaged";
            } else if (line.startsWith("Untracked:")) {
                section = "untracked";
            } else if (line.startsWith("  ") && section != null) {
                String mark = line.substring(2, 3);
                String path = line.substring(4);
                out.add(switch (section) {
                    case "conflict", "untracked" -> section + " " + path;
                    default -> section + " " + mark + " " + path;
                });
            } else {
                section = null;
            }
        }
        return out;
    }

    /**
     * {@code git diff --name-status} as "M path", "A path", "D path", "U path". An unmerged path is listed there twice (U,
     * and M against our side) but is one {@code diff --cc} in git's diff: kept once, as U.
     */
    static Set<String> gitDiff(Path ws, Map<String, String> env, String... more) {
        List<String> args = new ArrayList<>(List.of("diff", "--name-status", "--no-renames", "-z"));
        args.addAll(List.of(more));
        String[] f = git(ws, env, args.toArray(String[]::new)).split("\0");
        Set<String> out = new TreeSet<>();
        for (int i = 0; i + 1 < f.length; i += 2) {
            out.add((f[i].equals("T") ? "M" : f[i]) + " " + f[i + 1]);
        }
        out.removeIf(e -> e.startsWith("M ") && out.contains("U " + e.substring(2)));
        return out;
    }

    /** The files of a unified diff (git's format) in the same form. */
    static Set<String> fathomDiff(String output) {
        return new TreeSet<>(parseDiff(output).values().stream().map(f -> f.kind + " " + f.path).toList());
    }

    /** One file of a unified diff: its kind and the counts of added and removed lines. */
    static final class DiffFile {
        String path;
        String kind;
        int added;
        int removed;
    }

    static Map<String, DiffFile> parseDiff(String output) {
        Map<String, DiffFile> out = new java.util.TreeMap<>();
        DiffFile f = null;
        for (String line : output.split("\n")) {
            if (line.startsWith("diff --git ") || line.startsWith("diff --cc ")) {
                f = new DiffFile();
                f.kind = line.startsWith("diff --cc ") ? "U" : "M";
                f.path = line.startsWith("diff --cc ") ? unquote(line.substring(10)) : headerPath(line.substring(11));
                out.put(f.path + " " + out.size(), f);
            } else if (line.startsWith("* Unmerged path ")) {
                f = null;
                DiffFile u = new DiffFile();
                u.kind = "U";
                u.path = line.substring(16);
                out.put(u.path + " " + out.size(), u);
            } else if (f == null) {
                continue;
            } else if (line.startsWith("new file mode")) {
                f.kind = "A";
            } else if (line.startsWith("deleted file mode")) {
                f.kind = "D";
            } else if (line.startsWith("+") && !line.startsWith("+++ ")) {
                f.added++;
            } else if (line.startsWith("-") && !line.startsWith("--- ")) {
                f.removed++;
            }
        }
        return out;
    }

    /** {@code git diff --numstat} as "path +A -R", gitlinks (0 and 0) and binary files left out. */
    static Set<String> gitNumstat(Path ws, Map<String, String> env, String... more) {
        List<String> args = new ArrayList<>(List.of("diff", "--numstat", "--no-renames", "-z"));
        args.addAll(List.of(more));
        Set<String> out = new TreeSet<>();
        for (String rec : git(ws, env, args.toArray(String[]::new)).split("\0")) {
            String[] f = rec.split("\t", 3);
            if (f.length == 3 && !f[0].equals("-") && !(f[0].equals("0") && f[1].equals("0"))) {
                out.add(f[2] + " +" + f[0] + " -" + f[1]);
            }
        }
        return out;
    }

    static Set<String> fathomNumstat(String output, Set<String> paths) {
        Set<String> out = new TreeSet<>();
        for (DiffFile f : parseDiff(output).values()) {
            if (paths.contains(f.path) && !f.kind.equals("U")) {
                out.add(f.path + " +" + f.added + " -" + f.removed);
            }
        }
        return out;
    }

    /** "a/P b/P" or "\"a/P\" \"b/P\"" to P. */
    private static String headerPath(String ab) {
        if (ab.startsWith("\"")) {
            return unquote(ab.substring(0, ab.indexOf("\" ") + 1)).substring(2);
        }
        return ab.substring(2, 2 + (ab.length() - 5) / 2);
    }

    private static String unquote(String s) {
        return s.startsWith("\"") ? QuotedString.GIT_PATH.dequote(s) : s;
    }
}
