package dev.fathom.safety;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

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
}
