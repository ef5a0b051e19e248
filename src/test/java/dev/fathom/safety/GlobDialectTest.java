package dev.fathom.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The edges of Fathom's glob dialect, which decides what a permission rule such as {@code edit_file(secret/**)}
 * covers: a class is a class (also with the characters Java's regex would read as operators), a brace or comma outside
 * alternatives is a character, an escaped star is a star, and git's dialect has no alternatives.
 */
class GlobDialectTest {
    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @CsvSource(delimiterString = " | ", quoteCharacter = '"', value = {
        "src/* | src/a/b | false", "a?b | a/b | false", "a?b | axb | true", "src/**.java | src/a/B.java | true", "a**b | a/x/b | true",
        "[a-c].txt | b.txt | true", "[a-c].txt | d.txt | false", "[!a-c].txt | d.txt | true", "[!a-c].txt | b.txt | false",
        "[a^].txt | ^.txt | true", "[a&&b].txt | &.txt | true", "[[].txt | [.txt | true", "[\\].txt | \\.txt | true",
        "{a,{b,c}}.txt | c.txt | true", "{a,{b,c}}.txt | d.txt | false", "a}b | a}b | true", "a,b | a,b | true", "{a,b}c,d | bc,d | true",
        "\\*.txt | *.txt | true", "\\*.txt | a.txt | false", "a\\ | a\\ | true", "src/A.java | x/src/A.java | false",
        "A.java | x/y/A.java | true", "a.b | axb | false", "/src/*.java | src/A.java | true", "**/x | x | true", "**/x | a/b/x | true",
    })
    void matches(String glob, String path, boolean expected) {
        assertThat(Glob.path(glob).matcher(path).matches()).isEqualTo(expected);
    }

    @Test
    void gitsDialectHasNoAlternatives() {
        Pattern git = Pattern.compile(Glob.anchoredRegex("*.{ts,tsx}", false));
        assertThat(git.matcher("a.{ts,tsx}").matches()).isTrue();
        assertThat(git.matcher("a.ts").matches()).isFalse();
        assertThat(Glob.regex("*", true)).isEqualTo("[^/]*");
    }

    @Test
    void anUnclosedClassOrBraceIsABadGlobThatSaysWhy() {
        assertThatThrownBy(() -> Glob.path("a[b")).hasMessage("unclosed [ in glob 'a[b'");
        assertThatThrownBy(() -> Glob.path("[]")).hasMessage("unclosed [ in glob '[]'");
        assertThatThrownBy(() -> Glob.path("{a,b")).hasMessage("unclosed { in glob '{a,b'");
        assertThatThrownBy(() -> Glob.path("{a,{b}")).hasMessage("unclosed { in glob '{a,{b}'");
    }
}
