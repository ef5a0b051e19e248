package dev.fathom.fix;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reducer on real outputs (src/test/resources/failures/, see its README): what must reach the model and what must
 * not, per file. The raw and sent sizes are printed as a table.
 */
class FailureCorpusTest {
    /** The folder the outputs were made in, as written in the committed files. */
    static final String GENERATED_IN = "/home/runner/work/shop/shop";
    static final StringBuilder TABLE = new StringBuilder();

    @TempDir
    Path ws;

    String reduce(String name) throws IOException {
        byte[] bytes;
        try (InputStream in = getClass().getResourceAsStream("/failures/" + name)) {
            bytes = in.readAllBytes();
        }
        String raw = new String(bytes, StandardCharsets.UTF_8).replace(GENERATED_IN, ws.toString());
        String sent = new FailureReducer(ws, FailureReducer.DEFAULT_BUDGET_CHARS).reduce(raw);
        TABLE.append(String.format("| %-26s | %,8d | %,7d | %5.1f%% |%n", name, bytes.length, sent.length(), 100.0 * sent.length() / bytes.length));
        if (System.getenv("FATHOM_PRINT_REDUCED") != null) {
            System.out.println("===== " + name + "\n" + sent);
        }
        assertThat(sent.length()).isLessThanOrEqualTo(FailureReducer.DEFAULT_BUDGET_CHARS + 200);
        assertThat(sent).doesNotContain("\u001B[");
        return sent;
    }

    void javaSources(String... paths) throws IOException {
        for (String p : paths) {
            Files.createDirectories(ws.resolve(p).getParent());
            Files.writeString(ws.resolve(p), "");
        }
    }

    @AfterAll
    static void printTable() {
        System.out.print("| output | raw bytes | sent chars | sent/raw |\n|---|---:|---:|---:|\n" + TABLE);
    }

    @Test
    void mavenJunit() throws IOException {
        javaSources("src/main/java/com/acme/shop/Pager.java", "src/test/java/com/acme/shop/PagerTest.java");
        String s = reduce("maven-junit.txt");
        assertThat(s).contains("PagerTest.lastItem", "ArrayIndexOutOfBoundsException: Index 100 out of bounds for length 100",
                "at com.acme.shop.Pager.last(Pager.java:14)", "NullPointerException", "at com.acme.shop.Pager.price(Pager.java:18)",
                "NumberFormatException: For input string: \"12 items\"", "at com.acme.shop.Pager.parseSize(Pager.java:22)",
                "expected: <1> but was: <0>", "in 19 more", "Tests run: 33, Failures: 20, Errors: 3", "BUILD FAILURE")
                .doesNotContain("ImmutableCollections", "Integer.parseInt(Integer.java", "Assertions.assertEquals(", "pageHasSize(int)[7]",
                        "unexpectedSizesAreAccepted", "Scanning for projects");
    }

    @Test
    void mavenCompile() throws IOException {
        String s = reduce("maven-compile.txt");
        assertThat(s).contains("Pager.java:[18,32] cannot find symbol", "Pager.java:[22,16] cannot find symbol",
                "Pager.java:[26,16] cannot find symbol", "symbol:   variable intValue", "BUILD FAILURE")
                .doesNotContain("To see the full stack trace", "[Help 1]", "Scanning for projects");
        assertThat(s.split("\\[18,32\\]", -1)).as("printed twice by Maven, sent once").hasSize(2);
    }

    @Test
    void javac() throws IOException {
        String s = reduce("javac.txt");
        assertThat(s).contains("Pager.java:18: error: cannot find symbol", "Pager.java:22: error", "Pager.java:26: error",
                "return prices.get(name).intValue;", "symbol:   variable intValue", "3 errors");
    }

    @Test
    void pythonUnittest() throws IOException {
        String s = reduce("python-unittest.txt");
        assertThat(s).contains("TypeError: can only concatenate str (not \"int\") to str", "IndexError: list index out of range",
                "KeyError: 'kiwi'", "json.decoder.JSONDecodeError: Expecting value", "AssertionError: 0 != 1", "shop/cart.py\", line 13, in last",
                "return self.items[len(self.items)]", "shop/cart.py\", line 22, in load", "in 39 more", "FAILED (failures=40, errors=4)")
                .doesNotContain("json/decoder.py", "json/__init__.py", "raw_decode", "test_unexpected_input_is_rejected",
                        "test_unexpected_quantity", "AssertionError: 7 != 8");
    }

    @Test
    void pytest() throws IOException {
        String s = reduce("pytest.txt");
        assertThat(s).contains("CartTest.test_discount_number", "E       TypeError: can only concatenate str", "E       IndexError: list index out of range",
                "E   KeyError: 'kiwi'", "JSONDecodeError: Expecting value", "shop/cart.py:23: in load", "data = json.loads(text)",
                "shop/cart.py:14: IndexError", "test_page_size[1]", "E       assert 0 == 1", "in 39 more", "44 failed, 41 passed")
                .doesNotContain("json/__init__.py", "json/decoder.py:337", "assert 7 == 8", "test_page_size[9] - ", "test_unexpected");
    }

    @Test
    void nodeTest() throws IOException {
        String s = reduce("node-test.txt");
        assertThat(s).contains("not ok 3 - title of a post without meta", "Cannot read properties of undefined (reading 'title')",
                "name: 'TypeError'", "titleOf (file://" , "src/slug.js:10:20", "not ok 4 - truncate keeps 1 chars", "0 !== 1", "in 29 more",
                "# fail 31")
                .doesNotContain("node:internal", "node:async_hooks", "unexpected width 1 is fine", "slugify rejects", "duration_ms: 0.", "7 !== 8");
    }

