package dev.fathom.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link GitSurface} on real folders, without a sandbox: the names the kernel walks when git opens a hook or a
 * settings file (each folder on the way, each symlink and where it leads, the file at the end), so that any change a
 * command could make to what git runs shows as a different capture, and an unchanged place as an equal one.
 */
class GitSurfaceUnitTest {
    @TempDir
    Path tmp;
    Path root;

    @BeforeEach
    void setUp() throws Exception {
        root = tmp.toRealPath();
    }

    static Map<Path, GitSurface.State> trace(Path p) {
        Map<Path, GitSurface.State> out = new LinkedHashMap<>();
        GitSurface.trace(p, out);
        return out;
    }

    /** The names from {@code root} down to {@code p}, each a key of a trace, in walking order. */
    List<Path> downFromRoot(Path... names) {
        List<Path> out = new ArrayList<>();
        Path at = Path.of("/");
        for (Path name : root) {
            at = at.resolve(name);
            out.add(at);
        }
        for (Path p : names) {
            out.add(p);
        }
        return out;
    }

    static GitSurface.File fileState(GitSurface.State s) {
        assertThat(s).isInstanceOf(GitSurface.File.class);
        return (GitSurface.File) s;
    }

    @Test
    void aHookIsRecordedWithEveryFolderOnTheWayAndItsBytesAndMode() throws Exception {
        Path hooks = Files.createDirectories(root.resolve("repo/.git/hooks"));
        Path hook = Files.writeString(hooks.resolve("pre-commit"), "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-x---"));

        Map<Path, GitSurface.State> seen = trace(hook);

