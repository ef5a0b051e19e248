package dev.fathom.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A text file's content together with the conventions to write it back with: a UTF-8 byte-order mark, its line
 * ending and whether it ends with one. The text is held with {@code \n} line ends when the file uses one ending
 * throughout; a file that mixes endings is held as it is.
 */
final class TextDocument {
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final boolean bom;
    /** "\n" or "\r\n"; null when the file mixes line endings (the text is then raw). */
    private final String eol;
    private final boolean finalNewline;
    private final String text;

    private TextDocument(boolean bom, String eol, boolean finalNewline, String text) {
        this.bom = bom;
        this.eol = eol;
        this.finalNewline = finalNewline;
        this.text = text;
    }

    /** Reads a text file; binary and non-UTF-8 files are refused with a message for the model. */
    static TextDocument read(Path file, String shown) throws ToolException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ToolException("Cannot read " + shown + ": " + e.getMessage());
        }
        if (TextFile.looksBinary(bytes)) {
            throw new ToolException(shown + " looks like a binary file; only text files can be changed this way.");
        }
        boolean bom = bytes.length >= 3 && bytes[0] == BOM[0] && bytes[1] == BOM[1] && bytes[2] == BOM[2];
        String raw = TextFile.decodeUtf8(bom ? Arrays.copyOfRange(bytes, 3, bytes.length) : bytes);
        if (raw == null) {
            throw new ToolException(shown + " is not valid UTF-8, so changing it here could corrupt it. Use bash (sed, iconv) if it must change.");
        }
        int lf = 0;
        int crlf = 0;
        for (int i = 0; i < raw.length(); i++) {
            if (raw.charAt(i) == '\n') {
                if (i > 0 && raw.charAt(i - 1) == '\r') {
                    crlf++;
                } else {
                    lf++;
                }
            }
        }
        String eol = crlf > 0 && lf > 0 ? null : crlf > 0 ? "\r\n" : "\n";
        String text = "\r\n".equals(eol) ? raw.replace("\r\n", "\n") : raw;
        return new TextDocument(bom, eol, raw.endsWith("\n"), text);
    }

    /** The text, with {@code \n} line ends unless the file mixes endings. */
    String text() {
        return text;
    }

    /** Converts text a model wrote to this document's form: CRLF from the model becomes {@code \n}. */
    String normalize(String modelText) {
        return eol == null ? modelText : modelText.replace("\r\n", "\n");
    }

    /** The lines, without their ends. */
    List<String> lines() {
        if (text.isEmpty()) {
            return List.of();
        }
        String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        return Arrays.asList(body.split("\n", -1));
    }

    TextDocument withLines(List<String> lines) {
        String joined = lines.isEmpty() ? "" : String.join("\n", lines) + (finalNewline ? "\n" : "");
        return withText(joined);
    }

    TextDocument withText(String newText) {
        return new TextDocument(bom, eol, finalNewline, newText);
    }

    /**
     * New content for this file from a whole-file write: the file's line ending and byte-order mark are kept, and
     * its final newline too when the new content lacks one.
     */
    TextDocument replacedBy(String content) {
        String normalized = normalize(content);
        if (finalNewline && !normalized.isEmpty() && !normalized.endsWith("\n")) {
            normalized += "\n";
        }
        return withText(normalized);
    }

    byte[] encode() {
        String out = "\r\n".equals(eol) ? text.replace("\n", "\r\n") : text;
        byte[] body = out.getBytes(StandardCharsets.UTF_8);
        if (!bom) {
            return body;
        }
        byte[] withBom = new byte[body.length + 3];
        System.arraycopy(BOM, 0, withBom, 0, 3);
        System.arraycopy(body, 0, withBom, 3, body.length);
        return withBom;
    }
}
