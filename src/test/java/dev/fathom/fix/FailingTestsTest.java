package dev.fathom.fix;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The failing tests' names the report lists before and after each attempt, read from the real outputs of the corpus
 * (src/test/resources/failures/): each failure once, its runner's decoration removed, a runner's summary not counted.
 */
class FailingTestsTest {
    @TempDir
    Path ws;

    List<String> names(String file) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/failures/" + file)) {
            return new FailureReducer(ws, FailureReducer.DEFAULT_BUDGET_CHARS).failingTests(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void junitUnderSurefire() throws IOException {
        assertThat(names("maven-junit.txt")).hasSize(23).startsWith("com.acme.shop.PagerTest.lastItem",
                "com.acme.shop.PagerTest.priceOfUnknownItemIsZero", "com.acme.shop.PagerTest.parsesSize")
                .contains("com.acme.shop.PagerTest.pageHasSize(int)[20]").doesNotHaveDuplicates();
    }

    @Test
    void junitUnderGradle() throws IOException {
        assertThat(names("gradle-test.txt")).hasSize(23).startsWith("com.acme.shop.PagerTest$PageSizeTest > pageHasSize[1]")
                .contains("com.acme.shop.PagerTest > lastItem", "com.acme.shop.PagerTest > parsesSize").doesNotHaveDuplicates();
    }

    @Test
    void vitestJestMochaAndNodeTest() throws IOException {
        assertThat(names("vitest.txt")).hasSize(31).startsWith("test/slug.test.js > slug > title of a post without meta")
                .contains("test/slug.test.js > slug > truncate keeps 30 chars");
        assertThat(names("jest.txt")).hasSize(31).startsWith("slug › title of a post without meta");
        assertThat(names("mocha.txt")).as("the numbered listing and the '31 failing' summary are not failures").hasSize(31)
                .startsWith("slug title of a post without meta", "slug truncate keeps 1 chars").contains("slug truncate keeps 30 chars");
        assertThat(names("node-test.txt")).hasSize(31).startsWith("title of a post without meta");
    }

    @Test
    void pytestAndUnittest() throws IOException {
        assertThat(names("pytest.txt")).hasSize(44).startsWith("CartTest.test_discount_number").contains("test_page_size[40]");
        assertThat(names("python-unittest.txt")).hasSize(44)
                .startsWith("test_discount_number (tests.test_cart.CartTest.test_discount_number)");
    }

    @Test
    void goAndCargo() throws IOException {
        assertThat(names("go-test.txt")).as("parallel subtests: their logs come before the '--- FAIL' lines").hasSize(42)
                .startsWith("TestLastItem", "TestPageSize/size_1").contains("TestPageSize/size_40", "TestParsePrice").doesNotContain("TestPageSize")
                .allMatch(n -> !n.contains("(0.00s)") && !n.startsWith("---"));
        assertThat(names("cargo-test.txt")).hasSize(23).contains("tests::cap_01", "tests::parses_capacity").allMatch(n -> !n.contains("stdout"));
    }

    @Test
    void compilerErrorsAreNoTestNames() throws IOException {
        assertThat(names("javac.txt")).isEmpty();
        assertThat(names("tsc.txt")).isEmpty();
        assertThat(names("maven-compile.txt")).isEmpty();
    }
}
