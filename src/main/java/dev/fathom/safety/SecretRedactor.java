package dev.fathom.safety;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces known secret values (those of environment variables named like secrets, 8 characters or longer) with
 * {@code [REDACTED:NAME]} in text bound for the endpoint or the session log: the plain value, its reverse, its hex (any
 * case) and its base64 (standard and URL-safe alphabets, at each of the three byte alignments it can have inside a
 * longer base64 stream). The second line of defence: not passing secrets to child processes is the first.
 */
public final class SecretRedactor {
    public static final int MIN_SECRET_CHARS = 8;

    /** One form of one secret: a pattern to find, the name it is reported under. */
    private record Form(String name, Pattern pattern, int length) {
    }

    private final List<Form> forms;

    private SecretRedactor(List<Form> forms) {
        this.forms = forms;
    }

    public static SecretRedactor none() {
        return new SecretRedactor(List.of());
    }

    public static SecretRedactor from(Map<String, String> environment) {
        List<Form> out = new ArrayList<>();
        environment.forEach((k, v) -> {
            if (v != null && v.length() >= MIN_SECRET_CHARS && ChildEnvironment.looksSecret(k, v)) {
                for (String form : encodings(v)) {
                    out.add(new Form(k, Pattern.compile(Pattern.quote(form)), form.length()));
                }
                String hex = HexFormat.of().formatHex(v.getBytes(StandardCharsets.UTF_8));
                out.add(new Form(k, Pattern.compile(Pattern.quote(hex), Pattern.CASE_INSENSITIVE), hex.length()));
            }
        });
        out.sort(Comparator.comparingInt(Form::length).reversed()); // longest first: no partial leftovers
        return new SecretRedactor(out);
    }

    /**
     * The plain, reversed and base64 forms of a value. Inside a longer base64 stream a secret starts at byte offset 0, 1
     * or 2 of a 3-byte group; for each, the characters that depend on the secret's bytes alone are the same wherever it
     * sits, so those are what is matched (the one or two characters at each edge, shared with neighbours, may remain).
     */
    static Set<String> encodings(String value) {
        Set<String> forms = new LinkedHashSet<>();
        forms.add(value);
        forms.add(new StringBuilder(value).reverse().toString());
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        for (Base64.Encoder encoder : List.of(Base64.getEncoder(), Base64.getUrlEncoder())) {
            forms.add(encoder.encodeToString(bytes));
            for (int offset = 0; offset < 3; offset++) {
                byte[] shifted = new byte[offset + bytes.length];
                System.arraycopy(bytes, 0, shifted, offset, bytes.length);
                String encoded = encoder.withoutPadding().encodeToString(shifted);
                int first = (8 * offset + 5) / 6; // first character whose 6 bits all come from the secret
                int end = (8 * (offset + bytes.length)) / 6; // one past the last such character
                if (end - first >= MIN_SECRET_CHARS) {
                    forms.add(encoded.substring(first, end));
                }
            }
        }
        return forms;
    }

    public String redact(String text) {
        if (text == null || forms.isEmpty()) {
            return text;
        }
        String out = text;
        for (Form f : forms) {
            Matcher m = f.pattern().matcher(out);
            if (m.find()) {
                out = m.replaceAll(Matcher.quoteReplacement("[REDACTED:" + f.name() + "]"));
            }
        }
        return out;
    }
}
