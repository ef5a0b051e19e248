package dev.fathom.tools;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/** Reading and writing the text files that tools work on: binary detection, strict UTF-8, atomic replacement. */
final class TextFile {
    /** Bytes inspected for a NUL when deciding whether a file is binary. */
    static final int BINARY_SNIFF_BYTES = 8192;

    private TextFile() {
    }

    static boolean looksBinary(byte[] bytes) {
        int n = Math.min(bytes.length, BINARY_SNIFF_BYTES);
        for (int i = 0; i < n; i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        return false;
    }

    /** Decodes UTF-8 strictly; null when the bytes are not valid UTF-8. */
    static String decodeUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /**
     * Replaces (or creates) {@code file} with {@code content} atomically: a temporary file in the same folder, then a
     * rename, so a crash leaves the old or the new file, never half of one. Parents are created; permissions kept.
     */
    static void writeAtomically(Path file, byte[] content) throws IOException {
        Path dir = file.getParent();
        Files.createDirectories(dir);
        Set<PosixFilePermission> perms = null;
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            try {
                perms = Files.getPosixFilePermissions(file);
            } catch (UnsupportedOperationException notPosix) {
                perms = null;
            }
        }
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".fathom-tmp");
        try {
            Files.write(tmp, content);
            if (perms != null) {
                Files.setPosixFilePermissions(tmp, perms);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static int countLines(String s) {
        if (s.isEmpty()) {
            return 0;
        }
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                n++;
            }
        }
        return s.endsWith("\n") ? n : n + 1;
    }
}
