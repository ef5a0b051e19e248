package dev.fathom.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code read_file}: a window of a text file with line numbers. */
public final class ReadFileTool extends BaseTool<ReadFileTool.Args> {
    public static final int DEFAULT_LINE_LIMIT = 2000;
    public static final int MAX_LINE_CHARS = 2000;
    /** Above this size a file is only read with an explicit offset or limit. */
    public static final long MAX_WHOLE_FILE_BYTES = 10L * 1024 * 1024;
    /** Files above this size are refused: reading them costs more than grep would. */
    public static final long MAX_FILE_BYTES = 256L * 1024 * 1024;

    public record Args(String filePath, Integer offset, Integer limit) {
    }

    public ReadFileTool() {
        super("read_file", Args.class, false);
    }

    @Override
    public ToolResult run(Args args, ToolContext ctx) throws ToolException {
        Path file = ctx.guard().resolveForRead(args.filePath());
        String shown = ctx.guard().display(file);
        int offset = args.offset() == null ? 1 : args.offset();
        int limit = args.limit() == null ? DEFAULT_LINE_LIMIT : args.limit();
        if (offset < 1) {
            throw new ToolException("offset must be 1 or more (it is the first line number to show), got " + offset + ".");
        }
        if (limit < 1) {
            throw new ToolException("limit must be 1 or more, got " + limit + ".");
        }
        if (Files.isDirectory(file)) {
            throw new ToolException(shown + " is a directory, not a file. Use glob or bash (ls) to list it.");
        }
        if (!Files.exists(file)) {
            throw new ToolException("File not found: " + shown + ". Use glob to find the right path.");
        }
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new ToolException(shown + " is too large to read (" + size + " bytes). Use grep to find what you need in it.");
            }
            if (size > MAX_WHOLE_FILE_BYTES && args.offset() == null && args.limit() == null) {
                throw new ToolException(shown + " is large (" + size + " bytes). Read a part with offset and limit, or use grep to find the lines you need.");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ToolException("Cannot read " + shown + ": " + e.getMessage());
        }
        if (TextFile.looksBinary(bytes)) {
            throw new ToolException(shown + " looks like a binary file (" + bytes.length + " bytes); read_file shows text only. Use bash (file, xxd | head) to inspect it.");
        }
        String text = TextFile.decodeUtf8(bytes);
        boolean lossy = text == null;
        if (lossy) {
            text = new String(bytes, StandardCharsets.UTF_8);
        }
        ctx.stamps().record(file);
        return ToolResult.ok(render(text, offset, limit, shown, lossy), "");
    }

    private static String render(String text, int offset, int limit, String shown, boolean lossy) throws ToolException {
        if (text.isEmpty()) {
            return "(" + shown + " is empty)";
        }
        String[] lines = text.split("\r?\n", -1);
        int total = text.endsWith("\n") ? lines.length - 1 : lines.length;
        if (offset > total) {
            throw new ToolException("offset " + offset + " is past the end of " + shown + ", which has " + total + " lines.");
        }
        int end = (int) Math.min((long) offset - 1 + limit, total);
        StringBuilder out = new StringBuilder();
        for (int i = offset - 1; i < end; i++) {
            String line = lines[i];
            if (line.length() > MAX_LINE_CHARS) {
                line = TextCuts.head(line, MAX_LINE_CHARS) + " [line cut at " + MAX_LINE_CHARS + " characters]";
            }
            out.append(String.format("%6d\t", i + 1)).append(line).append('\n');
        }
        if (end < total || offset > 1) {
            out.append("(lines ").append(offset).append('-').append(end).append(" of ").append(total);
            out.append(end < total ? "; continue with offset=" + (end + 1) + ")" : ")");
            out.append('\n');
        }
        if (lossy) {
            out.append("(the file is not valid UTF-8; undecodable bytes are shown as \uFFFD and edit_file will refuse it)\n");
        }
        return out.toString();
    }
}
