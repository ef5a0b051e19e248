package dev.fathom.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.tools.ToolResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real index written by git, then changed byte by byte the way a crafted repository could: entry counts, path
 * lengths, version 4's prefix varints and NUL ends, extensions. Whatever the bytes, git_status either lists exactly
 * what git lists for the same file or fails with one message naming what is wrong; it never lists a made-up path,
 * never reads past the bytes it was given, never throws an unexplained exception.
 */
class HostileIndexBytesTest {
    /** git_status's environment for git: no opportunistic index refresh, which would rewrite the crafted index. */
    private static final Map<String, String> NO_LOCKS = Map.of("GIT_OPTIONAL_LOCKS", "0");

    @TempDir
    Path tmp;

    /** A repository with these files committed (each an hour old, so none is racily clean) and its index at version. */
    private Path committed(int version, String... files) throws IOException {
        Path repo = tmp.resolve("repo");
        Files.createDirectories(repo);
        RepoStates.git(repo, "init", "-q");
        FileTime hourAgo = FileTime.fromMillis(System.currentTimeMillis() - 3_600_000);
        for (String f : files) {
            RepoStates.write(repo.resolve(f), "content of " + f + "\n");
            Files.setLastModifiedTime(repo.resolve(f), hourAgo);
        }
        RepoStates.git(repo, "add", "-A");
        RepoStates.git(repo, "commit", "-q", "-m", "start");
        RepoStates.git(repo, "update-index", "--index-version", String.valueOf(version));
        return repo;
    }

    private static byte[] index(Path repo) throws IOException {
        return Files.readAllBytes(repo.resolve(".git/index"));
    }

    /** Where the entries end and the extensions begin (entries without extended flags, paths under 4095 bytes). */
    private static int entriesEnd(byte[] b) {
        ByteBuffer buf = ByteBuffer.wrap(b);
        int version = buf.getInt(4);
        int n = buf.getInt(8);
        int p = 12;
        for (int i = 0; i < n; i++) {
            int flags = buf.getShort(p + 60) & 0xFFFF;
            if (version == 4) {
                int q = p + 62;
                while ((b[q] & 0x80) != 0) {
                    q++;
                }
                q++;
                while (b[q] != 0) {
                    q++;
                }
                p = q + 1;
            } else {
                p += (62 + (flags & 0xFFF) + 8) & ~7;
            }
        }
        return p;
    }

    /** The header with this entry count, then {@code parts}, then a correct SHA-1 trailer (or zeros, as with index.skipHash). */
    private static void writeIndex(Path repo, int count, boolean zeroTrailer, byte[]... parts) throws IOException {
        byte[] body = body(count, parts);
        writeIndex(repo, body, zeroTrailer ? new byte[20] : sha1(body));
    }

    private static byte[] body(int count, byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        byte[] body = out.toByteArray();
        ByteBuffer.wrap(body).putInt(8, count);
        return body;
    }

