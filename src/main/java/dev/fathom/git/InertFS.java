package dev.fathom.git;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.FS_POSIX;
import org.eclipse.jgit.util.ProcessResult;
import org.eclipse.jgit.util.TemporaryBuffer;

/**
 * The file system view of Fathom's own repositories, under which JGit starts no program at all. A repository is
 * untrusted content: its hooks ({@code .git/hooks}, {@code core.hooksPath}) and its filter drivers
 * ({@code filter.<name>.clean/smudge} with {@code .gitattributes}) are code that would run outside the sandbox with the
 * user's whole environment.
 * <p>
 * JGit funnels every such program through the repository's {@link FS}: hooks through {@link #runHookIfPresent}, filters
 * through {@link #execute}. Here no hook is ever found, and a filter passes its input through unchanged, which is what
 * git itself does for a filter driver that is not configured. The filters that were skipped are remembered so the
 * tools can say so (an LFS repository compares differently without its filter). While staging for a commit, a filter
 * the configuration marks {@code required} (as {@code git lfs install} does) is an error instead, because committing
 * unfiltered content would store the wrong blob.
 */
final class InertFS extends FS_POSIX {
    /** Skipped filter commands remembered for the note to the model; more are counted, not kept. */
    private static final int MAX_REMEMBERED = 5;

    private final Set<String> skipped;
    /** Clean commands (up to their {@code %f}) of required filters, while staging; empty otherwise. */
    private volatile Set<String> required = Set.of();
    /** Whether a required filter fails the staging at once, or is only remembered for {@link #requiredSkipped}. */
    private volatile boolean strict;
    private volatile String requiredSkipped;

    InertFS() {
        this.skipped = Collections.synchronizedSet(new LinkedHashSet<>());
    }

    private InertFS(InertFS src) {
        super(src);
        this.skipped = src.skipped;
        this.required = src.required;
        this.strict = src.strict;
        this.requiredSkipped = src.requiredSkipped;
    }

    @Override
    public FS newInstance() {
        return new InertFS(this);
    }

    @Override
    public ProcessResult runHookIfPresent(Repository repository, String hookName, String[] args, OutputStream outRedirect,
            OutputStream errRedirect, String stdinArgs) {
        return new ProcessResult(ProcessResult.Status.NOT_PRESENT);
    }

    @Override
    public File findHook(Repository repository, String hookName) {
        return null;
    }

    /**
     * JGit asks this before it opens {@code .git/info/exclude} for a work tree walk. Anything there but a regular file
     * or a folder (a FIFO, whose open blocks until something writes to it; a device) is said not to exist, so JGit
     * never opens it; {@link IgnoreRules} reads no rules from it either. A folder stays, and fails as in git.
     */
    @Override
    public boolean exists(File path) {
        File parent = path.getParentFile();
        if (path.getName().equals("exclude") && parent != null && parent.getName().equals("info")) {
            java.nio.file.Path p = path.toPath();
            return java.nio.file.Files.isRegularFile(p) || java.nio.file.Files.isDirectory(p);
        }
        return super.exists(path);
    }

    /** A filter: no process; the content passes through as it is (or, for a required filter, the staging fails). */
    @Override
    public ExecutionResult execute(ProcessBuilder pb, InputStream in) throws IOException {
        String command = shownCommand(pb.command());
        if (required.stream().anyMatch(command::startsWith)) {
            if (strict) {
                throw new FilterSkippedException(command);
            }
            requiredSkipped = command;
        }
        remember(command);
        TemporaryBuffer out = new TemporaryBuffer.LocalFile(null);
        try (out) {
            if (in != null) {
                out.copy(in);
            }
        }
        return new ExecutionResult(out, new TemporaryBuffer.Heap(1), 0);
    }

    /** Nothing reaches a process through this view; JGit's callers of these already handle an IOException. */
    @Override
    public int runProcess(ProcessBuilder processBuilder, OutputStream outRedirect, OutputStream errRedirect, InputStream inRedirect)
            throws IOException {
        throw new IOException("Fathom's git runs no programs (refused: " + shownCommand(processBuilder.command()) + ")");
    }

    @Override
    public int runProcess(ProcessBuilder processBuilder, OutputStream outRedirect, OutputStream errRedirect, String stdinArgs)
            throws IOException {
        throw new IOException("Fathom's git runs no programs (refused: " + shownCommand(processBuilder.command()) + ")");
    }

    /** JGit would otherwise search PATH and run {@code git} (or a login shell on macOS) to find the system config. */
    @Override
    protected File discoverGitExe() {
        return null;
    }

    @Override
    protected File discoverGitSystemConfig() {
        return null;
    }

    /**
     * While staging: the clean commands of required filters, each up to its {@code %f} (empty otherwise); with
     * {@code strict} meeting one fails the staging, without it is remembered.
     */
    void require(Set<String> cleanCommandPrefixes, boolean strict) {
        this.required = Set.copyOf(cleanCommandPrefixes);
        this.strict = strict;
    }

    /** A required filter that was passed over while staging, or null. */
    String requiredSkipped() {
        return requiredSkipped;
    }

    /** The filter commands that were passed over, at most a few, in the order met. */
    List<String> skippedFilters() {
        synchronized (skipped) {
            return new ArrayList<>(skipped);
        }
    }

    private void remember(String command) {
        synchronized (skipped) {
            if (skipped.size() < MAX_REMEMBERED) {
                skipped.add(command);
            }
        }
    }

    /** {@code sh -c 'CMD "$@"' CMD ARGS...} as JGit builds it: CMD is what the repository configured. */
    private static String shownCommand(List<String> argv) {
        int c = argv.indexOf("-c");
        return c >= 0 && c + 2 < argv.size() ? argv.get(c + 2) : String.join(" ", argv);
    }

    /** Raised while staging when a required filter would be needed; {@link GitRepo} turns it into a message. */
    static final class FilterSkippedException extends IOException {
        private final String command;

        FilterSkippedException(String command) {
            super("the git filter `" + command + "` would be needed");
            this.command = command;
        }

        String command() {
            return command;
        }
    }
}
