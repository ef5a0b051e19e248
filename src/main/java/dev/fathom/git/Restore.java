package dev.fathom.git;

import dev.fathom.safety.ConfinedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Puts a working tree back to a saved state all or nothing. First every step is planned and checked against what is
 * on disk (a special or untracked file in the way refuses the whole undo before anything changes); then the steps run,
 * each recording what it is about to change; if one fails, the recorded states are put back in reverse order, so the
 * tree is as it was before the undo, byte for byte and mode for mode. Writes go through {@link ConfinedWriter}, so no
 * symlink is ever followed.
 */
final class Restore {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    /** What was at a path before a step changed it. */
    private enum Kind { ABSENT, FILE, LINK, DIR }

    private record Before(Path rel, Kind kind, byte[] bytes, Set<PosixFilePermission> perms, Path link) {
    }

    /** A file to put back: its bytes and whether it is executable. */
    record Content(byte[] bytes, boolean executable) {
    }

    private final Path top;
    private final ConfinedWriter writer;
    private final ConfinedWriter rollbackWriter;
    private final Deque<Before> journal = new ArrayDeque<>();

    /**
     * Checks, just before a step changes {@code path}, that it is still as the plan saw it, and throws
     * {@link ChangedMeanwhile} if not: a plan is a picture of the tree at planning time, and a change made after it
     * (by the user, or a running process) was never weighed, nor shown to the user.
     */
    interface Check {
        void unchanged(String path) throws IOException;
    }

    private final Check asPlanned;

    /**
     * @param top the real path of the work tree; {@code check} is asked before each deleted or written path;
     *     {@code seam} lets a test fail a step midway
     */
    Restore(Path top, Check check, ConfinedWriter.Seam seam) {
        this.top = top;
        this.asPlanned = check;
        this.writer = new ConfinedWriter(top, seam);
        this.rollbackWriter = new ConfinedWriter(top, ConfinedWriter.Seam.NONE);
    }

    /**
     * Deletes {@code delete}, writes {@code restore} (path to content), then removes the folders that are empty by then
     * among those above deleted files and {@code made}, but for those in {@code keep} (folders that were there before);
     * all of it, or nothing.
     */
    void run(List<String> delete, Map<String, Content> restore, Set<String> made, Set<String> keep) throws IOException {
        Set<String> deleting = new TreeSet<>(delete);
        for (String p : restore.keySet()) {
            check(p, deleting);
        }
        try {
            for (String p : delete) {
                asPlanned.unchanged(p);
                Path rel = Path.of(p);
                record(rel);
                writer.delete(top.resolve(rel));
            }
            for (var e : restore.entrySet()) {
                asPlanned.unchanged(e.getKey());
                Path rel = Path.of(e.getKey());
                prepareParents(rel);
                clearFolder(rel);
                record(rel);
                writer.restore(top.resolve(rel), e.getValue().bytes());
                setExecutable(rel, e.getValue().executable());
            }
            removeEmptied(delete, made, keep);
        } catch (IOException | RuntimeException failure) {
            List<String> lost = rollBack();
            if (lost.isEmpty() && failure instanceof ChangedMeanwhile) {
                throw (ChangedMeanwhile) failure; // its message says nothing was changed, and why
            }
            if (!lost.isEmpty()) {
                throw new IOException("undo failed (" + failure.getMessage() + ") and these could not be put back as they were: "
                        + String.join(", ", lost), failure);
            }
            throw new IOException("undo failed, nothing was changed: " + failure.getMessage(), failure);
        }
    }

    /** Gives {@code rel} the executable bit as saved; the permissions before were recorded, so a rollback restores them. */
    private void setExecutable(Path rel, boolean executable) throws IOException {
        var view = Files.getFileAttributeView(top.resolve(rel), PosixFileAttributeView.class, NOFOLLOW);
        Set<PosixFilePermission> perms = view.readAttributes().permissions();
        Set<PosixFilePermission> wanted = ExecBit.apply(perms, executable);
        if (!wanted.equals(perms)) {
            view.setPermissions(wanted);
        }
    }

    /**
     * Removes the candidate folders that are empty now and were not there before (not in {@code keep}), deepest
     * first; a folder holding anything, even a file undo knows nothing of, stays.
     */
    private void removeEmptied(List<String> deleted, Set<String> made, Set<String> keep) throws IOException {
        Set<String> candidates = new TreeSet<>(java.util.Comparator.comparingInt((String f) -> f.split("/").length).reversed()
                .thenComparing(java.util.Comparator.naturalOrder()));
        for (String p : deleted) {
            candidates.addAll(TreeSnapshot.parents(p));
        }
        for (String folder : made) {
            candidates.add(folder);
            candidates.addAll(TreeSnapshot.parents(folder));
        }
        for (String folder : candidates) {
            Path rel = Path.of(folder);
            BasicFileAttributes a = attributes(rel);
            if (keep.contains(folder) || a == null || !a.isDirectory() || !realFolders(rel.getParent()) || !isEmpty(rel)) {
                continue;
            }
            journal.push(new Before(rel, Kind.DIR, null, null, null));
            Files.delete(top.resolve(rel)); // rmdir: fails rather than remove anything that appeared meanwhile
        }
    }

    /** Whether every folder down to {@code rel} is a folder, no symlink on the way (null: the top itself). */
    private boolean realFolders(Path rel) throws IOException {
        for (int i = 1; rel != null && i <= rel.getNameCount(); i++) {
            BasicFileAttributes a = attributes(rel.subpath(0, i));
            if (a == null || !a.isDirectory()) {
                return false;
            }
        }
        return true;
    }

