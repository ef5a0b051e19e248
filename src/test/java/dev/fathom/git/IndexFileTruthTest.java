package dev.fathom.git;

import static dev.fathom.git.RepoStates.git;
import static dev.fathom.git.RepoStates.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fathom's own reader of {@code .git/index} against git's account of the same file ({@code git ls-files --stage
 * --debug}): every field a status decides by (path, mode, stage, stat data, the flags that make git skip a path, the
 * empty blob) and the cached root tree ({@code git rev-parse HEAD^{tree}} / {@code git write-tree}), for index versions
 * 2, 3 and 4. A status that read any of these wrongly would report a clean file as changed or miss a change.
 */
class IndexFileTruthTest {
    private static final String EMPTY_BLOB = "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391";
    private static final int CE_VALID = 0x8000;
    private static final int CE_SKIP_WORKTREE = 1 << 30;
    private static final int CE_INTENT_TO_ADD = 1 << 29;
    private static final Pattern ENTRY = Pattern.compile("(\\d+) ([0-9a-f]{40}) (\\d)\t([^\0]*)\0"
            + "  ctime: (\\d+):\\d+\n  mtime: (\\d+):\\d+\n  dev: \\d+\tino: (\\d+)\n  uid: (\\d+)\tgid: (\\d+)\n"
            + "  size: (\\d+)\tflags: ([0-9a-f]+)\n");

    @TempDir
    Path tmp;

    /** One entry as git reports it. */
    record Entry(String path, int mode, int stage, String id, int ctime, int mtime, int ino, int uid, int gid, int size,
            int flags) {
    }

