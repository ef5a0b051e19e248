package dev.fathom.tools;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Byte arrays for tests that compare files byte for byte. */
final class TestBytes {
    /** The UTF-8 byte-order mark. */
    static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private TestBytes() {
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The parts one after the other. */
    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