    private static byte[] sha1(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writeIndex(Path repo, byte[] body, byte[] trailer) throws IOException {
        byte[] file = Arrays.copyOf(body, body.length + trailer.length);
        System.arraycopy(trailer, 0, file, body.length, trailer.length);
        Files.write(repo.resolve(".git/index"), file);
    }

    private static byte[] extension(String signature, byte[] data) {
        return ByteBuffer.allocate(8 + data.length).put(signature.getBytes(StandardCharsets.US_ASCII)).putInt(data.length)
                .put(data).array();
    }

    /**
     * git's status of the repository in {@link GitTruthTest#gitStatus}'s form, or null when git refuses the index. Only
     * stdout is read: git says "ignoring XXXX extension" on stderr.
     */
    static Set<String> gitStatus(Path repo) {
        ProcessBuilder pb = new ProcessBuilder("git", "-c", "core.quotePath=false", "status", "--porcelain=v2", "--no-renames",
                "-uall", "-z").directory(repo.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(NO_LOCKS);
        try {
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                return null;
            }
            Set<String> listed = new TreeSet<>();
            for (String rec : out.split("\0")) {
                if (rec.startsWith("? ")) {
                    listed.add("untracked " + rec.substring(2));
                } else if (rec.startsWith("1 ")) {
                    String[] f = rec.split(" ", 9);
                    if (f[1].charAt(0) != '.') {
                        listed.add("staged " + f[1].charAt(0) + " " + f[8]);
                    }
                    if (f[1].charAt(1) != '.') {
                        listed.add("unstaged " + f[1].charAt(1) + " " + f[8]);
                    }
                } else if (!rec.isEmpty()) {
                    throw new AssertionError("a status record this test does not expect: " + rec);
                }
            }
            return listed;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> fathomListing(Path repo) {
        ToolResult fathom = GitTruthTest.call(repo, "git_status", "{}");
        assertThat(fathom.error()).as(fathom.output()).isFalse();
        return GitTruthTest.fathomStatus(fathom.output());
    }

    private static void statusFailsNaming(Path repo, String reason) {
        assertThatThrownBy(() -> {
            try (GitRepo git = GitRepo.open(repo, Map.of())) {
                git.workStatus();
            }
        }).isInstanceOf(GitException.class).hasMessageContaining("index file corrupt").hasMessageContaining(reason);
    }

    @Test
    void pathsMadeOnlyOfNonAsciiCharactersAreListedAsGitListsThem() throws IOException {
        Path repo = committed(2, "é", "日本", "plain.txt");
        RepoStates.write(repo.resolve("日本"), "edited, and longer than before\n");

        Set<String> git = gitStatus(repo);
        assertThat(git).isEqualTo(Set.of("unstaged M 日本"));
        assertThat(fathomListing(repo)).isEqualTo(git);
    }

    @Test
    void aVersion4IndexWhoseFirstPathIsLongerThanSixtyFourBytesIsReadAsGitReadsIt() throws IOException {
        String longName = "a-first-path-that-is-longer-than-the-sixty-four-bytes-a-reader-might-start-with.txt";
        Path repo = committed(4, longName, "z.txt");
        RepoStates.write(repo.resolve(longName), "edited, and longer than before\n");

        Set<String> git = gitStatus(repo);
        assertThat(git).isEqualTo(Set.of("unstaged M " + longName));
        assertThat(fathomListing(repo)).isEqualTo(git);
    }

    @Test
    void anEntryCountTheFileCannotHoldIsRefusedByItsCount() throws IOException {
        Path repo = committed(2, "a.txt");
        byte[] b = index(repo);
        writeIndex(repo, 1000, false, Arrays.copyOf(b, b.length - 20));

        assertThat(gitStatus(repo)).as("git refuses it too").isNull();
        statusFailsNaming(repo, "entry count 1000");
    }

    @Test
    void oneEntryMoreThanTheFileHoldsIsRefusedNotReadPastTheEnd() throws IOException {
        Path repo = committed(2, "a.txt", "b.txt");
        byte[] b = index(repo);
        writeIndex(repo, 3, false, Arrays.copyOf(b, entriesEnd(b)));

        // git 2.39 reads on past the file's end here and lists a made-up entry with an empty path
        assertThat(gitStatus(repo)).as("git's misreading").contains("staged A ");
        statusFailsNaming(repo, "entry 2 runs past the end");
    }

    @Test
    void anEntryHeaderWithNoRoomForItsPathIsRefusedForItsPath() throws IOException {
        Path repo = committed(4, "a.txt");
        byte[] b = index(repo);
        // exactly one more entry's fixed part (62 bytes, flags 0) and nothing after it before the trailer
        writeIndex(repo, 2, true, Arrays.copyOf(b, entriesEnd(b)), new byte[62]);

        assertThat(gitStatus(repo)).as("git refuses it too").isNull();
        statusFailsNaming(repo, "a path runs past the end");
    }

    @Test
    void aPathLengthFieldShorterThanThePathNeverListsTheLongerPath() throws IOException {
        Path repo = committed(2, "abcde");
        byte[] b = index(repo);
        // "abc" and "abcde" pad to the same entry size, so the entries after it are where they were
        int flags = ByteBuffer.wrap(b).getShort(12 + 60) & 0xFFFF;
        ByteBuffer.wrap(b).putShort(12 + 60, (short) ((flags & ~0xFFF) | 3));
        writeIndex(repo, 1, false, Arrays.copyOf(b, b.length - 20));

        Set<String> git = gitStatus(repo);
        // git 2.39 takes a shorter path from it (and lists that path as deleted): not a clean "abcde"
        assertThat(git).as("git's reading").isNotEmpty().noneMatch(line -> line.endsWith(" abcde") && !line.startsWith("untracked"));
        try (GitRepo fathom = GitRepo.open(repo, Map.of())) {
            fathom.workStatus();
            assertThat(fathomListing(repo)).as("if Fathom reads it, it reads what git reads").isEqualTo(git);
        } catch (GitException refused) {
            assertThat(refused).hasMessageContaining("entry 0 has no end to its path");
        }
    }

    @Test
    void aPathLengthThatEndsAtTheChecksumIsRefusedForItsPath() throws IOException {
        Path repo = committed(2, "a.txt");
        byte[] b = index(repo);
        int end = entriesEnd(b);
        int name = 12 + 62;
        int flags = ByteBuffer.wrap(b).getShort(12 + 60) & 0xFFFF;
        ByteBuffer.wrap(b).putShort(12 + 60, (short) ((flags & ~0xFFF) | (end - name)));
        // the trailer's first byte is 0: a reader that looked one byte too far would find its NUL there
        writeIndex(repo, 1, true, Arrays.copyOf(b, end));

        statusFailsNaming(repo, "entry 0 has no end to its path");
    }

    @Test
    void aVersion4PathWithoutItsNulBeforeTheChecksumIsRefused() throws IOException {
        Path repo = committed(4, "a.txt");
        byte[] b = index(repo);
        byte[] entry = Arrays.copyOf(new byte[62], 64);
        entry[62] = 0; // keeps nothing of the previous path
        entry[63] = 'x'; // and its path never ends: the zero trailer comes next
        writeIndex(repo, 2, true, Arrays.copyOf(b, entriesEnd(b)), entry);

        statusFailsNaming(repo, "a path has no end");
    }

    @Test
    void aVersion4PrefixLengthCutOffByTheChecksumIsRefused() throws IOException {
        Path repo = committed(4, "a.txt");
        byte[] b = index(repo);
        byte[] entry = Arrays.copyOf(new byte[62], 63);
        entry[62] = (byte) 0x80; // the varint says more bytes follow; the (zero) trailer does
        writeIndex(repo, 2, true, Arrays.copyOf(b, entriesEnd(b)), entry);

        assertThat(gitStatus(repo)).as("git refuses it too").isNull();
        statusFailsNaming(repo, "a bad path prefix length");
    }

    @Test
    void anExtensionALittleLongerThanTheFileIsRefusedWithItsReason() throws IOException {
        Path repo = committed(2, "a.txt");
        byte[] b = index(repo);
        byte[] ext = extension("ABCD", new byte[4]);
        ByteBuffer.wrap(ext).putInt(4, 12); // says 12 bytes, holds 4
        writeIndex(repo, 1, false, Arrays.copyOf(b, entriesEnd(b)), ext);

        statusFailsNaming(repo, "an extension runs past the end");
    }

    @Test
    void optionalExtensionsGitIgnoresAreIgnoredWhateverTheirNameOrLength() throws IOException {
        Path repo = committed(2, "a.txt", "b.txt");
        byte[] b = index(repo);
        int end = entriesEnd(b);
        // an empty one, ones named from the first and the last capital letter, and git's own TREE; with a trailer that
        // is not the file's SHA-1, which git reads without checking (only fsck does) and JGit's reader refuses
        byte[] notTheChecksum = new byte[20];
        Arrays.fill(notTheChecksum, (byte) 0x5A);
        writeIndex(repo, body(2, Arrays.copyOf(b, end), extension("AEMP", new byte[0]), extension("ZZZZ", new byte[] {1, 2}),
                Arrays.copyOfRange(b, end, b.length - 20)), notTheChecksum);
        RepoStates.write(repo.resolve("b.txt"), "edited, and longer than before\n");

        Set<String> git = gitStatus(repo);
        assertThat(git).isEqualTo(Set.of("unstaged M b.txt"));
        assertThat(fathomListing(repo)).isEqualTo(git);
    }

    @Test
    void theEntriesAfterTheFirstAreReadInVersionFour() throws IOException {
        // a guard that the builder above makes what it says: git reads the rebuilt index with every entry
        Path repo = committed(4, "a.txt", "b/c.txt");
        byte[] b = index(repo);
        writeIndex(repo, 2, false, Arrays.copyOf(b, b.length - 20));
        assertThat(gitStatus(repo)).isEmpty();
        assertThat(fathomListing(repo)).isEmpty();
        assertThat(List.of(IndexFile.read(repo.resolve(".git/index").toFile()).paths)).containsExactly("a.txt", "b/c.txt");
    }

    @Test
    void aCachedTreeCutShortIsNeverTakenForHeadsTree() throws IOException {
        Path repo = committed(2, "a.txt");
        String head = GitTruthTest.git(repo, "rev-parse", "HEAD^{tree}");
        RepoStates.write(repo.resolve("a.txt"), "a change that is staged\n");
        Files.setLastModifiedTime(repo.resolve("a.txt"), FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        RepoStates.git(repo, "add", "a.txt");
        byte[] b = index(repo);
        int end = entriesEnd(b);
        // the root of a TREE extension naming HEAD's tree (which would mean "nothing staged"), its id one byte short;
        // the byte it lacks is the checksum's first, which a nonce in an optional extension before it makes so
        byte[] id = new byte[20];
        ObjectId.fromString(head).copyRawTo(id, 0);
        ByteArrayOutputStream root = new ByteArrayOutputStream();
        root.writeBytes("\0".concat("1 0\n").getBytes(StandardCharsets.US_ASCII));
        root.write(id, 0, 19);
        byte[] body = null;
        for (int nonce = 0; body == null || sha1(body)[0] != id[19]; nonce++) {
            body = body(1, Arrays.copyOf(b, end), extension("NNCE", ByteBuffer.allocate(4).putInt(nonce).array()),
                    extension("TREE", root.toByteArray()));
        }
        writeIndex(repo, body, sha1(body));

        Set<String> git = gitStatus(repo);
        assertThat(git).as("git drops the cut tree and compares").isEqualTo(Set.of("staged M a.txt"));
        ToolResult fathom = GitTruthTest.call(repo, "git_status", "{}");
        // Fathom fails here (JGit, which then reads the index for the staged comparison, cannot parse the cut tree)
        if (!fathom.error()) {
            assertThat(GitTruthTest.fathomStatus(fathom.output())).as(fathom.output()).isEqualTo(git);
        }
    }
}