    @Test
    void vitest() throws IOException {
        String s = reduce("vitest.txt");
        assertThat(s).contains("FAIL  test/slug.test.js > slug > title of a post without meta",
                "TypeError: Cannot read properties of undefined (reading 'title')", "❯ titleOf src/slug.js:10:20",
                "return post.meta.title.toUpperCase();", "AssertionError: expected '' to have a length of 1 but got +0", "❯ test/slug.test.js:16:67",
                "in 29 more", "Tests  31 failed | 32 passed (63)")
                .doesNotContain("unexpected width 1 is fine", "slugify joins words", "slugify rejects", "truncate keeps 17 chars", "length of 9 but got 8");
    }

    @Test
    void jest() throws IOException {
        String s = reduce("jest.txt");
        assertThat(s).contains("● slug › title of a post without meta", "TypeError: Cannot read properties of undefined (reading 'title')",
                "at title (src/slug.js:10:20)", "> 10 |   return post.meta.title.toUpperCase();", "● slug › truncate keeps 1 chars",
                "Expected length: 1", "Received length: 0", "at Object.toHaveLength (test/slug.test.js:15:67)", "in 29 more")
                .doesNotContain("unexpected width 1 is fine", "slugify joins words", "● slug › truncate keeps 9 chars", "Expected length: 9");
    }

    @Test
    void mocha() throws IOException {
        String s = reduce("mocha.txt");
        assertThat(s).contains("title of a post without meta:", "TypeError: Cannot read properties of undefined (reading 'title')",
                "at titleOf (src/slug.js:10:20)", "AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:", "0 !== 1",
                "at Context.<anonymous> (test/slug.test.js:16:14)", "in 29 more", "31 failing")
                .doesNotContain("node:internal", "unexpected width 1 is fine", "slugify joins words", "7 !== 8");
    }

    @Test
    void tsc() throws IOException {
        String s = reduce("tsc.txt");
        assertThat(s).contains("src/cart.ts:4:51 - error TS2551: Property 'prise' does not exist on type 'Item'. Did you mean 'price'?",
                "src/cart.ts:8:9 - error TS2322", "src/cart.ts:13:3 - error TS2322", "src/page.ts:4:3 - error TS2322",
                "src/page.ts:4:38 - error TS2554: Expected 1 arguments, but got 2.", "const n: number = item.name;", "Found 5 errors in 2 files.");
    }

    @Test
    void cargo() throws IOException {
        String s = reduce("cargo-test.txt");
        assertThat(s).contains("---- tests::cap_01 stdout ----", "panicked at src/lib.rs:74:5:", "assertion `left == right` failed: ring of 1 keeps 1",
                "left: 2", "right: 1", "at ./src/lib.rs:70:17", "in 19 more", "---- tests::last_is_newest stdout ----",
                "index out of bounds: the len is 1 but the index is 1", "ringbuf::Ring::last", "at ./src/lib.rs:19:19",
                "ParseIntError { kind: InvalidDigit }", "test result: FAILED. 1 passed; 23 failed")
                .doesNotContain("/rustc/", "rust_begin_unwind", "core::panicking::panic_fmt", "unexpected_values_are_pushed",
                        "ring of 7 keeps 7", "---- tests::cap_09 stdout ----");
    }

    @Test
    void go() throws IOException {
        String s = reduce("go-test.txt");
        assertThat(s).contains("--- FAIL: TestLastItem", "panic: runtime error: index out of range [1] with length 1",
                "example.com/shop/cart.(*Cart).Last(...)", "cart/cart.go:15", "cart/cart_test.go:17", "--- FAIL: TestPageSize/size_1 (0.00s)",
                "page_test.go:18: Page(items, 1) returned 0 items, want 1  [and 39 more like it]", "ParsePrice(\"3,50\"): strconv.ParseFloat",
                "report/report.go:7:22: undefined: formatTotal", "report/report.go:16:22: cannot use total", "FAIL\texample.com/shop/report [build failed]")
                .doesNotContain("/usr/lib/go-1.19/src/testing/testing.go", "TestUnexpectedWidth", "TestUnexpectedInputIsRejected", "returned 7 items",
                        "=== PAUSE", "=== CONT", "--- PASS");
    }

    @Test
    void gradle() throws IOException {
        javaSources("src/main/java/com/acme/shop/Pager.java", "src/test/java/com/acme/shop/PagerTest.java");
        String s = reduce("gradle-test.txt");
        assertThat(s).contains("PagerTest > lastItem FAILED", "ArrayIndexOutOfBoundsException: Index 100 out of bounds for length 100",
                "at com.acme.shop.Pager.last(Pager.java:14)", "NullPointerException", "at com.acme.shop.Pager.price(Pager.java:18)",
                "NumberFormatException: For input string: \"12 items\"", "at com.acme.shop.Pager.parseSize(Pager.java:22)",
                "expected:<1> but was:<0>", "in 19 more", "24 tests completed, 23 failed", "Execution failed for task ':test'.")
                .doesNotContain("org.junit.Assert.fail", "Integer.parseInt(Integer.java", "unexpectedSizesAreAccepted", "expected:<7>",
                        "System::setSecurityManager", "Run with --stacktrace", "Get more help at", "actionable tasks");
    }
}
