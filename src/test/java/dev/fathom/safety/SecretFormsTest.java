package dev.fathom.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which values are redacted (secret names, 8 characters or more, passwords in URLs) and how the redaction reads. */
class SecretFormsTest {
    @Test
    void aSecretOfEightCharactersIsRedactedAndOneOfSevenIsLeft() {
        SecretRedactor r = SecretRedactor.from(Map.of("A_TOKEN", "12345678", "B_TOKEN", "abcdefg"));
        assertThat(r.redact("a=12345678 b=abcdefg")).isEqualTo("a=[REDACTED:A_TOKEN] b=abcdefg");
        assertThat(SecretRedactor.MIN_SECRET_CHARS).isEqualTo(8);
    }

    @Test
    void aVariableWithoutAValueOrASecretNameIsNotRedacted() {
        Map<String, String> env = new HashMap<>();
        env.put("EMPTY_TOKEN", null);
        env.put("HOME", "/home/alice-the-user");
        env.put("DATABASE_URL", "postgres://app:hunter22@db/app");
        SecretRedactor r = SecretRedactor.from(env);
        assertThat(r.redact("home /home/alice-the-user db postgres://app:hunter22@db/app"))
                .isEqualTo("home /home/alice-the-user db [REDACTED:DATABASE_URL]");
    }

    @Test
    void hexInMixedCaseAndUrlSafeBase64AreRedacted() {
        String key = "k3y>>>???~~~value";
        SecretRedactor r = SecretRedactor.from(Map.of("MY_KEY", key));
        String hex = java.util.HexFormat.of().formatHex(key.getBytes(StandardCharsets.UTF_8));
        String mixed = hex.substring(0, 10).toUpperCase() + hex.substring(10);
        assertThat(r.redact("h=" + mixed)).isEqualTo("h=[REDACTED:MY_KEY]");
        String urlSafe = Base64.getUrlEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8));
        assertThat(urlSafe).contains("_");
        assertThat(r.redact("u=" + urlSafe)).isEqualTo("u=[REDACTED:MY_KEY]");
        String std = Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8));
        assertThat(r.redact("s=" + std)).isEqualTo("s=[REDACTED:MY_KEY]");
    }

    @Test
    void nothingToRedactLeavesTheTextAsItIs() {
        assertThat(SecretRedactor.none().redact("sk-live-abcdefgh")).isEqualTo("sk-live-abcdefgh");
        assertThat(SecretRedactor.from(Map.of("A_TOKEN", "12345678")).redact(null)).isNull();
        assertThat(SecretRedactor.from(Map.of()).redact("x")).isEqualTo("x");
    }

    @Test
    void aSecretThatAppearsTwiceIsRedactedTwice() {
        SecretRedactor r = SecretRedactor.from(Map.of("A_TOKEN", "12345678"));
        assertThat(r.redact("12345678 and 12345678")).isEqualTo("[REDACTED:A_TOKEN] and [REDACTED:A_TOKEN]");
    }
}
