package dev.fathom.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretRedactorTest {
    static final String KEY = "sk-live-THISISTHEUSERSREALKEY0123456789";
    final SecretRedactor redactor = SecretRedactor.from(Map.of("MY_SERVICE_TOKEN", KEY, "DB_PASS", "hunter2-but-longer", "PATH", "/usr/bin:/bin"));

    @Test
    void plainReversedAndHexFormsAreRedacted() {
        byte[] bytes = KEY.getBytes(StandardCharsets.UTF_8);
        String text = "a " + KEY + " b " + new StringBuilder(KEY).reverse() + " c " + HexFormat.of().formatHex(bytes) + " d "
                + HexFormat.of().withUpperCase().formatHex(bytes) + " e hunter2-but-longer";
        String out = redactor.redact(text);
        assertThat(out).doesNotContain(KEY).doesNotContain(new StringBuilder(KEY).reverse()).doesNotContainIgnoringCase(HexFormat.of().formatHex(bytes))
                .doesNotContain("hunter2").contains("[REDACTED:MY_SERVICE_TOKEN]").contains("[REDACTED:DB_PASS]");
        assertThat(redactor.redact("/usr/bin:/bin")).isEqualTo("/usr/bin:/bin");
    }

    @Test
    void base64OfTheSecretIsRedactedAtEveryAlignmentInsideALongerStream() {
        for (int before = 0; before < 6; before++) {
            for (Base64.Encoder encoder : new Base64.Encoder[] {Base64.getEncoder(), Base64.getUrlEncoder()}) {
                String stream = encoder.encodeToString(("x".repeat(before) + "export MY_SERVICE_TOKEN=" + KEY + "\nmore text after it")
                        .getBytes(StandardCharsets.UTF_8));
                String out = redactor.redact(stream);
                assertThat(out).as("offset %d", before).contains("[REDACTED:MY_SERVICE_TOKEN]");
                String rest = out.replaceAll("\\[REDACTED:[A-Z_]+]", "|");
                for (String part : rest.split("\\|")) {
                    String decoded = decodeLeniently(part);
                    assertThat(decoded).as("offset %d", before).doesNotContain(KEY.substring(0, 12)).doesNotContain(KEY.substring(KEY.length() - 12));
                }
            }
        }
    }

    @Test
    void aStandaloneBase64OfTheSecretLeavesNothingOfIt() {
        String out = redactor.redact("token: " + Base64.getEncoder().encodeToString(KEY.getBytes(StandardCharsets.UTF_8)));
        assertThat(out).startsWith("token: [REDACTED:MY_SERVICE_TOKEN]").hasSizeLessThan("token: [REDACTED:MY_SERVICE_TOKEN]".length() + 4);
    }

    private static String decodeLeniently(String part) {
        String clean = part.replaceAll("[^A-Za-z0-9+/_-]", "").replace('-', '+').replace('_', '/');
        for (int skip = 0; skip < 4 && skip < clean.length(); skip++) {
            String s = clean.substring(skip);
            s = s.substring(0, s.length() - s.length() % 4);
            try {
                String d = new String(Base64.getDecoder().decode(s), StandardCharsets.ISO_8859_1);
                if (d.contains("THISISTHEUSERS")) {
                    return d;
                }
            } catch (IllegalArgumentException ignored) {
                // not aligned
            }
        }
        return "";
    }
}
