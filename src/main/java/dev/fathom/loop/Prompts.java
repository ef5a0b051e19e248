package dev.fathom.loop;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The model-facing texts, packaged from the top-level {@code prompts/} folder. */
public final class Prompts {
    private Prompts() {
    }

    /** The text of {@code prompts/<name>.md}, without surrounding blank lines. */
    public static String load(String name) {
        try (InputStream in = Prompts.class.getResourceAsStream("/prompts/" + name + ".md")) {
            if (in == null) {
                throw new IllegalStateException("prompts/" + name + ".md is missing from the Fathom jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
