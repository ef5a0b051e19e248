package dev.fathom.safety;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The git program Fathom itself runs outside the sandbox, to read files as git reads them: the system's, from a fixed
 * folder, never a PATH lookup. A command in the sandbox can write the workspace and the folders exposed to it, and a
 * PATH may name one of them (node_modules/.bin, a project's bin): a "git" planted there would run with the user's rights.
 */
final class SystemGit {
    private static final List<Path> PLACES = List.of(Path.of("/usr/bin/git"), Path.of("/usr/local/bin/git"), Path.of("/bin/git"),
            Path.of("/opt/homebrew/bin/git"));
    private static volatile Optional<String> found;

    private SystemGit() {
    }

    /** The system's git program, when one is installed in one of the usual folders. */
    static Optional<String> path() {
        Optional<String> known = found;
        if (known == null) {
            known = PLACES.stream().filter(Files::isExecutable).map(Path::toString).findFirst();
            found = known;
        }
        return known;
    }

    /**
     * Runs the system's git with {@code args}, the one way Fathom runs it: without the {@code GIT_*} variables of its
     * own environment (a {@code GIT_DIR} or {@code GIT_CONFIG_*} would change what git reads), from {@code /} (the JVM's
     * own folder may be one the user git runs as cannot enter, and then git fails and nothing is read), with nothing on
     * its input and its errors dropped. Its output, when it ends with status 0 within {@code timeoutSeconds} and says
     * at most {@code maxOutput} bytes; empty when there is no system git, or it cannot start, fails, takes longer
     * (it is ended then, even if it holds its output open) or says more.
     */
    static Optional<byte[]> run(List<String> args, long timeoutSeconds, int maxOutput) {
        Optional<String> git = path();
        if (git.isEmpty()) {
            return Optional.empty();
        }
        List<String> command = new ArrayList<>(List.of(git.get()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(name -> name.startsWith("GIT_"));
        pb.directory(new File("/")).redirectError(ProcessBuilder.Redirect.DISCARD).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p;
        try {
            p = pb.start();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        // the read below ends when git does, so a git that hangs is ended at the timeout
        p.onExit().orTimeout(timeoutSeconds, TimeUnit.SECONDS).exceptionally(e -> p.destroyForcibly());
        try (InputStream in = p.getInputStream()) {
            byte[] out = in.readNBytes(maxOutput);
            if (in.read() != -1 || !p.waitFor(timeoutSeconds, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return Optional.empty();
            }
            return Optional.of(out);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            p.destroyForcibly(); // ended already but for a failure above
        }
    }
}
