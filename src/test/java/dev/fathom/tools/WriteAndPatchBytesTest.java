package dev.fathom.tools;

import static dev.fathom.tools.TestBytes.concat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.safety.ApprovalPolicy;
import dev.fathom.testing.TreeHash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** write_file and apply_patch, byte for byte, and the stamps that stop them clobbering a file changed on disk. */
class WriteAndPatchBytesTest extends ToolTestSupport {

    private ToolResult writeFile(String path, String content) {
        return tools.call("write_file", "{\"file_path\":\"" + path + "\",\"content\":" + ToolHarness.JSON.valueToTree(content) + "}");
    }

    private ToolResult patch(String body) {
        return tools.call("apply_patch", "{\"patch\": " + ToolHarness.JSON.valueToTree(body) + "}");
    }

    private byte[] bytes(String name) throws IOException {
        return Files.readAllBytes(ws.resolve(name));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "over {0}: {1}")
    @CsvSource(delimiter = '|', value = {
        // existing file | model's content | bytes on disk after | answer
        "a\\r\\nb\\r\\n|x\\ny|x\\r\\ny\\r\\n|Overwrote f (2 lines).",
        "a\\r\\nb\\r\\n|x\\r\\ny\\n|x\\r\\ny\\r\\n|Overwrote f (2 lines).",
        "a\\nb|x\\ny|x\\ny|Overwrote f (2 lines).",
        "a\\nb\\n|x|x\\n|Overwrote f (1 lines).",
        "a\\nb\\n|<empty>|<empty>|Overwrote f (0 lines).",
        "a\\r\\nb\\nc|x\\r\\ny|x\\r\\ny|Overwrote f (2 lines).",
        "<empty>|x\\ny|x\\ny|Overwrote f (2 lines).",
    })
    void overwritingATextFileKeepsItsLineEndsAndFinalNewline(String before, String content, String after, String answer) throws IOException {
        Files.write(ws.resolve("f"), utf8(unescape(before)));
        ToolResult r = writeFile("f", unescape(content));
        assertThat(r.output()).isEqualTo(answer);
        assertThat(new String(bytes("f"), StandardCharsets.UTF_8)).isEqualTo(unescape(after));
    }

    private static String unescape(String s) {
        return s.equals("<empty>") ? "" : s.replace("\\r", "\r").replace("\\n", "\n");
    }

    @Test
    void theSummarySaysWhetherTheFileWasCreatedAndCountsAnUnfinishedLastLine() {
        ToolResult r = writeFile("new.txt", "a\nb");
        assertThat(r.output()).isEqualTo("Created new.txt (2 lines).");
        assertThat(r.summary()).isEqualTo("created, 2 lines");
        assertThat(writeFile("new.txt", "a\n").summary()).isEqualTo("overwrote, 1 lines");
        assertThat(writeFile("empty.txt", "").summary()).isEqualTo("created, 0 lines");
    }

    @Test
    void overABinaryOrNonUtf8FileTheModelsContentIsWrittenAsGiven() throws IOException {
        Files.write(ws.resolve("bin"), new byte[] {0, '\r', '\n'});
        Files.write(ws.resolve("latin1"), new byte[] {(byte) 0xE9, '\r', '\n'});
        assertThat(writeFile("bin", "x\ny").error()).isFalse();
        assertThat(writeFile("latin1", "x\ny").error()).isFalse();
        assertThat(bytes("bin")).isEqualTo(utf8("x\ny"));
        assertThat(bytes("latin1")).isEqualTo(utf8("x\ny"));
    }

