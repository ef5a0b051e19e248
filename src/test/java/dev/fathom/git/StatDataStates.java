package dev.fathom.git;

import dev.fathom.testing.Poll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * States for the stat fields git compares besides size and mtime (used by {@link StatusShortcutTruthTest}): with
 * {@code core.trustCtime} and {@code core.checkStat} at their defaults, git reads a file again when its ctime (whole
 * seconds) or its inode number differs from what the index recorded, so a file replaced by one of the same size and
 * mtime is still seen as changed.
 */
final class StatDataStates {
    private StatDataStates() {
    }

    /**
     * a.txt overwritten in place by {@code cp -p} (same inode, same size and mtime, other content: only the ctime
     * tells), sub/b.txt replaced by {@code mv} of another file (a new inode), c.txt replaced by {@code mv} of a copy with
     * the same content (read again, and clean). Entries are recorded with old mtimes, so none is racily clean.
     */
    static Path replacedSameSizeAndTime(Path root) {
        Path repo = RepoStates.base(root.resolve("repo"));
        FileTime old = FileTime.from(Instant.now().minusSeconds(7200));
        for (String f : new String[] {"a.txt", "sub/b.txt", "c.txt"}) {
            setTime(repo.resolve(f), old);
        }
        RepoStates.git(repo, "update-index", "--refresh"); // records the old mtimes, and the ctimes of now
        long recordedCtime = ctimeSeconds(repo.resolve("a.txt"));
        // git compares whole seconds of ctime: the replacement must come in a later second than the one recorded
        if (!Poll.until(Duration.ofSeconds(30), () -> Instant.now().getEpochSecond() > recordedCtime)) {
            throw new IllegalStateException("the clock did not move past " + recordedCtime);
        }
        Path a = root.resolve("a-replacement");
        RepoStates.write(a, "ONE\n");
        setTime(a, old);
        run(root, "cp", "-p", a.toString(), repo.resolve("a.txt").toString());
        replace(root.resolve("b-replacement"), "TWO\n", repo.resolve("sub/b.txt"), old);
        replace(root.resolve("c-copy"), "three\n", repo.resolve("c.txt"), old);
        return repo;
    }

    /** The same replacements with {@code core.trustCtime=false} and {@code core.checkStat=minimal}: git sees none of them. */
    static Path replacedWithCtimeAndInodeIgnored(Path root) {
        Path built = replacedSameSizeAndTime(root);
        RepoStates.git(built, "config", "core.trustCtime", "false");
        RepoStates.git(built, "config", "core.checkStat", "minimal");
        return built;
    }

    /**
     * The same replacements with only {@code core.checkStat=minimal} (trustCtime left on): git compares neither ctime
     * nor inode then, whatever trustCtime says, so it sees none of them either.
     */
    static Path replacedWithCheckStatMinimal(Path root) {
        Path built = replacedSameSizeAndTime(root);
        RepoStates.git(built, "config", "core.checkStat", "minimal");
        return built;
    }

    /**
     * With {@code core.trustCtime=false}, git still compares the owner: a.txt rewritten in place (same inode, size and
     * mtime, other content) and then given to another user and group is read again, and seen as modified. Needs root,
     * to give a file away: skipped without it, except under CI=true, where that fails.
     */
    static Path ownerChangedWithCtimeIgnored(Path root) {
        boolean asRoot = "root".equals(System.getProperty("user.name"));
        if (!asRoot && "true".equals(System.getenv("CI"))) {
            org.junit.jupiter.api.Assertions.fail("giving a file to another user needs root, and CI=true: CI runs as root");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(asRoot, "giving a file to another user needs root");
        Path repo = RepoStates.base(root.resolve("repo"));
        RepoStates.git(repo, "config", "core.trustCtime", "false");
        FileTime old = FileTime.from(Instant.now().minusSeconds(7200));
        setTime(repo.resolve("a.txt"), old);
        RepoStates.git(repo, "update-index", "--refresh");
        Path a = root.resolve("a-replacement");
        RepoStates.write(a, "ONE\n");
        setTime(a, old);
        run(root, "cp", "-p", a.toString(), repo.resolve("a.txt").toString());
        run(root, "chown", "12345:12345", repo.resolve("a.txt").toString());
        return repo;
    }

    private static void replace(Path source, String content, Path target, FileTime time) {
        RepoStates.write(source, content);
        setTime(source, time);
        try {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long ctimeSeconds(Path file) {
        try {
            return ((FileTime) Files.getAttribute(file, "unix:ctime", LinkOption.NOFOLLOW_LINKS)).to(TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void setTime(Path file, FileTime time) {
        try {
            Files.setLastModifiedTime(file, time);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void run(Path dir, String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
