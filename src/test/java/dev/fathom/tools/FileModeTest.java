package dev.fathom.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

/** File modes as the shell makes them: new files get the umask's mode, a moved file keeps its own. */
class FileModeTest extends ToolTestSupport {

    /** {@code stat -c %a}: the oracle for modes. */
    private static String stat(Path file) throws Exception {
        Process p = new ProcessBuilder("stat", "-c", "%a", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    /** The mode the shell gives a new file here (the JVM's umask, which the tools inherit). */
    private String shellMode() throws Exception {
        Path made = tmp.resolve("made-by-touch");
        Process p = new ProcessBuilder("sh", "-c", "touch '" + made + "'").start();
        assertThat(p.waitFor()).isZero();
        return stat(made);
    }

    @Test
    void newFilesGetTheUmasksMode() throws Exception {
        assertThat(tools.call("write_file", "{\"file_path\":\"w.txt\",\"content\":\"x\\n\"}").error()).isFalse();
        ToolResult r = tools.call("apply_patch", "{\"patch\":\"*** Begin Patch\\n*** Add File: p.txt\\n+x\\n*** End Patch\"}");
        assertThat(r.error()).as(r.output()).isFalse();
        String expected = shellMode();
        assertThat(stat(ws.resolve("w.txt"))).isEqualTo(expected);
        assertThat(stat(ws.resolve("p.txt"))).isEqualTo(expected);
    }

    @Test
    void aMovedScriptKeepsItsMode() throws Exception {
        Path script = Files.writeString(ws.resolve("run.sh"), "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
        tools.call("read_file", "{\"file_path\":\"run.sh\"}");
        ToolResult r = tools.call("apply_patch", "{\"patch\":\"*** Begin Patch\\n*** Update File: run.sh\\n*** Move to: bin/run.sh\\n"
                + "@@\\n-echo hi\\n+echo hello\\n*** End Patch\"}");
        assertThat(r.error()).as(r.output()).isFalse();
        assertThat(Files.exists(script)).isFalse();
        assertThat(stat(ws.resolve("bin/run.sh"))).isEqualTo("750");
    }

}
