package dev.fathom.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fathom.safety.ApprovalPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code apply_patch}: a multi-file patch in the {@code *** Begin Patch} envelope, applied all or nothing. Every
 * change is computed and checked before any file is touched; a failure while writing restores what was written.
 * Context lines may differ from the file in trailing whitespace only.
 */
public final class ApplyPatchTool extends BaseTool<ApplyPatchTool.Args> {

    public record Args(String patch) {
    }

    public ApplyPatchTool() {
        super("apply_patch", Args.class, true);
    }

    /** The planned new state of one path: its bytes, or null to delete it. */
    private record Change(Path path, byte[] content, String line) {
    }

    @Override
    public ToolResult run(Args args, ToolContext ctx) throws ToolException {
        List<Patch.Op> ops = Patch.parse(args.patch());
        List<Change> changes = new ArrayList<>();
        Map<Path, Set<java.nio.file.attribute.PosixFilePermission>> modes = new LinkedHashMap<>();
        Set<Path> touched = new HashSet<>();
        int added = 0;
        int removed = 0;
        for (Patch.Op op : ops) {
            Path file = ctx.guard().resolveForWrite(op.path());
            String shown = ctx.guard().display(file);
            claim(touched, file, shown);
            if (op instanceof Patch.Add add) {
                if (Files.exists(file)) {
                    throw new ToolException(shown + " already exists; use '*** Update File: " + op.path() + "' to change it.");
                }
                String text = add.lines().isEmpty() ? "" : String.join("\n", add.lines()) + "\n";
                changes.add(new Change(file, text.getBytes(StandardCharsets.UTF_8), "A " + shown + " (+" + add.lines().size() + ")"));
                added += add.lines().size();
            } else if (op instanceof Patch.Delete) {
                requireFile(file, shown, ctx);
                changes.add(new Change(file, null, "D " + shown));
            } else if (op instanceof Patch.Update update) {
                requireFile(file, shown, ctx);
                TextDocument doc = TextDocument.read(file, shown);
                List<String> lines = new ArrayList<>(doc.lines());
                int[] counts = HunkApplier.apply(lines, update.hunks(), shown);
                added += counts[0];
                removed += counts[1];
                byte[] bytes = doc.withLines(lines).encode();
                String stat = " (+" + counts[0] + " \u2212" + counts[1] + ")";
                if (update.moveTo() != null) {
                    Path target = ctx.guard().resolveForWrite(update.moveTo());
                    String targetShown = ctx.guard().display(target);
                    claim(touched, target, targetShown);
                    if (Files.exists(target)) {
                        throw new ToolException("Cannot move " + shown + " to " + targetShown + ": it already exists.");
                    }
                    changes.add(new Change(file, null, "R " + shown + " -> " + targetShown + stat));
                    changes.add(new Change(target, bytes, null));
                    modes.put(target, modeOf(file));
                } else {
                    changes.add(new Change(file, bytes, "M " + shown + stat));
                }
            }
        }
        write(changes, ctx);
        keepModes(modes);
        StringBuilder out = new StringBuilder("Applied the patch (" + ops.size() + (ops.size() == 1 ? " file" : " files") + "):\n");
        changes.stream().filter(c -> c.line() != null).forEach(c -> out.append(c.line()).append('\n'));
        return ToolResult.ok(out.toString(), "+" + added + " \u2212" + removed);
    }

    private static void claim(Set<Path> touched, Path file, String shown) throws ToolException {
        if (!touched.add(file)) {
            throw new ToolException(shown + " appears more than once in the patch; put all changes to a file in one section.");
        }
    }

    private static void requireFile(Path file, String shown, ToolContext ctx) throws ToolException {
        if (Files.isDirectory(file)) {
            throw new ToolException(shown + " is a directory, not a file.");
        }
        if (!Files.exists(file)) {
            throw new ToolException("File not found: " + shown + ". To create it, use '*** Add File: " + shown + "'.");
        }
        ctx.stamps().checkUnchanged(file, shown);
    }

    private static Set<java.nio.file.attribute.PosixFilePermission> modeOf(Path file) {
        try {
            return Files.getPosixFilePermissions(file, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException e) {
            return null; // the new file then gets the default mode
        }
    }

    /** A moved file keeps its permissions (a script stays executable), as {@code git mv} keeps them. */
    private static void keepModes(Map<Path, Set<java.nio.file.attribute.PosixFilePermission>> modes) throws ToolException {
        for (var m : modes.entrySet()) {
            try {
                if (m.getValue() != null) {
                    Files.getFileAttributeView(m.getKey(), java.nio.file.attribute.PosixFileAttributeView.class,
                            java.nio.file.LinkOption.NOFOLLOW_LINKS).setPermissions(m.getValue());
                }
            } catch (IOException e) {
                throw new ToolException("The patch was applied, but the moved file's permissions could not be kept: " + e.getMessage());
            }
        }
    }

    /** Writes every change; if one fails, puts back what the earlier ones replaced. */
    private static void write(List<Change> changes, ToolContext ctx) throws ToolException {
        Map<Path, byte[]> backups = new LinkedHashMap<>();
        try {
            for (Change c : changes) {
                backups.put(c.path(), Files.exists(c.path()) ? Files.readAllBytes(c.path()) : null);
                if (c.content() == null) {
                    if (!ctx.guard().delete(c.path())) {
                        throw new java.nio.file.NoSuchFileException(ctx.guard().display(c.path()));
                    }
                } else {
                    ctx.guard().write(c.path(), c.content());
                    ctx.stamps().record(c.path());
                }
            }
        } catch (IOException e) {
            restore(backups, ctx);
            throw new ToolException("Writing the patch failed (" + e.getMessage() + "); every file was put back as it was.");
        }
    }

    private static void restore(Map<Path, byte[]> backups, ToolContext ctx) {
        backups.forEach((path, bytes) -> {
            try {
                if (bytes == null) {
                    ctx.guard().delete(path);
                } else {
                    ctx.guard().write(path, bytes);
                }
            } catch (IOException ignored) {
                // best effort: the error message already says the patch failed
            }
        });
    }

    /** An edit of every path the patch adds, updates, deletes or moves to. */
    @Override
    public ApprovalPolicy.Action action(JsonNode args, Path workspace) {
        List<String> subjects = new ArrayList<>();
        for (String line : args.path("patch").asText("").split("\n")) {
            if (line.matches("\\*\\*\\* (Add|Delete|Update) File: .*|\\*\\*\\* Move to: .*")) {
                subjects.add(ApprovalPolicy.Action.subject(workspace, line.substring(line.indexOf(':') + 1).trim()));
            }
        }
        return new ApprovalPolicy.Action(name(), ApprovalPolicy.Kind.EDIT, subjects);
    }
}
