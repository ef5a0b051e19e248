package dev.fathom.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.safety.WorkspaceGuard.PathRefusedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which paths a file tool may read and write, on a real file system: inside the workspace only, whatever {@code ..} or
 * a symlink (also a dangling one, also one that appears below a missing folder) says; never into {@code .git},
 * {@code .fathom} or Fathom's own folder, in any letter case.
 */
class WorkspaceConfinementTest {
    @TempDir
    Path tmp;
    Path ws;
    Path outside;
    Path fathomHome;
    WorkspaceGuard guard;

    @BeforeEach
    void setUp() throws Exception {
        ws = Files.createDirectories(tmp.resolve("ws"));
        outside = Files.createDirectories(tmp.resolve("outside"));
        fathomHome = Files.createDirectories(ws.resolve("fh"));
        Files.writeString(outside.resolve("secret"), "x");
        Files.createSymbolicLink(ws.resolve("escape"), outside);
        Files.createSymbolicLink(ws.resolve("dangling"), outside.resolve("not-yet"));
        Files.createSymbolicLink(ws.resolve("inner"), ws.resolve("src"));
        Files.createDirectories(ws.resolve("src"));
        guard = new WorkspaceGuard(ws, List.of(fathomHome, tmp.resolve("missing-home/sub")), ConfinedWriter.Seam.NONE);
    }

    @Test
    void pathsInsideResolveToTheirRealPlace() throws Exception {
        Path real = ws.toRealPath();
        assertThat(guard.root()).isEqualTo(real);
        assertThat(guard.resolveForRead("src/A.java")).isEqualTo(real.resolve("src/A.java"));
        assertThat(guard.resolveForRead("src/../B.java")).isEqualTo(real.resolve("B.java"));
        assertThat(guard.resolveForRead(real.resolve("src").toString())).isEqualTo(real.resolve("src"));
        assertThat(guard.resolveForRead("inner/new/C.java")).as("a link inside stays inside").isEqualTo(real.resolve("src/new/C.java"));
        assertThat(guard.resolveForWrite("src/deep/new/D.java")).isEqualTo(real.resolve("src/deep/new/D.java"));
        assertThat(guard.display(real.resolve("src/A.java"))).isEqualTo("src/A.java");
        assertThat(guard.display(real)).isEqualTo(".");
    }

    @Test
    void noPathLeadsOutOfTheWorkspace() {
        for (String p : List.of("../outside/secret", "escape/secret", "escape/new/file", "dangling", "dangling/below", "/etc/passwd",
                tmp.resolve("outside/secret").toString())) {
            assertThatThrownBy(() -> guard.resolveForRead(p)).as(p).isInstanceOf(PathRefusedException.class)
                    .hasMessageStartingWith("Refused: '" + p + "' is outside the workspace ");
            assertThatThrownBy(() -> guard.resolveForWrite(p)).as(p).isInstanceOf(PathRefusedException.class);
        }
    }

    @Test
    void emptyOrInvalidPathsAreRefusedWithAReason() {
        for (String p : new String[] {null, "", "  "}) {
            assertThatThrownBy(() -> guard.resolveForRead(p)).isInstanceOf(PathRefusedException.class)
                    .hasMessage("The path is empty; give a file path relative to the workspace root or absolute inside it.");
        }
        assertThatThrownBy(() -> guard.resolveForRead("a\0b")).isInstanceOf(PathRefusedException.class)
                .hasMessageStartingWith("'a\0b' is not a valid path: ");
    }

    @Test
    void protectedFoldersAreReadableButNeverWritten() {
        for (String p : List.of(".git/hooks/pre-commit", "sub/.GIT/config", ".git", "x/.Fathom/settings.json", ".fathom")) {
            assertThat(guard.resolveForRead(p)).isNotNull();
            assertThatThrownBy(() -> guard.resolveForWrite(p)).as(p).isInstanceOf(PathRefusedException.class)
                    .hasMessageStartingWith("Refused to write '" + p + "': ");
        }
        assertThatThrownBy(() -> guard.resolveForWrite(".git/x")).hasMessageContaining("belong to git");
        assertThatThrownBy(() -> guard.resolveForWrite(".fathom/x")).hasMessageContaining("only the user may change");
        assertThatThrownBy(() -> guard.resolveForWrite("fh/sessions/x")).hasMessageContaining("it is in Fathom's own folder");
        assertThat(guard.resolveForWrite(".gitignore")).isNotNull();
        assertThat(guard.resolveForWrite("my.git/x")).isNotNull();
        assertThat(guard.resolveForWrite("fhx/y")).isNotNull();
    }

    @Test
    void aWorkspaceThatDoesNotExistIsRefused() {
        assertThatThrownBy(() -> new WorkspaceGuard(tmp.resolve("nope"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("workspace " + tmp.resolve("nope") + " does not exist");
    }

    @Test
    void writesAndDeletesGoWhereTheGuardSaid() throws Exception {
        Path f = guard.resolveForWrite("src/new.txt");
        guard.write(f, "hello".getBytes());
        assertThat(Files.readString(ws.resolve("src/new.txt"))).isEqualTo("hello");
        assertThat(guard.delete(f)).isTrue();
        assertThat(ws.resolve("src/new.txt")).doesNotExist();
        assertThat(guard.delete(f)).isFalse();
    }
}