        assertThat(seen.keySet()).containsExactlyElementsOf(
                downFromRoot(root.resolve("repo"), root.resolve("repo/.git"), hooks, hook));
        assertThat(seen.get(hooks)).isEqualTo(new GitSurface.Folder());
        GitSurface.File f = fileState(seen.get(hook));
        assertThat(new String(f.bytes(), StandardCharsets.UTF_8)).isEqualTo("#!/bin/sh\necho hi\n");
        assertThat(f.mode()).isEqualTo(PosixFilePermissions.fromString("rwxr-x---"));
    }

    @Test
    void aMissingHookIsRecordedAsMissingAndNothingBeyondAMissingFolder() throws Exception {
        Path hooks = Files.createDirectories(root.resolve("hooks"));
        Map<Path, GitSurface.State> seen = trace(hooks.resolve("gone/pre-commit"));
        assertThat(seen.keySet()).containsExactlyElementsOf(downFromRoot(hooks, hooks.resolve("gone")));
        assertThat(seen.get(hooks.resolve("gone"))).isEqualTo(new GitSurface.Missing());
    }

    @Test
    void aFileWhereAFolderIsNeededEndsTheWalk() throws Exception {
        Path file = Files.writeString(root.resolve("notes"), "x");
        Map<Path, GitSurface.State> seen = trace(file.resolve("pre-commit"));
        assertThat(seen.keySet()).containsExactlyElementsOf(downFromRoot(file));
    }

    @Test
    void aHookLinkIsFollowedFromTheLinksOwnFolder() throws Exception {
        Path hooks = Files.createDirectories(root.resolve("ws/.git/hooks"));
        Path scripts = Files.createDirectories(root.resolve("ws/scripts"));
        Path link = Files.createSymbolicLink(hooks.resolve("pre-commit"), Path.of("../../scripts/pre-commit"));

        Map<Path, GitSurface.State> seen = trace(link);

        assertThat(seen.get(link)).isEqualTo(new GitSurface.Link("../../scripts/pre-commit"));
        assertThat(seen.get(scripts)).isEqualTo(new GitSurface.Folder());
        assertThat(seen.get(scripts.resolve("pre-commit"))).as("a target not made yet is a place to watch").isEqualTo(new GitSurface.Missing());
        assertThat(new ArrayList<>(seen.keySet())).endsWith(link, scripts, scripts.resolve("pre-commit"));
    }

    @Test
    void dotDotAfterALinkedFolderGoesUpFromWhereTheLinkLeadsAsTheKernelDoes() throws Exception {
        Path deep = Files.createDirectories(root.resolve("real/deep"));
        Path link = Files.createSymbolicLink(root.resolve("shortcut"), deep);
        Files.writeString(root.resolve("real/config"), "kernel's pick");
        Files.writeString(root.resolve("config"), "the lexical pick");

        Map<Path, GitSurface.State> seen = trace(Path.of(link + "/../config"));

        assertThat(seen).containsKey(root.resolve("real/config")).doesNotContainKey(root.resolve("config"));
        assertThat(new String(fileState(seen.get(root.resolve("real/config"))).bytes(), StandardCharsets.UTF_8)).isEqualTo("kernel's pick");
    }

    @Test
    void anAbsoluteLinkStartsAgainAtTheRoot() throws Exception {
        Path target = Files.createDirectories(root.resolve("elsewhere/hooks"));
        Path folder = Files.createDirectories(root.resolve("ws"));
        Path link = Files.createSymbolicLink(folder.resolve("hooks"), target);

        Map<Path, GitSurface.State> seen = trace(link.resolve("pre-commit"));

        assertThat(seen.keySet()).containsExactlyElementsOf(downFromRoot(folder, link, root.resolve("elsewhere"), target,
                target.resolve("pre-commit")));
    }

    @Test
    void dotsAndTheParentOfTheRootChangeNothingOfTheWalk() throws Exception {
        Path hook = Files.writeString(Files.createDirectories(root.resolve("hooks")).resolve("pre-commit"), "x");
        Map<Path, GitSurface.State> plain = trace(hook);

        assertThat(trace(Path.of("/../.." + root + "/./hooks/./pre-commit"))).isEqualTo(plain);
        Path link = Files.createSymbolicLink(root.resolve("dotted"), Path.of(".//hooks/./pre-commit"));
        Map<Path, GitSurface.State> viaLink = trace(link);
        viaLink.remove(link);
        assertThat(viaLink).isEqualTo(plain);
    }

    @Test
    void aChainOfFortyLinksIsFollowedToItsFileAsTheKernelDoes() throws Exception {
        Path end = Files.writeString(root.resolve("end"), "x");
        Path first = linkChain(40, end);
        assertThat(Files.readString(first)).as("the kernel opens it").isEqualTo("x");
        assertThat(trace(first)).containsKey(end);
    }

    @Test
    void aFortyFirstLinkEndsTheWalkWhereTheKernelGivesUp() throws Exception {
        Path end = Files.writeString(root.resolve("end"), "x");
        Path first = linkChain(41, end);
        assertThatThrownBy(() -> Files.readString(first)).as("the kernel gives up (ELOOP)").isInstanceOf(java.nio.file.FileSystemException.class);
        Map<Path, GitSurface.State> seen = trace(first);
        assertThat(seen).doesNotContainKey(end);
        assertThat(seen.values()).filteredOn(s -> s instanceof GitSurface.Link).hasSize(41);
    }

    @Test
    void aLinkLoopEnds() throws Exception {
        Path a = root.resolve("a");
        Path b = root.resolve("b");
        Files.createSymbolicLink(a, Path.of("b"));
        Files.createSymbolicLink(b, Path.of("a"));
        Map<Path, GitSurface.State> seen = trace(a.resolve("hook"));
        assertThat(seen).containsEntry(a, new GitSurface.Link("b")).containsEntry(b, new GitSurface.Link("a"));
    }

    /** {@code count} links, each to the next, the last to {@code end}; the first of them. */
    Path linkChain(int count, Path end) throws Exception {
        Path next = end;
        for (int i = count; i >= 1; i--) {
            next = Files.createSymbolicLink(root.resolve("link" + i), next.getFileName());
        }
        return next;
    }

    @Test
    void aFifoWhereAHookWasIsSomethingElse() throws Exception {
        Path fifo = root.resolve("pre-commit");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mk.waitFor()).isZero();
        assertThat(GitSurface.read(fifo)).isEqualTo(new GitSurface.Other()).isNotEqualTo(new GitSurface.Missing());
    }

    @Test
    void aNameTheKernelCannotLookUpIsComparedAsUnreadableNotAsMissing() throws Exception {
        Path file = Files.writeString(root.resolve("hooks"), "a file where a folder was");
        assertThat(GitSurface.read(file.resolve("pre-commit"))).isEqualTo(new GitSurface.Other());
        assertThat(GitSurface.read(root.resolve("missing"))).isEqualTo(new GitSurface.Missing());
    }

    @Test
    void aLinkIsReadAsItsTargetNeverFollowed() throws Exception {
        Path target = Files.writeString(root.resolve("target"), "x");
        Path link = Files.createSymbolicLink(root.resolve("hook"), Path.of("target"));
        assertThat(GitSurface.read(link)).isEqualTo(new GitSurface.Link("target"));
        assertThat(GitSurface.read(Files.createSymbolicLink(root.resolve("dangling"), Path.of("nowhere"))))
                .isEqualTo(new GitSurface.Link("nowhere"));
        assertThat(GitSurface.read(target)).isInstanceOf(GitSurface.File.class);
    }

    @Test
    void aFileIsTheSameOnlyWithTheSameBytesAndMode() throws Exception {
        Path hook = Files.writeString(root.resolve("hook"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
        GitSurface.State first = GitSurface.read(hook);
        assertThat(GitSurface.read(hook)).isEqualTo(first).hasSameHashCodeAs(first);

        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(GitSurface.read(hook)).as("the mode alone changed").isNotEqualTo(first);

        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(hook, "#!/bin/sh\nrm -rf ~\n");
        assertThat(GitSurface.read(hook)).as("the bytes changed").isNotEqualTo(first);
        assertThat(first).isNotEqualTo(new GitSurface.Missing());
    }

    @Test
    void aFileOfExactlyOneMebibyteIsKeptWhole() throws Exception {
        byte[] bytes = new byte[GitSurface.MAX_KEPT_BYTES];
        new java.util.Random(7).nextBytes(bytes);
        Path big = Files.write(root.resolve("hook"), bytes);
        GitSurface.File f = fileState(GitSurface.read(big));
        assertThat(f.bytes()).as("kept, so it can be put back").isEqualTo(bytes);
    }

    @Test
    void aLargerFileIsKnownByItsIdentityAndNeverRead() throws Exception {
        Path big = root.resolve("hook");
        // 64 GiB, sparse: reading it would take minutes; it is compared by size, times and inode instead
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(64L << 30);
        }
        Path justOver = Files.write(root.resolve("just-over"), new byte[GitSurface.MAX_KEPT_BYTES + 1]);
        GitSurface.File sparse = fileState(GitSurface.read(big));
        assertThat(sparse.bytes()).as("not kept").isNull();
        assertThat(new String(sparse.digest(), StandardCharsets.UTF_8)).startsWith((64L << 30) + " ");
        assertThat(fileState(GitSurface.read(justOver)).bytes()).isNull();
        assertThat(GitSurface.read(big)).as("unchanged: the same").isEqualTo(sparse);

        Files.setLastModifiedTime(big, FileTime.fromMillis(Files.getLastModifiedTime(big).toMillis() - 60_000));
        assertThat(GitSurface.read(big)).as("touched: another file for all it knows").isNotEqualTo(sparse);
    }

    @Test
    void aLargeFileRewrittenWithItsOldTimeIsStillSeenAsChanged() throws Exception {
        Path big = Files.write(root.resolve("hook"), new byte[GitSurface.MAX_KEPT_BYTES + 10]);
        FileTime time = Files.getLastModifiedTime(big);
        GitSurface.State before = GitSurface.read(big);
        // another file of the same size, given the same modification time: only its inode and change time differ
        Path other = Files.write(root.resolve("other"), new byte[GitSurface.MAX_KEPT_BYTES + 10]);
        Files.setLastModifiedTime(other, time);
        Files.move(other, big, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(GitSurface.read(big)).isNotEqualTo(before);
    }

    @Test
    void aFolderIsListedInSortedOrderUnderItsRealPath() throws Exception {
        Path hooks = Files.createDirectories(root.resolve("real-hooks"));
        List<Path> sorted = new ArrayList<>();
        for (String name : List.of("applypatch-msg", "commit-msg", "fsmonitor-watchman", "post-applypatch", "post-checkout",
                "post-commit", "post-merge", "post-rewrite", "pre-applypatch", "pre-auto-gc", "pre-commit", "pre-merge-commit",
                "pre-push", "pre-rebase", "pre-receive", "prepare-commit-msg", "push-to-checkout", "update")) {
            sorted.add(Files.writeString(hooks.resolve(name), name));
        }
        Path link = Files.createSymbolicLink(root.resolve("hooks"), hooks);
        assertThat(GitSurface.entries(link)).containsExactlyElementsOf(sorted);
    }

    @Test
    void aMissingFolderOrAFileHasNoEntries() throws Exception {
        assertThat(GitSurface.entries(root.resolve("missing"))).isEmpty();
        assertThat(GitSurface.entries(Files.writeString(root.resolve("file"), "x"))).isEmpty();
    }

    @Test
    void aFolderOfThousandsIsNotListedWhole() throws Exception {
        Path hooks = Files.createDirectories(root.resolve("hooks"));
        for (int i = 0; i < 10_050; i++) {
            Files.createFile(hooks.resolve("h" + i));
        }
        // main (since 2fb09b2) lists one past the limit so that its caller can tell an overfull folder: either is kept
        // here, so the test holds on both sides of that change
        assertThat(GitSurface.entries(hooks)).hasSizeBetween(10_000, 10_001);
    }

    @Test
    void aCaptureHoldsTheFilesAndEachEntryOfTheFoldersFoldersFirst() throws Exception {
        Path config = Files.writeString(root.resolve("config"), "[core]\n");
        Path hooks = Files.createDirectories(root.resolve("hooks"));
        Path hook = Files.writeString(hooks.resolve("pre-commit"), "x");
        Path linked = Files.createSymbolicLink(hooks.resolve("post-checkout"), Path.of("../scripts/post-checkout"));
        Path missingFolder = root.resolve("no-hooks");

        Map<Path, GitSurface.State> seen = GitSurface.capture(List.of(config, root.resolve("config.worktree")),
                List.of(hooks, missingFolder));

        assertThat(seen.keySet()).containsExactlyElementsOf(downFromRoot(config, root.resolve("config.worktree"), hooks,
                linked, root.resolve("scripts"), hook, missingFolder));
        assertThat(seen.get(root.resolve("config.worktree"))).isEqualTo(new GitSurface.Missing());
        assertThat(seen.get(missingFolder)).isEqualTo(new GitSurface.Missing());
    }

    @Test
    void twoCapturesOfAnUnchangedPlaceAreEqualAndACreatedHookMakesThemDiffer() throws Exception {
        Path hooks = Files.createDirectories(root.resolve("hooks"));
        Files.writeString(hooks.resolve("pre-push"), "x");
        Map<Path, GitSurface.State> first = GitSurface.capture(List.of(), List.of(hooks));
        assertThat(GitSurface.capture(List.of(), List.of(hooks))).isEqualTo(first);
        Files.writeString(hooks.resolve("pre-commit"), "x");
        assertThat(GitSurface.capture(List.of(), List.of(hooks))).isNotEqualTo(first);
    }
}
