package dev.fathom.ui;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the code highlighter needs to know about a language family: its keywords, how its comments and strings are
 * written. A fence's info string ({@code ```py}) is looked up by its common names; anything else is shown plain.
 *
 * @param keywords words shown as keywords
 * @param lineComment what starts a comment to the end of the line, or null
 * @param hashAfterSpace whether {@code #} starts a comment only at the start of a word (shell, YAML: {@code $#} is not one)
 * @param blockComments whether {@code /* *\/} comments exist
 * @param quotes the characters that open a string on one line
 * @param tripleQuotes whether {@code """} (and {@code '''} where {@code '} is a quote) opens a string that spans lines
 * @param backtickSpansLines whether {@code `} opens a string that spans lines (Go raw strings, JavaScript templates)
 * @param types whether capitalised names are shown as types
 * @param kind the few languages read line by line rather than token by token
 */
record CodeLanguage(Set<String> keywords, String lineComment, boolean hashAfterSpace, boolean blockComments, String quotes,
        boolean tripleQuotes, boolean backtickSpansLines, boolean types, Kind kind) {

    enum Kind { CODE, JSON, YAML, DIFF, C, RUST, SHELL }

    private static final CodeLanguage JAVA = cLike(Kind.CODE, true, "abstract assert boolean break byte case catch char class const"
            + " continue default do double else enum extends final finally float for goto if implements import instanceof int interface"
            + " long native new package private protected public record return sealed permits short static strictfp super switch"
            + " synchronized this throw throws transient try var void volatile while yield true false null");
    private static final CodeLanguage KOTLIN = cLike(Kind.CODE, true, "as break class continue do else false for fun if in interface is"
            + " null object package return super this throw true try typealias typeof val var when while by catch constructor"
            + " data enum finally get import init internal lateinit open override private protected public sealed set companion"
            + " suspend inline reified const");
    private static final CodeLanguage JAVASCRIPT = new CodeLanguage(words("async await break case catch class const continue debugger"
            + " default delete do else export extends false finally for from function if import in instanceof let new null of"
            + " return static super switch this throw true try typeof undefined var void while yield interface type enum"
            + " implements private public protected readonly as keyof namespace declare abstract"), "//", false, true, "\"'", false,
            true, true, Kind.CODE);
    private static final CodeLanguage GO = new CodeLanguage(words("break case chan const continue default defer else fallthrough for"
            + " func go goto if import interface map package range return select struct switch type var true false nil iota"),
            "//", false, true, "\"'", false, true, false, Kind.CODE);
    private static final CodeLanguage RUST = cLike(Kind.RUST, true, "as async await break const continue crate dyn else enum extern"
            + " false fn for if impl in let loop match mod move mut pub ref return self Self static struct super trait true type"
            + " unsafe use where while Some None Ok Err");
    private static final CodeLanguage C = cLike(Kind.C, false, "auto break case char const continue default do double else enum extern"
            + " float for goto if inline int long register restrict return short signed sizeof static struct switch typedef union"
            + " unsigned void volatile while bool true false nullptr NULL class namespace template typename public private"
            + " protected virtual override new delete this using try catch throw const_cast static_cast dynamic_cast"
            + " reinterpret_cast constexpr noexcept operator friend explicit auto std");
    private static final CodeLanguage PYTHON = new CodeLanguage(words("False None True and as assert async await break class continue"
            + " def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while"
            + " with yield match case self"), "#", false, false, "\"'", true, false, false, Kind.CODE);
    private static final CodeLanguage SHELL = new CodeLanguage(words("if then else elif fi for while until do done case esac function"
            + " in return local export readonly set unset shift exit source alias"), "#", true, false, "\"'", false, false, false,
            Kind.SHELL);
    private static final CodeLanguage JSON = new CodeLanguage(words("true false null"), null, false, false, "\"", false, false, false,
            Kind.JSON);
    private static final CodeLanguage YAML = new CodeLanguage(words("true false null yes no on off True False Null"), "#", true, false,
            "\"'", false, false, false, Kind.YAML);
    private static final CodeLanguage DIFF = new CodeLanguage(Set.of(), null, false, false, "", false, false, false, Kind.DIFF);

    private static final Map<String, CodeLanguage> BY_NAME = Map.ofEntries(Map.entry("java", JAVA), Map.entry("kotlin", KOTLIN),
            Map.entry("kt", KOTLIN), Map.entry("kts", KOTLIN), Map.entry("javascript", JAVASCRIPT), Map.entry("js", JAVASCRIPT),
            Map.entry("jsx", JAVASCRIPT), Map.entry("mjs", JAVASCRIPT), Map.entry("cjs", JAVASCRIPT), Map.entry("typescript", JAVASCRIPT),
            Map.entry("ts", JAVASCRIPT), Map.entry("tsx", JAVASCRIPT), Map.entry("go", GO), Map.entry("golang", GO),
            Map.entry("rust", RUST), Map.entry("rs", RUST), Map.entry("c", C), Map.entry("h", C), Map.entry("cpp", C),
            Map.entry("c++", C), Map.entry("cc", C), Map.entry("cxx", C), Map.entry("hpp", C), Map.entry("python", PYTHON),
            Map.entry("py", PYTHON), Map.entry("python3", PYTHON), Map.entry("sh", SHELL), Map.entry("bash", SHELL),
            Map.entry("zsh", SHELL), Map.entry("shell", SHELL), Map.entry("console", SHELL), Map.entry("json", JSON),
            Map.entry("jsonc", JSON), Map.entry("yaml", YAML), Map.entry("yml", YAML), Map.entry("diff", DIFF),
            Map.entry("patch", DIFF));

    /** The language a fence's info string names (its first word, as in {@code ```python title="x"}), or null. */
    static CodeLanguage named(String info) {
        String name = info.strip().split("[\\s{,]", 2)[0].toLowerCase(Locale.ROOT);
        return BY_NAME.get(name);
    }

    private static CodeLanguage cLike(Kind kind, boolean types, String keywords) {
        return new CodeLanguage(words(keywords), "//", false, true, "\"'", kind == Kind.CODE && types, false, types, kind);
    }

    private static Set<String> words(String s) {
        return Set.copyOf(java.util.Arrays.asList(s.split(" "))); // copyOf: a repeated word is harmless
    }
}
