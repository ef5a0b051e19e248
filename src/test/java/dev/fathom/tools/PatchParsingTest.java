package dev.fathom.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How a model's {@code *** Begin Patch} text is read: what each section becomes, and the exact message for each mistake. */
class PatchParsingTest {

    @Test
    void eachSectionBecomesOneOperationWithItsLinesAsWritten() throws ToolException {
        List<Patch.Op> ops = Patch.parse("""
                *** Begin Patch
                *** Add File: docs/new.md
                +# New
                +
                *** Delete File:   old.txt  \s

                *** Update File: app.py
                *** Move to: src/app.py
                @@ def greet(): @@
                 def greet():
                -    return 'hi'
                +    return 'hello'

                @@
                -last
                +LAST
                *** End of File
                *** End Patch
                """);
        assertThat(ops).containsExactly(
                new Patch.Add("docs/new.md", List.of("# New", "")),
                new Patch.Delete("old.txt"),
                new Patch.Update("app.py", "src/app.py", List.of(
                        new Patch.Hunk("def greet():", List.of(" def greet():", "-    return 'hi'", "+    return 'hello'", " "), false),
                        new Patch.Hunk("", List.of("-last", "+LAST"), true))));
    }

    @Test
    void codeFencesBlankLinesAndWindowsLineEndsAroundTheEnvelopeAreIgnored() throws ToolException {
        String text = "\n```diff\n  *** Begin Patch  \r\n*** Delete File: a\r\n\r\n*** Delete File: b\r\n *** End Patch \n```\n\n";
        assertThat(Patch.parse(text)).containsExactly(new Patch.Delete("a"), new Patch.Delete("b"));
    }

    @Test
    void anIndentedEndLineAfterAnAddedFileEndsThePatchAndIsNotContent() throws ToolException {
        assertThat(Patch.parse("*** Begin Patch\n*** Add File: a\n+x\n  *** End Patch"))
                .containsExactly(new Patch.Add("a", List.of("x")));
    }

    @Test
    void aMoveWithoutHunksIsARename() throws ToolException {
        assertThat(Patch.parse("*** Begin Patch\n*** Update File: a\n*** Move to: b\n*** End Patch"))
                .containsExactly(new Patch.Update("a", "b", List.of()));
    }

    @Test
    void anAddedFileMayBeEmptyAndIsFollowedByTheNextSection() throws ToolException {
        assertThat(Patch.parse("*** Begin Patch\n*** Add File: empty\n*** Add File: one\n+x\n*** End Patch"))
                .containsExactly(new Patch.Add("empty", List.of()), new Patch.Add("one", List.of("x")));
    }

    @Test
    void theOldLinesOfAHunkAreItsContextAndRemovedLinesWithoutTheirSign() {
        Patch.Hunk h = new Patch.Hunk("", List.of(" keep", "-drop", "+add", " "), false);
        assertThat(h.oldLines()).containsExactly("keep", "drop", "");
    }

    @Test
    void hunksAfterAnEndOfFileMarkerAreNotAtTheEnd() throws ToolException {
        List<Patch.Op> ops = Patch.parse("*** Begin Patch\n*** Update File: f\n@@\n-a\n+b\n*** End of File\n@@ x\n-c\n+d\n*** End Patch");
        assertThat(((Patch.Update) ops.get(0)).hunks()).extracting(Patch.Hunk::atEndOfFile).containsExactly(true, false);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "''|The patch must start with a line '*** Begin Patch'.",
        "*** Update File: a|The patch must start with a line '*** Begin Patch'.",
        "*** Begin Patch\\n*** Delete File: a|The patch must end with a line '*** End Patch'.",
        "*** Begin Patch\\n\\n*** End Patch|The patch changes no file.",
        "*** Begin Patch\\n*** Add File: n.txt\\n+ok\\nno plus\\n*** End Patch|Line 4: in '*** Add File: n.txt' every line must start with '+'.",
        "*** Begin Patch\\n*** Delete File: a\\nrandom text\\n*** End Patch|Line 3: expected '*** Add File:', '*** Delete File:' or '*** Update File:', got 'random text'.",
        "*** Begin Patch\\n*** Add File:  \\n+x\\n*** End Patch|Line 2: '*** Add File:' needs a file path.",
        "*** Begin Patch\\n*** Delete File: \\n*** End Patch|Line 2: '*** Delete File:' needs a file path.",
        "*** Begin Patch\\n*** Update File: a\\n*** Move to: \\n*** End Patch|Line 3: '*** Move to:' needs a file path.",
        "*** Begin Patch\\n*** Update File: app.py\\n*** End Patch|'*** Update File: app.py' has no hunks; add @@ hunks with the lines to change.",
        "*** Begin Patch\\n*** Update File: app.py\\n@@ main\\n keep\\n*** End Patch|A hunk of app.py (@@ main) has no '+' or '-' lines; remove it or add the change.",
        "*** Begin Patch\\n*** Update File: app.py\\n@@\\n keep\\n*** End Patch|A hunk of app.py has no '+' or '-' lines; remove it or add the change.",
        "*** Begin Patch\\n*** Update File: app.py\\n keep\\n@@\\n-a\\n*** End Patch|A hunk of app.py has no '+' or '-' lines; remove it or add the change.",
        "*** Begin Patch\\n*** Update File: app.py\\n@@ one\\n-a\\n@@ two\\n*** End Patch|A hunk of app.py (@@ two) has no '+' or '-' lines; remove it or add the change.",
        "*** Begin Patch\\n*** Update File: app.py\\n@@\\n-a\\n*oops\\n*** End Patch|Line 5: in the update of app.py, hunk lines must start with ' ' (context), '-' (remove) or '+' (add); got '*oops'.",
    })
    void malformedPatchesGetAMessageNamingTheLineAndTheFix(String patch, String message) {
        assertThatThrownBy(() -> Patch.parse(patch.replace("\\n", "\n"))).isInstanceOf(ToolException.class).hasMessage(message);
    }

    @Test
    void longLinesAreQuotedUpToSixtyCharacters() {
        String sixty = "x".repeat(60);
        assertThat(Patch.abbreviate(sixty)).isEqualTo(sixty);
        assertThat(Patch.abbreviate(sixty + "y")).isEqualTo(sixty + "…");
        assertThatThrownBy(() -> Patch.parse("*** Begin Patch\n" + sixty + "yz\n*** End Patch"))
                .hasMessage("Line 2: expected '*** Add File:', '*** Delete File:' or '*** Update File:', got '" + sixty + "…'.");
    }
}
