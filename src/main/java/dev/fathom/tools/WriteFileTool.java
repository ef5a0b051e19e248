package dev.fathom.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fathom.safety.ApprovalPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code write_file}: creates or replaces a file, atomically, creating its folders. Replacing a text file keeps its
 * line endings, byte-order mark, final newline and permissions.
 */
public final class WriteFileTool extends BaseTool<WriteFileTool.Args> {

    public record Args(String filePath, String content) {
    }

    public WriteFileTool() {
        super("write_file", Args.class, true);
    }

    /** Over an existing text file, the new content keeps its line endings, byte-order mark and final newline. */
    private static byte[] keepConventions(Path file, String shown, String content, byte[] asGiven) {
        try {
            return TextDocument.read(file, shown).replacedBy(content).encode();
        } catch (ToolException binaryOrNotUtf8) {
            return asGiven; // nothing to keep: the model replaces the whole file
        }
    }

    @Override
    public ToolResult run(Args args, ToolContext ctx) throws ToolException {
        Path file = ctx.guard().resolveForWrite(args.filePath());
        String shown = ctx.guard().display(file);
        if (Files.isDirectory(file)) {
            throw new ToolException(shown + " is a directory; give a file path.");
        }
        boolean existed = Files.exists(file);
        byte[] bytes = args.content().getBytes(StandardCharsets.UTF_8);
        if (existed) {
            ctx.stamps().checkUnchanged(file, shown);
            bytes = keepConventions(file, shown, args.content(), bytes);
        }
        try {
            ctx.guard().write(file, bytes);
        } catch (IOException e) {
            throw new ToolException("Cannot write " + shown + ": " + e.getMessage());
        }
        ctx.stamps().record(file);
        int lines = TextFile.countLines(args.content());
        return ToolResult.ok((existed ? "Overwrote " : "Created ") + shown + " (" + lines + " lines).",
                (existed ? "overwrote, " : "created, ") + lines + " lines");
    }

    @Override
    public ApprovalPolicy.Action action(JsonNode args, Path workspace) {
        return editOf(args, workspace);
    }
}
