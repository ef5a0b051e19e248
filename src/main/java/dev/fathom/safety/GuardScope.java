package dev.fathom.safety;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where {@link GitGuard} may put a name back, and how it says so: only names the sandbox could have written (under a
 * writable folder by their real folder, and not under a read-only mount, where only a hard-linked file could change),
 * and each with one line the model and the user both read.
 */
final class GuardScope {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    /** The workspace by its real path (names are shown relative to it), or as given when that cannot be read. */
    private final Path workspace;
    private final List<Path> writable;
    private final List<Path> readOnly;

    GuardScope(Path workspace, List<Path> writable, List<Path> readOnly) {
        this.workspace = realPaths(List.of(workspace)).stream().findFirst().orElse(workspace);
        this.writable = realPaths(writable);
        this.readOnly = realPaths(readOnly);
    }

    /**
     * Whether the sandbox could have made {@code p} what it is: it lies, by its real folder, under a writable folder
     * and not under a read-only mount; there, only a file with another name (a hard link) could change.
     */
    boolean couldWrite(Path p, GitSurface.State now) {
        Path real;
        try {
            real = p.getParent().toRealPath().resolve(p.getFileName());
        } catch (IOException | RuntimeException e) {
            return false; // its folder is gone: nothing to put back there
        }
        if (writable.stream().noneMatch(root -> real.startsWith(root) && !real.equals(root))) {
            return false;
        }
        if (readOnly.stream().noneMatch(real::startsWith)) {
            return true;
        }
        try {
            return now instanceof GitSurface.File && ((Number) Files.getAttribute(real, "unix:nlink", NOFOLLOW)).intValue() > 1;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** What making a name what it must be is called in the report. */
    enum Step {
        PUT_BACK("put back", "put it back"), TAKEN_OUT("taken out", "take it out");

        final String done;
        final String todo;

        Step(String done, String todo) {
            this.done = done;
            this.todo = todo;
        }
    }

    /**
     * Makes {@code p} what it {@code was}, keeping what the command left aside; the line that says so, naming the
     * change as {@code what}.
     */
    String restore(Path p, GitSurface.State was, GitSurface.State now, String what, Step step) {
        String name = shown(p);
        try {
            Path aside = GuardWrites.replace(p, was, !(now instanceof GitSurface.Missing));
            return name + ": " + what + ", " + step.done + (aside == null ? "" : "; what the command left is kept as " + shown(aside));
        } catch (IOException | RuntimeException e) {
            String disarmed = now instanceof GitSurface.File && GuardWrites.disarm(p) ? "; it can no longer be run (its execute bits are off)" : "";
            return name + ": " + what + ", and Fathom could not " + step.todo + " (" + e.getMessage() + ")" + disarmed
                    + ": look at it before you run git here";
        }
    }

    /** Each folder by its real path (a trace walks real folders); one that is gone is left out. */
    private static List<Path> realPaths(List<Path> folders) {
        List<Path> out = new ArrayList<>();
        for (Path f : folders) {
            try {
                out.add(f.toRealPath());
            } catch (IOException e) {
                // gone: nothing under it to put back
            }
        }
        return List.copyOf(out);
    }

    String shown(Path p) {
        return p.startsWith(workspace) && !p.equals(workspace) ? workspace.relativize(p).toString() : p.toString();
    }

    static String change(GitSurface.State was, GitSurface.State now) {
        if (was instanceof GitSurface.File && now instanceof GitSurface.File) {
            return "its content or mode changed";
        }
        return describe(now) + " where there was " + describe(was);
    }

    private static String describe(GitSurface.State s) {
        if (s instanceof GitSurface.Missing) {
            return "nothing";
        } else if (s instanceof GitSurface.Folder) {
            return "a folder";
        } else if (s instanceof GitSurface.Link link) {
            return "a symlink to " + link.target();
        } else if (s instanceof GitSurface.File) {
            return "a file";
        }
        return "a special file";
    }
}
