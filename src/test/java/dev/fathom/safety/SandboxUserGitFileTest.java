package dev.fathom.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The user's own repository, there before the sandbox started, whose {@code .git} file git reads in a way a
 * first-line, whitespace-stripping reader does not (a trailing space, CRLF, a second line, a NUL byte, padding): with
 * real bubblewrap, a command asks git where the hooks are and plants one there, and the user's git commit outside the
 * sandbox must not run it.
 */
class SandboxUserGitFileTest extends SandboxedWorkspace {
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.fathom.safety.GitPointerFilesTest#gitFiles")
    void aHookPlantedWhereGitLooksForItDoesNotRun(String what, byte[] bytes, String folder) throws Exception {
        Files.delete(ws);
        Path repo = GitPointerFilesTest.userRepository(ws, bytes, folder);
        Files.writeString(ws.resolve("a.txt"), "the user's work\n");

        String out = run("h=\"$(git rev-parse --absolute-git-dir)/hooks/pre-commit\"; "
                + "printf '#!/bin/sh\\ntouch \"%s/pwned-hook\"\\n' \"$PWD\" > \"$h\" && chmod +x \"$h\"; echo tried");

        assertThat(out).contains("tried");
        gitOut(ws, "add", "a.txt");
        gitOut(ws, "commit", "-q", "-m", "user");
        assertNoPlantedProgramRan(out);
        assertThat(repo.resolve("hooks/pre-commit")).doesNotExist();
    }
}
