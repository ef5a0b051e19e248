package dev.fathom.safety;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Fathom's one glob dialect. */
class GlobTest {
    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @CsvSource({
            "*.java, A.java, true", "*.java, src/main/A.java, true", "*.java, A.javax, false",
            "src/*.java, src/A.java, true", "src/*.java, src/x/A.java, false", "/A.java, A.java, true", "/A.java, src/A.java, false",
            "src/**, src/x/y/A.java, true", "**/test/*.py, test/a.py, true", "**/test/*.py, x/test/a.py, true",
            "src/**/A.java, src/A.java, true", "src/**/A.java, src/a/b/A.java, true",
            "?.txt, a.txt, true", "?.txt, ab.txt, false", "[ab].txt, b.txt, true", "[!ab].txt, b.txt, false", "[!ab].txt, c.txt, true",
            "'*.{ts,tsx}', ui/App.tsx, true", "'*.{ts,tsx}', ui/App.js, false", "a+b.txt, a+b.txt, true", "a+b.txt, aab.txt, false",
            "secret/**, secret/k.pem, true", "secret/**, public/secret/k.pem, false"})
    void matches(String glob, String path, boolean expected) {
        assertThat(Glob.path(glob).matcher(path).matches()).isEqualTo(expected);
    }
}