    @Test
    void aFileChangedOnDiskSinceTheModelReadItIsNotOverwritten() throws IOException {
        Path f = Files.writeString(ws.resolve("f"), "mine\n");
        tools.call("read_file", "{\"file_path\":\"f\"}");
        Files.writeString(f, "user\n"); // same size
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().plusSeconds(7)));
        ToolResult r = writeFile("f", "model\n");
        assertThat(r.output()).isEqualTo("f changed on disk since you last read it (modified by someone or something else). "
                + "Read it again with read_file, then redo the change.");
        assertThat(Files.readString(f)).isEqualTo("user\n");
        tools.call("read_file", "{\"file_path\":\"f\"}");
        assertThat(writeFile("f", "model\n").error()).isFalse();
        assertThat(writeFile("f", "again\n").error()).as("its own write is remembered").isFalse();
    }

    @Test
    void stampsNoticeAChangeOfSizeAloneOrOfTimeAloneAndADeletion() throws Exception {
        FileStamps stamps = new FileStamps();
        Path f = Files.writeString(ws.resolve("f"), "abc");
        FileTime t = FileTime.from(Instant.parse("2026-01-01T10:00:00.000001Z"));
        Files.setLastModifiedTime(f, t);
        stamps.record(f);
        stamps.checkUnchanged(f, "f");
        Files.writeString(f, "abcd");
        Files.setLastModifiedTime(f, t);
        assertThatThrownBy(() -> stamps.checkUnchanged(f, "f")).hasMessageStartingWith("f changed on disk since you last read it");
        Files.writeString(f, "abc");
        Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2026-01-01T10:00:01.000001Z")));
        assertThatThrownBy(() -> stamps.checkUnchanged(f, "f")).hasMessageStartingWith("f changed on disk");
        Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2026-01-01T10:00:00.000002Z")));
        assertThatThrownBy(() -> stamps.checkUnchanged(f, "f")).hasMessageStartingWith("f changed on disk");
        Files.setLastModifiedTime(f, t);
        stamps.checkUnchanged(f, "f");
        Files.delete(f);
        assertThatThrownBy(() -> stamps.checkUnchanged(f, "f"))
                .hasMessage("f was deleted since you last read it. Check with read_file or glob before writing it again.");
        stamps.record(f); // a missing file leaves the old stamp in place
        assertThatThrownBy(() -> stamps.checkUnchanged(f, "f")).hasMessageStartingWith("f was deleted");
        stamps.checkUnchanged(ws.resolve("never-seen"), "never-seen");
    }

    @Test
    void aPatchAnswersWithOneLinePerFileAndTheCounts() throws IOException {
        Files.writeString(ws.resolve("m.txt"), "a\nb\nc\n");
        Files.writeString(ws.resolve("gone.txt"), "x\n");
        ToolResult r = patch("*** Begin Patch\n*** Update File: m.txt\n@@\n a\n-b\n+B\n+B2\n*** Delete File: gone.txt\n*** Add File: n.txt\n+1\n+2\n"
                + "*** Add File: empty.txt\n*** End Patch");
        assertThat(r.output()).isEqualTo("Applied the patch (4 files):\nM m.txt (+2 \u22121)\nD gone.txt\nA n.txt (+2)\nA empty.txt (+0)\n");
        assertThat(r.summary()).isEqualTo("+4 \u22121");
        assertThat(bytes("m.txt")).isEqualTo(utf8("a\nB\nB2\nc\n"));
        assertThat(bytes("n.txt")).isEqualTo(utf8("1\n2\n"));
        assertThat(bytes("empty.txt")).isEmpty();
        assertThat(ws.resolve("gone.txt")).doesNotExist();
        r = patch("*** Begin Patch\n*** Update File: m.txt\n*** Move to: sub/moved.txt\n@@\n-c\n*** End Patch");
        assertThat(r.output()).isEqualTo("Applied the patch (1 file):\nR m.txt -> sub/moved.txt (+0 \u22121)\n");
    }

    @Test
    void aPatchKeepsAByteOrderMarkWindowsLineEndsAndAMissingFinalNewline() throws IOException {
        byte[] bom = TestBytes.BOM;
        Files.write(ws.resolve("w.txt"), concat(bom, utf8("a\r\nb\r\nc")));
        ToolResult r = patch("*** Begin Patch\n*** Update File: w.txt\n@@\n a\n-b\n+B\n*** End Patch");
        assertThat(r.error()).as(r.output()).isFalse();
        assertThat(bytes("w.txt")).isEqualTo(concat(bom, utf8("a\r\nB\r\nc")));
        patch("*** Begin Patch\n*** Update File: w.txt\n@@\n-a\n-B\n-c\n*** End Patch");
        assertThat(bytes("w.txt")).isEqualTo(bom);
    }

    @Test
    void aMovedFileKeepsItsPermissions() throws IOException {
        Path script = Files.writeString(ws.resolve("run.sh"), "echo hi\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
        ToolResult r = patch("*** Begin Patch\n*** Update File: run.sh\n*** Move to: bin/run.sh\n*** End Patch");
        assertThat(r.output()).isEqualTo("Applied the patch (1 file):\nR run.sh -> bin/run.sh (+0 \u22120)\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ws.resolve("bin/run.sh")))).isEqualTo("rwxr-x---");
        assertThat(Files.readString(ws.resolve("bin/run.sh"))).isEqualTo("echo hi\n");
        assertThat(script).doesNotExist();
    }

    @Test
    void aWriteThatFailsHalfwayPutsBackEveryFileItHadChanged() throws IOException {
        Files.writeString(ws.resolve("m.txt"), "keep me\n");
        Files.writeString(ws.resolve("d.txt"), "delete me\n");
        Files.writeString(ws.resolve("blocker"), "a file where a folder is needed\n");
        String before = TreeHash.of(ws);
        ToolResult r = patch("*** Begin Patch\n*** Update File: m.txt\n@@\n-keep me\n+changed\n*** Delete File: d.txt\n*** Add File: new.txt\n+n\n"
                + "*** Add File: blocker/x.txt\n+x\n*** End Patch");
        assertThat(r.error()).isTrue();
        assertThat(r.output()).startsWith("Writing the patch failed (").endsWith("); every file was put back as it was.");
        assertThat(TreeHash.of(ws)).isEqualTo(before);
        assertThat(Files.readString(ws.resolve("m.txt"))).isEqualTo("keep me\n");
        assertThat(Files.readString(ws.resolve("d.txt"))).isEqualTo("delete me\n");
        assertThat(ws.resolve("new.txt")).doesNotExist();
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "*** Begin Patch\\n*** Add File: old.txt\\n+x\\n*** End Patch|old.txt already exists; use '*** Update File: old.txt' to change it.",
        "*** Begin Patch\\n*** Delete File: d\\n*** End Patch|d is a directory, not a file.",
        "*** Begin Patch\\n*** Delete File: none\\n*** End Patch|File not found: none. To create it, use '*** Add File: none'.",
        "*** Begin Patch\\n*** Update File: old.txt\\n*** Move to: other.txt\\n*** End Patch|Cannot move old.txt to other.txt: it already exists.",
        "*** Begin Patch\\n*** Update File: old.txt\\n*** Move to: old.txt\\n*** End Patch|old.txt appears more than once in the patch; put all changes to a file in one section.",
        "*** Begin Patch\\n*** Delete File: other.txt\\n*** Update File: old.txt\\n*** Move to: other.txt\\n*** End Patch|other.txt appears more than once in the patch; put all changes to a file in one section.",
    })
    void refusedPatchesSayWhyInOneSentenceAndChangeNothing(String body, String message) throws IOException {
        Files.writeString(ws.resolve("old.txt"), "x\n");
        Files.writeString(ws.resolve("other.txt"), "y\n");
        Files.createDirectories(ws.resolve("d"));
        String before = TreeHash.of(tmp);
        ToolResult r = patch(body.replace("\\n", "\n"));
        assertThat(r.output()).isEqualTo(message);
        assertThat(TreeHash.of(tmp)).isEqualTo(before);
    }

    @Test
    void theApprovalSeesEveryPathThePatchTouches() throws Exception {
        ApprovalPolicy.Action a = new ApplyPatchTool().action(ToolHarness.JSON.readTree(ToolHarness.JSON.writeValueAsString(java.util.Map.of("patch",
                "*** Begin Patch\n*** Add File: a.txt\n+x\n*** Delete File: sub/../b.txt\n*** Update File: c.txt\n*** Move to: d/e.txt\n"
                        + "@@\n-x\n+*** Add File: not-a-section\n*** End Patch"))), ws);
        assertThat(a.tool()).isEqualTo("apply_patch");
        assertThat(a.kind()).isEqualTo(ApprovalPolicy.Kind.EDIT);
        assertThat(a.subjects()).containsExactly("a.txt", "b.txt", "c.txt", "d/e.txt");
    }
}
