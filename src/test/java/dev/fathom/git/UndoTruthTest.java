package dev.fathom.git;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.safety.WorkspaceGuard;
import dev.fathom.testing.CliRun;
import dev.fathom.testing.TreeHash;
import dev.fathom.tools.Checkpointing;
import dev.fathom.tools.ToolContext;
import dev.fathom.tools.ToolRegistry;
import dev.fathom.tools.ToolResult;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * In every repository state of {@link RepoStates}: a turn that edits a file with edit_file and changes more in bash
 * (an append, a chmod, a new folder and file), then {@code fathom undo}, leaves the work tree, the index, the refs, the
 * stash and the merge or rebase state exactly as they were, each hashed. The user's untracked file and uncommitted edit,
 * made before the turn, are among what must survive.
 */
class UndoTruthTest {
    private static final ToolRegistry REGISTRY = ToolRegistry.standard(new ObjectMapper());
    /** Files in the git directory that hold an operation in progress. */
    private static final List<String> STATE_FILES = List.of("MERGE_HEAD", "MERGE_MSG", "MERGE_MODE", "AUTO_MERGE", "ORIG_HEAD",
            "CHERRY_PICK_HEAD", "REVERT_HEAD", "REBASE_HEAD", "rebase-merge", "rebase-apply", "sequencer", "logs/refs/stash");

    @TempDir
    Path tmp;

    static Stream<RepoStates.State> states() {
        return RepoStates.all().stream();
    }

    @Timeout(value = RepoStates.LARGE_STATE_MINUTES, unit = TimeUnit.MINUTES)
    @ParameterizedTest(name = "{0}")
    @MethodSource("states")
    void editBashChangeAndUndoLeaveEverythingAsItWas(RepoStates.State state) throws Exception {
        long t0 = System.nanoTime();
        Path ws = state.build().apply(tmp.resolve("state"));
        Map<String, String> env = state.env().apply(ws);
        if (state.large()) {
            System.out.printf("UndoTruthTest: built %s in %d ms%n", state.name(), (System.nanoTime() - t0) / 1_000_000);
        }
        List<String> files = trackedFilesOnDisk(ws, env);
        assertThat(files).as("tracked files to change").hasSizeGreaterThanOrEqualTo(2);
        String edited = files.get(0);
        String chmodded = files.get(1);
        // The user's own work, outside the turn, and a stash entry to keep.
        RepoStates.write(ws.resolve("user-untracked.txt"), "the user's untracked file\n");
        Files.writeString(ws.resolve(chmodded), "the user's uncommitted edit\n", java.nio.file.StandardOpenOption.APPEND);
        String stash = GitTruthTest.git(ws, env, "commit-tree", "-p", "HEAD", "-m", "WIP: the user's stash", "HEAD^{tree}");
        RepoStates.git(ws, env, "update-ref", "--create-reflog", "-m", "WIP", "refs/stash", stash);
        Map<String, String> before = everything(ws, env);

        Checkpointing turn = new Checkpointing(() -> Checkpoints.forWorkspace(ws, env), "truth");
        turn.startRun();
        String note = turn.beforeChange();
        if (!env.isEmpty()) {
            assertThat(note).as("said before the first change").startsWith("no checkpoints in this session (undo will not cover its changes):"
                    + " GIT_DIR is set");
        } else {
            assertThat(note == null || note.startsWith("checkpoints do not cover changes inside submodules")).as(note).isTrue();
        }
        String text = Files.readString(ws.resolve(edited)).stripTrailing();
        ToolResult edit = call(ws, "edit_file", Map.of("file_path", edited, "old_string", text, "new_string", text + "\nthe model's line"));
        assertThat(edit.error()).as(edit.output()).isFalse();
        bash(ws, "echo appended >> '" + chmodded + "' && chmod +x '" + chmodded + "' && mkdir -p made/by/turn && echo x > made/by/turn/f.txt");
        turn.endRun();
        Map<String, String> changed = everything(ws, env);
        assertThat(changed.get("tree")).as("the turn changed the tree").isNotEqualTo(before.get("tree"));

        CliRun cli = new CliRun(Files.createDirectories(tmp.resolve("home")), ws);
        env.forEach(cli::env);
        CliRun.Result undo = cli.run("undo");
        if (!env.isEmpty()) {
            turn.startRun();
            assertThat(turn.beforeChange()).as("said once").isNull();
            assertThat(undo.exitCode()).isEqualTo(2);
            assertThat(undo.err()).isEqualTo("fathom: no checkpoints to undo to here: " + Checkpoints.forWorkspace(ws, env).unavailable() + ".\n");
            assertThat(everything(ws, env)).as("nothing changed, nothing written").isEqualTo(changed);
            assertThat(GitTruthTest.git(ws, env, "for-each-ref", "refs/fathom")).isEmpty();
            return;
        }
        assertThat(undo.exitCode()).as(undo.out() + undo.err()).isZero();

        assertThat(everything(ws, env)).isEqualTo(before);
    }

