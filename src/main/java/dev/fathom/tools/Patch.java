package dev.fathom.tools;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed {@code *** Begin Patch} envelope: files to add, delete and update (optionally moving them), each update a
 * list of hunks of context, removed and added lines. Parsing failures name the line and what was expected.
 */
final class Patch {
    static final String BEGIN = "*** Begin Patch";
    static final String END = "*** End Patch";
    static final String ADD = "*** Add File: ";
    static final String DELETE = "*** Delete File: ";
    static final String UPDATE = "*** Update File: ";
    static final String MOVE = "*** Move to: ";
    static final String END_OF_FILE = "*** End of File";

    sealed interface Op permits Add, Delete, Update {
        String path();
    }

    record Add(String path, List<String> lines) implements Op {
    }

    record Delete(String path) implements Op {
    }

    record Update(String path, String moveTo, List<Hunk> hunks) implements Op {
    }

    /** One hunk: its {@code @@} header text (may be empty) and lines each starting with ' ', '-' or '+'. */
    record Hunk(String header, List<String> lines, boolean atEndOfFile) {
        List<String> oldLines() {
            return lines.stream().filter(l -> !l.startsWith("+")).map(l -> l.substring(1)).toList();
        }
    }

    private Patch() {
    }

    static List<Op> parse(String text) throws ToolException {
        List<String> lines = new ArrayList<>(List.of(text.replace("\r\n", "\n").split("\n", -1)));
        while (!lines.isEmpty() && (lines.get(0).isBlank() || lines.get(0).startsWith("```"))) {
            lines.remove(0);
        }
        while (!lines.isEmpty() && (lines.get(lines.size() - 1).isBlank() || lines.get(lines.size() - 1).startsWith("```"))) {
            lines.remove(lines.size() - 1);
        }
        if (lines.isEmpty() || !lines.get(0).strip().equals(BEGIN)) {
            throw new ToolException("The patch must start with a line '" + BEGIN + "'.");
        }
        if (!lines.get(lines.size() - 1).strip().equals(END)) {
            throw new ToolException("The patch must end with a line '" + END + "'.");
        }
        List<Op> ops = new ArrayList<>();
        int i = 1;
        int last = lines.size() - 1;
        while (i < last) {
            String line = lines.get(i);
            if (isHeader(line, ADD)) {
                String path = pathOf(line, ADD, i);
                List<String> content = new ArrayList<>();
                for (i++; i < last && !lines.get(i).startsWith("*** "); i++) {
                    if (!lines.get(i).startsWith("+")) {
                        throw new ToolException("Line " + (i + 1) + ": in '" + ADD + path + "' every line must start with '+'.");
                    }
                    content.add(lines.get(i).substring(1));
                }
                ops.add(new Add(path, content));
            } else if (isHeader(line, DELETE)) {
                ops.add(new Delete(pathOf(line, DELETE, i)));
                i++;
            } else if (isHeader(line, UPDATE)) {
                i = parseUpdate(lines, i, last, ops);
            } else if (line.isBlank()) {
                i++;
            } else {
                throw new ToolException("Line " + (i + 1) + ": expected '" + ADD.strip() + "', '" + DELETE.strip() + "' or '"
                        + UPDATE.strip() + "', got '" + abbreviate(line) + "'.");
            }
        }
        if (ops.isEmpty()) {
            throw new ToolException("The patch changes no file.");
        }
        return ops;
    }

    private static int parseUpdate(List<String> lines, int i, int last, List<Op> ops) throws ToolException {
        String path = pathOf(lines.get(i), UPDATE, i);
        i++;
        String moveTo = null;
        if (i < last && isHeader(lines.get(i), MOVE)) {
            moveTo = pathOf(lines.get(i), MOVE, i);
            i++;
        }
        List<Hunk> hunks = new ArrayList<>();
        String header = null;
        List<String> body = new ArrayList<>();
        boolean eof = false;
        for (; i < last; i++) {
            String l = lines.get(i);
            if (l.startsWith("@@")) {
                if (header != null || !body.isEmpty()) {
                    addHunk(hunks, header, body, eof, path);
                }
                header = l.substring(2).replaceAll("@@\\s*$", "").strip();
                body = new ArrayList<>();
                eof = false;
            } else if (l.equals(END_OF_FILE)) {
                eof = true;
            } else if (l.startsWith("*** ")) {
                break;
            } else if (l.isEmpty()) {
                body.add(" "); // an empty context line whose leading space was lost
            } else if (" -+".indexOf(l.charAt(0)) >= 0) {
                body.add(l);
            } else {
                throw new ToolException("Line " + (i + 1) + ": in the update of " + path + ", hunk lines must start with ' ' (context), "
                        + "'-' (remove) or '+' (add); got '" + abbreviate(l) + "'.");
            }
        }
        if (header != null || !body.isEmpty()) {
            addHunk(hunks, header, body, eof, path);
        }
        if (hunks.isEmpty() && moveTo == null) {
            throw new ToolException("'" + UPDATE + path + "' has no hunks; add @@ hunks with the lines to change.");
        }
        ops.add(new Update(path, moveTo, hunks));
        return i;
    }

    private static void addHunk(List<Hunk> hunks, String header, List<String> body, boolean eof, String path) throws ToolException {
        if (body.stream().noneMatch(l -> l.startsWith("+") || l.startsWith("-"))) {
            throw new ToolException("A hunk of " + path + (header == null || header.isEmpty() ? "" : " (@@ " + header + ")")
                    + " has no '+' or '-' lines; remove it or add the change.");
        }
        hunks.add(new Hunk(header == null ? "" : header, List.copyOf(body), eof));
    }

    /** Whether {@code line} is the section header {@code prefix}, also when it ends at the colon (no space, no path). */
    private static boolean isHeader(String line, String prefix) {
        return line.startsWith(prefix) || line.stripTrailing().equals(prefix.strip());
    }

    private static String pathOf(String line, String prefix, int index) throws ToolException {
        String path = line.substring(Math.min(prefix.length(), line.length())).strip();
        if (path.isEmpty()) {
            throw new ToolException("Line " + (index + 1) + ": '" + prefix.strip() + "' needs a file path.");
        }
        return path;
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "…";
    }
}
