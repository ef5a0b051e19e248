package dev.fathom.tools;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A section header that ends at its colon (no space, no path) is still that header: the model is told the path is
 * missing, never that the header it wrote was expected.
 */
class PatchHeaderWithoutPathTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "*** Begin Patch\\n*** Delete File:\\n*** End Patch|Line 2: '*** Delete File:' needs a file path.",
        "*** Begin Patch\\n*** Delete File:\\t\\n*** End Patch|Line 2: '*** Delete File:' needs a file path.",
        "*** Begin Patch\\n*** Add File:\\n+x\\n*** End Patch|Line 2: '*** Add File:' needs a file path.",
        "*** Begin Patch\\n*** Update File:\\n@@\\n-a\\n+b\\n*** End Patch|Line 2: '*** Update File:' needs a file path.",
        "*** Begin Patch\\n*** Update File: a\\n*** Move to:\\n@@\\n-a\\n+b\\n*** End Patch|Line 3: '*** Move to:' needs a file path.",
    })
    void aHeaderWithNothingAfterItsColonIsToldItNeedsAPath(String patch, String message) {
        assertThatThrownBy(() -> Patch.parse(patch.replace("\\n", "\n").replace("\\t", "\t"))).isInstanceOf(ToolException.class).hasMessage(message);
    }
}
