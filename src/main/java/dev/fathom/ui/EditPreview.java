package dev.fathom.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.tools.LineDiff;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * What an edit the model asks to make would change, worked out before the user is asked to approve it: the diff of
 * {@code edit_file} and {@code write_file}, the patch of {@code apply_patch}. Only regular files inside the workspace
 * are read (never through a symlink); anything else, or an edit that would not apply, has no preview (null) and the
 * tool itself reports the problem if it runs.
 */
public final class EditPreview {
    /** Files larger than this are not read for a preview. */
    private static final long MAX_BYTES = 2_000_000;
    private static final int CONTEXT = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path workspace;
    /** The last tool call started: an approval that follows is about it. */
    private volatile String startedTool;
    private volatile String startedArguments;

    public EditPreview(Path workspace) {
        this.workspace = workspace.toAbsolutePath().normalize();
    }

    /** A tool call started (approvals come after this event, for the call it names). */
    public void started(String tool, String arguments) {
        startedTool = tool;
        startedArguments = arguments;
    }

    /** The diff of the edit an approval is about (the call started last), or null. */
    public String diff(dev.fathom.safety.ApprovalPolicy.Action action) {
        String tool = startedTool;
        if (action.kind() != dev.fathom.safety.ApprovalPolicy.Kind.EDIT || tool == null || !tool.equals(action.tool())) {
            return null;
        }
        return diff(tool, startedArguments);
    }

    /** The diff the call would make, or null when there is none to show. */
    public String diff(String tool, String arguments) {
        try {
            JsonNode args = JSON.readTree(arguments == null ? "" : arguments);
            if (args == null || !args.isObject()) {
                return null;
            }
            return switch (tool) {
                case "apply_patch" -> args.path("patch").isTextual() ? args.path("patch").asText() : null;
                case "write_file" -> write(args);
                case "edit_file" -> edit(args);
                default -> null;
            };
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private String write(JsonNode args) throws IOException {
        String path = args.path("file_path").asText("");
        Path file = inside(path);
        if (file == null || !args.path("content").isTextual()) {
            return null;
        }
        String before = Files.exists(file, LinkOption.NOFOLLOW_LINKS) ? read(file) : "";
        if (before == null) {
            return null;
        }
        return LineDiff.unified(before.isEmpty() && !Files.exists(file, LinkOption.NOFOLLOW_LINKS) ? "/dev/null" : "a/" + path,
                "b/" + path, before, args.path("content").asText(), CONTEXT);
    }

    private String edit(JsonNode args) throws IOException {
        String path = args.path("file_path").asText("");
        Path file = inside(path);
        String oldText = args.path("old_string").asText("");
        String newText = args.path("new_string").asText("");
        if (file == null || oldText.isEmpty()) {
            return null;
        }
        String before = read(file);
        if (before == null) {
            return null;
        }
        boolean crlf = before.contains("\r\n");
        if (crlf) { // the tool keeps a CRLF file's line endings; compare in the model's \n form
            before = before.replace("\r\n", "\n");
        }
        int at = before.indexOf(oldText);
        if (at < 0) {
            return null;
        }
        String after = args.path("replace_all").asBoolean(false) ? before.replace(oldText, newText)
                : before.substring(0, at) + newText + before.substring(at + oldText.length());
        return LineDiff.unified("a/" + path, "b/" + path, before, after, CONTEXT);
    }

    /** The file a path names when it is inside the workspace and no link leads there; else null. */
    private Path inside(String path) {
        if (path.isEmpty()) {
            return null;
        }
        Path file = workspace.resolve(path).normalize();
        if (!file.startsWith(workspace)) {
            return null;
        }
        for (Path p = file; p != null && !p.equals(workspace); p = p.getParent()) {
            if (Files.isSymbolicLink(p)) {
                return null;
            }
        }
        return file;
    }

    private static String read(Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > MAX_BYTES) {
            return null;
        }
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }
}