    /** Hashes of the work tree (files, modes, links, folders), index, refs but Fathom's, stash, and operation state. */
    private static Map<String, String> everything(Path ws, Map<String, String> env) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("tree", TreeHash.of(ws) + " " + folders(ws));
        Path gitDir = Path.of(GitTruthTest.git(ws, env, "rev-parse", "--absolute-git-dir"));
        Path index = Path.of(GitTruthTest.git(ws, env, "rev-parse", "--path-format=absolute", "--git-path", "index"));
        out.put("index", sha(Files.readAllBytes(index)) + "\n" + GitTruthTest.git(ws, env, "ls-files", "-s"));
        out.put("HEAD", GitTruthTest.git(ws, env, "symbolic-ref", "-q", "HEAD") + " " + GitTruthTest.git(ws, env, "rev-parse", "HEAD"));
        List<String> refs = new ArrayList<>(List.of(GitTruthTest.git(ws, env, "for-each-ref", "--format=%(refname) %(objectname)").split("\n")));
        refs.removeIf(r -> r.startsWith("refs/fathom/")); // the checkpoints themselves
        out.put("refs", String.join("\n", refs));
        out.put("stash", GitTruthTest.git(ws, env, "rev-parse", "-q", "--verify", "refs/stash"));
        StringBuilder state = new StringBuilder();
        for (String name : STATE_FILES) {
            Path p = gitDir.resolve(name);
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                state.append(name).append(' ').append(Files.isDirectory(p) ? TreeHash.of(p) : sha(Files.readAllBytes(p))).append('\n');
            }
        }
        out.put("operation", state.toString());
        return out;
    }

    /** Tracked paths that are regular files on disk (not skip-worktree, not submodules), sorted. */
    private static List<String> trackedFilesOnDisk(Path ws, Map<String, String> env) {
        TreeSet<String> out = new TreeSet<>();
        for (String p : GitTruthTest.git(ws, env, "ls-files", "-z").split("\0")) {
            if (!p.isEmpty() && !p.startsWith(".git") && Files.isRegularFile(ws.resolve(p), LinkOption.NOFOLLOW_LINKS)) {
                out.add(p);
            }
        }
        return new ArrayList<>(out);
    }

    private static String folders(Path root) throws Exception {
        try (Stream<Path> all = Files.walk(root)) {
            return String.join(",", all.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .map(p -> root.relativize(p).toString()).filter(p -> !p.equals(".git") && !p.startsWith(".git/")).sorted().toList());
        }
    }

    private static String sha(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static ToolResult call(Path ws, String tool, Map<String, String> arguments) throws Exception {
        ToolContext ctx = ToolContext.create(new WorkspaceGuard(ws), Map.of("PATH", System.getenv("PATH")), ws.resolveSibling("tool-outputs"));
        String json = new ObjectMapper().writeValueAsString(arguments);
        return REGISTRY.execute(ToolExecutionRequest.builder().id("call_1").name(tool).arguments(json).build(), ctx);
    }

    private static void bash(Path dir, String script) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", script).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isZero();
    }
}
