package dev.fathom.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownTableTest {
    @Test
    void alignsColumnsWideCharactersIncluded() {
        String out = MarkdownTable.render(List.of("| tool | time |", "|---|--:|", "| grep | 258 ms |", "| 编辑 | 1 s |"), false);
        assertThat(out).isEqualTo("tool \u2502 time\n"
                + "\u2500\u2500\u2500\u2500\u2500\u253c\u2500\u2500\u2500\u2500\u2500\u2500\u2500\n"
                + "grep \u2502 258 ms\n"
                + "编辑 \u2502 1 s\n");
        assertThat(MarkdownTable.width("编辑")).isEqualTo(4);
        assertThat(MarkdownTable.isRow("| a | b |")).isTrue();
        assertThat(MarkdownTable.isRow("a | b")).isFalse();
    }

    @Test
    void escapedPipesStayInTheirCell() {
        assertThat(MarkdownTable.render(List.of("| a \\| b | c |"), false)).isEqualTo("a | b \u2502 c\n");
    }

    @Test
    void inlineMarkupIsStyledAndMeasuredWithoutItsMarkers() {
        String out = MarkdownTable.render(List.of("| file | note |", "|---|---|", "| `App.java` | **bold** |", "| a | b |"), true);
        String plain = out.replaceAll("\u001b\\[[0-9;]*m", "");
        assertThat(plain).isEqualTo("file     \u2502 note\n\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u253c\u2500\u2500\u2500\u2500\u2500\n"
                + "App.java \u2502 bold\na        \u2502 b\n");
        assertThat(out).contains("\u001b[36mApp.java\u001b[0m", "\u001b[1mbold\u001b[0m");
    }
}