    private boolean isEmpty(Path rel) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(top.resolve(rel))) {
            return !entries.iterator().hasNext();
        }
    }

    /** Refuses, before any change, a restore that something on disk would stop halfway. */
    private void check(String path, Set<String> deleting) throws IOException {
        Path rel = Path.of(path);
        for (int i = 1; i < rel.getNameCount(); i++) {
            Path part = rel.subpath(0, i);
            BasicFileAttributes a = attributes(part);
            if (a == null || a.isSymbolicLink()) {
                break; // made (or the link replaced by a folder) on the way; nothing below it exists to be checked
            }
            if (!a.isDirectory() && !(a.isRegularFile() && deleting.contains(part.toString()))) {
                throw refusal(path, part + " is in the way (" + (a.isRegularFile() ? "a file undo does not track" : "not a regular file") + ")");
            }
        }
        BasicFileAttributes a = attributes(rel);
        if (a != null && a.isDirectory()) {
            for (String left : leftIn(rel, deleting)) {
                throw refusal(path, "the folder " + path + " holds " + left + ", which undo does not remove");
            }
        } else if (a != null && !a.isRegularFile() && !a.isSymbolicLink()) {
            throw refusal(path, path + " is not a regular file");
        }
    }

    private static IOException refusal(String path, String why) {
        return new IOException("undo cannot put back " + path + ": " + why + "; nothing was changed");
    }

    /** What would remain in folder {@code rel} after the deletions (anything but folders and deleted files). */
    private List<String> leftIn(Path rel, Set<String> deleting) throws IOException {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(top.resolve(rel))) {
            for (Path entry : entries) {
                Path child = rel.resolve(entry.getFileName());
                BasicFileAttributes a = attributes(child);
                if (a != null && a.isDirectory()) {
                    out.addAll(leftIn(child, deleting));
                } else if (a != null && !(a.isRegularFile() && deleting.contains(child.toString()))) {
                    out.add(child.toString());
                }
            }
        }
        return out;
    }

    /** Records the folders the write will make or turn from symlinks into folders, top down. */
    private void prepareParents(Path rel) throws IOException {
        boolean made = false;
        for (int i = 1; i < rel.getNameCount(); i++) {
            Path part = rel.subpath(0, i);
            if (made) {
                journal.push(new Before(part, Kind.ABSENT, null, null, null));
                continue;
            }
            BasicFileAttributes a = attributes(part);
            if (a == null || a.isSymbolicLink()) {
                record(part);
                made = true;
            }
        }
    }

    /** A folder where the file belongs (the file had become one) is emptied of folders; its files are deleted already. */
    private void clearFolder(Path rel) throws IOException {
        BasicFileAttributes a = attributes(rel);
        if (a == null || !a.isDirectory()) {
            return;
        }
        List<Path> inside = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(top.resolve(rel))) {
            entries.forEach(e -> inside.add(rel.resolve(e.getFileName())));
        }
        for (Path child : inside) {
            clearFolder(child);
        }
        journal.push(new Before(rel, Kind.DIR, null, null, null));
        Files.delete(top.resolve(rel)); // rmdir: fails rather than remove anything left inside
    }

    /** Notes what is at {@code rel} now, so that a failure later can put it back. */
    private void record(Path rel) throws IOException {
        Path file = top.resolve(rel);
        PosixFileAttributes a;
        try {
            a = Files.readAttributes(file, PosixFileAttributes.class, NOFOLLOW);
        } catch (NoSuchFileException absent) {
            journal.push(new Before(rel, Kind.ABSENT, null, null, null));
            return;
        }
        if (a.isSymbolicLink()) {
            journal.push(new Before(rel, Kind.LINK, null, null, Files.readSymbolicLink(file)));
        } else if (a.isDirectory()) {
            journal.push(new Before(rel, Kind.DIR, null, null, null));
        } else {
            try (InputStream in = Files.newInputStream(file, NOFOLLOW)) {
                journal.push(new Before(rel, Kind.FILE, in.readAllBytes(), a.permissions(), null));
            }
        }
    }

    /** Puts back every recorded state, newest first; returns the paths that could not be. */
    private List<String> rollBack() {
        List<String> lost = new ArrayList<>();
        while (!journal.isEmpty()) {
            Before b = journal.pop();
            try {
                putBack(b);
            } catch (IOException | RuntimeException e) {
                lost.add(b.rel() + " (" + e.getMessage() + ")");
            }
        }
        return lost;
    }

    private void putBack(Before b) throws IOException {
        Path file = top.resolve(b.rel());
        BasicFileAttributes now = attributes(b.rel());
        if (b.kind() == Kind.DIR) {
            if (now == null || !now.isDirectory()) {
                remove(b.rel(), now);
                Files.createDirectory(file);
            }
            return;
        }
        if (b.kind() == Kind.FILE) {
            if (now != null && now.isDirectory()) {
                Files.delete(file);
            }
            rollbackWriter.restore(file, b.bytes());
            Files.getFileAttributeView(file, PosixFileAttributeView.class, NOFOLLOW).setPermissions(b.perms());
            return;
        }
        remove(b.rel(), now);
        if (b.kind() == Kind.LINK) {
            Files.createSymbolicLink(file, b.link());
        }
    }

    private void remove(Path rel, BasicFileAttributes now) throws IOException {
        if (now == null) {
            return;
        }
        if (now.isDirectory()) {
            Files.delete(top.resolve(rel)); // empty by now: what the step made inside was put back first
        } else {
            rollbackWriter.delete(top.resolve(rel));
        }
    }

    private BasicFileAttributes attributes(Path rel) throws IOException {
        try {
            return Files.readAttributes(top.resolve(rel), BasicFileAttributes.class, NOFOLLOW);
        } catch (NoSuchFileException absent) {
            return null;
        } catch (java.nio.file.FileSystemException notADirectory) {
            return null; // a parent is a file: nothing is at this path
        }
    }
}
