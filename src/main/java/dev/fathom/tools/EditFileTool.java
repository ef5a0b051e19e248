package dev.fathom.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;
import dev.fathom.safety.ApprovalPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code edit_file}: replaces an exact string. The string must occur once unless {@code replace_all}; the file's line
 * endings, byte-order mark and permissions are kept (the model writes {@code \n}, a CRLF file stays CRLF); the answer
 * is a short unified diff.
 */
public final class EditFileTool extends BaseTool<EditFileTool.Args> {
    /** Lines of the diff shown to the model; the file itself is complete on disk. */
    public static final int MAX_DIFF_LINES = 80;

    public record Args(String filePath, String oldString, String newString, Boolean replaceAll) {
    }

    public EditFileTool() {
        super("edit_file", Args.class, true);
    }

    @Override
    public ToolResult run(Args args, ToolContext ctx) throws ToolException {
        Path file = ctx.guard().resolveForWrite(args.filePath());
        String shown = ctx.guard().display(file);
        if (args.oldString().isEmpty()) {
            throw new ToolException("old_string is empty. To create a file use write_file; to edit, give the exact text to replace.");
        }
        if (args.oldString().equals(args.newString())) {
            throw new ToolException("old_string and new_string are identical; nothing would change.");
        }
        if (Files.isDirectory(file)) {
            throw new ToolException(shown + " is a directory, not a file.");
        }
        if (!Files.exists(file)) {
            throw new ToolException("File not found: " + shown + ". To create it, use write_file.");
        }
        ctx.stamps().checkUnchanged(file, shown);
        TextDocument doc = TextDocument.read(file, shown);
        String original = doc.text();
        String oldText = doc.normalize(args.oldString());
        String newText = doc.normalize(args.newString());
        List<Integer> at = occurrences(original, oldText);
        boolean all = Boolean.TRUE.equals(args.replaceAll());
        if (at.isEmpty()) {
            throw new ToolException("old_string was not found in " + shown + ". Read the file again and copy the exact text, "
                    + "including whitespace and indentation.");
        }
        if (at.size() > 1 && !all) {
            throw new ToolException("old_string occurs " + at.size() + " times in " + shown + " (lines " + lineNumbers(original, at)
                    + "). Include more surrounding lines to make it unique, or set replace_all to true.");
        }
        String updated = all ? original.replace(oldText, newText) : original.substring(0, at.get(0)) + newText
                + original.substring(at.get(0) + oldText.length());
        try {
            ctx.guard().write(file, doc.withText(updated).encode());
        } catch (IOException e) {
            throw new ToolException("Cannot write " + shown + ": " + e.getMessage());
        }
        ctx.stamps().record(file);
        return diffResult(shown, original, updated, at.size());
    }

    private static List<Integer> occurrences(String text, String needle) {
        List<Integer> found = new ArrayList<>();
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
            found.add(i);
        }
        return found;
    }

    private static String lineNumbers(String text, List<Integer> offsets) {
        List<String> lines = new ArrayList<>();
        int line = 1;
        int pos = 0;
        for (int off : offsets.subList(0, Math.min(offsets.size(), 10))) {
            for (; pos < off; pos++) {
                if (text.charAt(pos) == '\n') {
                    line++;
                }
            }
            lines.add(String.valueOf(line));
        }
        return String.join(", ", lines) + (offsets.size() > 10 ? ", …" : "");
    }

    /** Past this many changed lines (both sides, after trimming the common start and end) no line diff is computed. */
    static final int MAX_DIFFED_LINES = 4000;

    private static ToolResult diffResult(String shown, String before, String after, int replacements) {
        List<String> a = Arrays.asList(before.split("\r?\n", -1));
        List<String> b = Arrays.asList(after.split("\r?\n", -1));
        int start = 0;
        while (start < a.size() && start < b.size() && a.get(start).equals(b.get(start))) {
            start++;
        }
        int end = 0;
        while (end < a.size() - start && end < b.size() - start && a.get(a.size() - 1 - end).equals(b.get(b.size() - 1 - end))) {
            end++;
        }
        int removedAtMost = a.size() - start - end;
        int addedAtMost = b.size() - start - end;
        String title = "Edited " + shown + " (" + replacements + " replacement" + (replacements == 1 ? "" : "s") + ")";
        if (removedAtMost + addedAtMost > MAX_DIFFED_LINES) {
            // A full line diff of a huge change costs minutes and gigabytes and would be cut to a few lines anyway.
            return ToolResult.ok(title + ": lines " + (start + 1) + "\u2013" + (a.size() - end) + " changed (" + removedAtMost
                    + " lines replaced by " + addedAtMost + "); the diff is too large to show. Use read_file to check parts of it.\n",
                    "+" + addedAtMost + " \u2212" + removedAtMost);
        }
        int from = Math.max(0, start - 2); // the diff is computed on the changed middle and its context only
        List<String> aPart = a.subList(from, Math.min(a.size(), a.size() - end + 2));
        List<String> bPart = b.subList(from, Math.min(b.size(), b.size() - end + 2));
        Patch<String> patch = DiffUtils.diff(aPart, bPart);
        int added = 0;
        int removed = 0;
        for (AbstractDelta<String> d : patch.getDeltas()) {
            added += d.getTarget().size();
            removed += d.getSource().size();
        }
        // the slice as text: whole lines, and the file's own ending when the slice reaches the end of the file
        String aText = String.join("\n", aPart) + (from + aPart.size() < a.size() ? "\n" : "");
        String bText = String.join("\n", bPart) + (from + bPart.size() < b.size() ? "\n" : "");
        List<String> diff = new ArrayList<>(LineDiff.unified("a/" + shown, "b/" + shown, aText, bText, 2).lines().toList());
        diff.replaceAll(line -> shiftHunk(line, from));
        StringBuilder out = new StringBuilder(title + ":\n");
        int n = 0;
        for (String line : diff) {
            if (n++ == MAX_DIFF_LINES) {
                out.append("[diff cut at ").append(MAX_DIFF_LINES).append(" lines]\n");
                break;
            }
            out.append(line).append('\n');
        }
        return ToolResult.ok(out.toString(), "+" + added + " \u2212" + removed);
    }

    private static final java.util.regex.Pattern HUNK = java.util.regex.Pattern.compile("^@@ -(\\d+)(,\\d+)? \\+(\\d+)(,\\d+)? @@");

    /** A hunk header of the diff of a slice, renumbered to the whole file's lines. */
    private static String shiftHunk(String line, int offset) {
        java.util.regex.Matcher m = HUNK.matcher(line);
        if (offset == 0 || !m.find()) {
            return line;
        }
        return "@@ -" + (Integer.parseInt(m.group(1)) + offset) + (m.group(2) == null ? "" : m.group(2)) + " +"
                + (Integer.parseInt(m.group(3)) + offset) + (m.group(4) == null ? "" : m.group(4)) + " @@" + line.substring(m.end());
    }

    @Override
    public ApprovalPolicy.Action action(JsonNode args, Path workspace) {
        return editOf(args, workspace);
    }
}