    private static String output(Path dir, String... args) {
        List<String> cmd = new ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as("git " + String.join(" ", args)).isZero();
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<Entry> gitAccount(Path repo) {
        String out = output(repo, "-c", "core.quotePath=false", "ls-files", "--stage", "--debug", "-z");
        List<Entry> entries = new ArrayList<>();
        Matcher m = ENTRY.matcher(out);
        int at = 0;
        while (m.lookingAt()) {
            entries.add(new Entry(m.group(4), Integer.parseInt(m.group(1), 8), Integer.parseInt(m.group(3)), m.group(2),
                    (int) Long.parseLong(m.group(5)), (int) Long.parseLong(m.group(6)), (int) Long.parseLong(m.group(7)),
                    (int) Long.parseLong(m.group(8)), (int) Long.parseLong(m.group(9)), (int) Long.parseLong(m.group(10)),
                    (int) Long.parseLong(m.group(11), 16)));
            at = m.end();
            m.region(at, out.length());
        }
        assertThat(at).as("all of git's output parsed").isEqualTo(out.length());
        return entries;
    }

    /** Asserts that Fathom's reader and git agree on every entry of the repository's index. */
    private static IndexFile agreesWithGit(Path repo) throws IOException {
        List<Entry> git = gitAccount(repo);
        IndexFile index = IndexFile.read(repo.resolve(".git/index").toFile());
        assertThat(index).as("read, not left to JGit").isNotNull();
        assertThat(index.count).isEqualTo(git.size());
        List<String> paths = new ArrayList<>();
        boolean intentToAdd = false;
        for (int i = 0; i < git.size(); i++) {
            Entry e = git.get(i);
            String at = "entry " + i + " " + e.path();
            assertThat(index.paths[i]).as(at).isEqualTo(e.path());
            assertThat(index.mode[i]).as(at + " mode").isEqualTo(e.mode());
            assertThat(index.stage[i]).as(at + " stage").isEqualTo(e.stage());
            assertThat(index.size[i]).as(at + " size").isEqualTo(e.size());
            assertThat(index.mtimeSec[i]).as(at + " mtime").isEqualTo(e.mtime());
            assertThat(index.ctimeSec[i]).as(at + " ctime").isEqualTo(e.ctime());
            assertThat(index.ino[i]).as(at + " ino").isEqualTo(e.ino());
            assertThat(index.uid[i]).as(at + " uid").isEqualTo(e.uid());
            assertThat(index.gid[i]).as(at + " gid").isEqualTo(e.gid());
            assertThat(index.notCompared[i]).as(at + " assume-unchanged or skip-worktree")
                    .isEqualTo((e.flags() & (CE_VALID | CE_SKIP_WORKTREE)) != 0);
            assertThat(index.emptyBlob[i]).as(at + " empty blob").isEqualTo(e.size() == 0 && e.id().equals(EMPTY_BLOB));
            intentToAdd |= (e.flags() & CE_INTENT_TO_ADD) != 0;
            paths.add(e.path());
        }
        assertThat(index.anyIntentToAdd).isEqualTo(intentToAdd);
        return index;
    }

    /** The version git wrote (git 2.39 has no --show-index-version): the header's second 32-bit word. */
    private static int versionOnDisk(Path repo) throws IOException {
        return java.nio.ByteBuffer.wrap(java.nio.file.Files.readAllBytes(repo.resolve(".git/index"))).getInt(4);
    }

    /** A path of about {@code length} bytes in folders of 200 bytes (a file name may have 255). */
    private static String longPath(int length, char fill) {
        StringBuilder path = new StringBuilder();
        while (path.length() + 201 < length) {
            path.append(String.valueOf(fill).repeat(200)).append('/');
        }
        path.append(String.valueOf(fill).repeat(length - path.length()));
        return path.toString();
    }

    /**
     * A repository with what an index can hold: paths that share long prefixes, unicode and spaces, paths of every
     * length modulo 8, paths of 4094 to 4100 bytes (git's 12-bit length field is full at 4095), size-0 entries of the
     * empty blob and of another blob, assume-unchanged, skip-worktree and intent-to-add entries.
     */
    private Path richRepo() {
        Path repo = tmp.resolve("rich");
        for (int n = 1; n <= 9; n++) {
            write(repo.resolve("lib/module/" + "x".repeat(n) + ".txt"), "file " + n + "\n");
        }
        write(repo.resolve("lib/module/x/deeper/file.txt"), "deep\n");
        write(repo.resolve("lib/other.txt"), "other\n");
        write(repo.resolve("a b/ç ü 日本.txt"), "unicode\n");
        write(repo.resolve("empty"), "");
        write(repo.resolve("unchanged.txt"), "same\n");
        write(repo.resolve("skipped.txt"), "skip\n");
        write(repo.resolve("new.txt"), "intent\n");
        git(repo, "init", "-q", "-b", "main");
        git(repo, "add", "lib", "a b", "empty", "unchanged.txt", "skipped.txt");
        String blob = output(repo, "hash-object", "-w", "unchanged.txt").trim();
        for (int length : new int[] {4094, 4095, 4096, 4100}) {
            git(repo, "update-index", "--add", "--cacheinfo", "100644," + blob + "," + longPath(length, (char) ('a' + length % 26)));
        }
        // recorded with size 0 (no stat data) but not the empty blob: git must hash it, never trust the size
        git(repo, "update-index", "--add", "--cacheinfo", "100644," + blob + ",zero-size-not-empty");
        git(repo, "update-index", "--add", "--cacheinfo", "100755," + EMPTY_BLOB + ",zero-size-empty");
        git(repo, "update-index", "--assume-unchanged", "unchanged.txt");
        git(repo, "add", "-N", "new.txt");
        return repo;
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4})
    void everyEntryReadsAsGitReadsIt(int version) throws IOException {
        Path repo = richRepo();
        git(repo, "update-index", "--skip-worktree", "skipped.txt"); // an extended flag: git writes at least version 3
        git(repo, "update-index", "--index-version", String.valueOf(version));
        assertThat(versionOnDisk(repo)).isEqualTo(version == 2 ? 3 : version);

        IndexFile index = agreesWithGit(repo);

        assertThat(index.paths).contains("a b/ç ü 日本.txt", longPath(4095, (char) ('a' + 4095 % 26)));
        assertThat(index.notCompared).contains(true);
        assertThat(index.anyIntentToAdd).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4})
    void anIndexWithoutExtendedFlagsReadsAsGitReadsIt(int version) throws IOException {
        Path repo = richRepo();
        git(repo, "rm", "-q", "--cached", "new.txt"); // intent-to-add is an extended flag too
        git(repo, "update-index", "--index-version", String.valueOf(version));
        assertThat(versionOnDisk(repo)).isEqualTo(version);

        IndexFile index = agreesWithGit(repo);

        assertThat(index.anyIntentToAdd).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4})
    void aConflictedMergeGivesEachStageItsOwnEntry(int version) throws IOException {
        Path repo = RepoStates.mergeWithConflicts(tmp.resolve("merge"));
        git(repo, "update-index", "--index-version", String.valueOf(version));

        IndexFile index = agreesWithGit(repo);

        assertThat(index.stage).contains(1, 2, 3);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4})
    void theCachedTreeIsTheTreeGitWouldWrite(int version) throws IOException {
        Path repo = richRepo();
        git(repo, "rm", "-q", "--cached", "new.txt"); // an intent-to-add entry keeps git from caching the root
        git(repo, "update-index", "--index-version", String.valueOf(version));
        git(repo, "commit", "-q", "-m", "all");

        IndexFile index = agreesWithGit(repo);

        assertThat(index.cachedTree).isNotNull();
        assertThat(index.cachedTree.name()).isEqualTo(output(repo, "rev-parse", "HEAD^{tree}").trim());
    }

    @Test
    void aCachedTreeMadeInvalidByAnAddIsNotUsed() throws IOException {
        Path repo = richRepo();
        git(repo, "rm", "-q", "--cached", "new.txt");
        git(repo, "commit", "-q", "-m", "all");
        write(repo.resolve("lib/module/xxx.txt"), "changed\n");
        git(repo, "add", "lib/module/xxx.txt"); // the root and lib, lib/module are invalidated (count -1)

        IndexFile index = agreesWithGit(repo);

        assertThat(index.cachedTree).isNull();
        String written = output(repo, "write-tree").trim(); // git caches the tree again
        assertThat(IndexFile.read(repo.resolve(".git/index").toFile()).cachedTree.name()).isEqualTo(written);
    }

    @Test
    void anIndexWithoutATreeExtensionHasNoCachedTree() throws IOException {
        Path repo = richRepo(); // never committed, never written as a tree

        assertThat(agreesWithGit(repo).cachedTree).isNull();
    }

    @Test
    void aMissingIndexIsAnEmptyIndex() throws IOException {
        Path repo = tmp.resolve("fresh");
        git(tmp, "init", "-q", repo.toString());

        IndexFile index = IndexFile.read(repo.resolve(".git/index").toFile());

        assertThat(index.count).isZero();
        assertThat(index.paths).isEmpty();
        assertThat(index.cachedTree).isNull();
        assertThat(gitAccount(repo)).isEmpty();
    }

    @Test
    void anIndexEmptiedByGitIsReadAsEmpty() throws IOException {
        Path repo = tmp.resolve("emptied");
        write(repo.resolve("a.txt"), "a\n");
        git(repo, "init", "-q");
        git(repo, "add", "a.txt");
        git(repo, "rm", "-q", "--cached", "a.txt"); // git writes the bare 32 bytes: header and checksum

        IndexFile index = agreesWithGit(repo);

        assertThat(index.count).isZero();
        assertThat(index.cachedTree).isNull();
    }

    @Test
    void anEmptyIndexWithACachedTreeCachesTheEmptyTree() throws IOException {
        Path repo = tmp.resolve("empty tree");
        git(tmp, "init", "-q", repo.toString());
        git(repo, "read-tree", "--empty"); // a TREE extension of the empty tree: 0 entries, 0 subtrees

        IndexFile index = agreesWithGit(repo);

        assertThat(index.cachedTree.name()).isEqualTo(output(repo, "hash-object", "-t", "tree", "/dev/null").trim());
    }
}
