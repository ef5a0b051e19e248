package dev.fathom.safety;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.lib.Config;

/**
 * A git config file as git itself reads it. JGit's parser differs from git's on text a hostile file can hold: a setting
 * on its section's line ({@code [core]hooksPath = x}) is kept as a comment, and a setting before any section makes it
 * refuse the whole file, while git reads the rest; so the settings that decide what the sandbox protects are read by
 * {@code git config --file F --list -z} ({@link SystemGit}), which runs nothing and follows no include. Without git, JGit
 * reads the file (then no git of the user's reads it either). Each file's reading is kept while the file is unchanged.
 */
final class GitConfigFiles {
    /** A larger config file is not read (git's own are a few kilobytes). */
    static final long MAX_BYTES = 1 << 20;
    private static final long GIT_TIMEOUT_SECONDS = 20;
    private static final FileReadings<Optional<Config>> READINGS = new FileReadings<>(32);

    private GitConfigFiles() {
    }

    /**
     * The settings of {@code file} as git reads them; empty when it is missing, not a regular file, larger than
     * {@link #MAX_BYTES}, or refused by git (git then stops, and runs nothing from it).
     */
    static Optional<Config> read(Path file) {
        String identity;
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_BYTES) {
                return Optional.empty();
            }
            identity = FileReadings.identity(file.toRealPath());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        Optional<Optional<Config>> kept = READINGS.kept(file, identity);
        if (kept.isPresent()) {
            return kept.get();
        }
        Optional<Config> config = SystemGit.path().isPresent() ? byGit(file) : byJGit(file);
        READINGS.keep(file, identity, config);
        return config;
    }

    private static Optional<Config> byGit(Path file) {
        Optional<byte[]> listing = SystemGit.run(List.of("config", "--file", file.toString(), "--no-includes", "--list", "-z"),
                GIT_TIMEOUT_SECONDS, (int) MAX_BYTES * 2);
        // git refusing the file runs nothing from it; JGit's reading then only adds what it finds, to protect
        return listing.isPresent() ? Optional.of(parseListing(new String(listing.get(), StandardCharsets.UTF_8))) : byJGit(file);
    }

    /**
     * The settings of a {@code git config --list -z} listing: entries end with NUL, a key and its value are parted by
     * a newline (a key alone is a boolean set to true). A key is section, then any subsection, then name, parted by
     * dots; only the subsection may hold dots itself.
     */
    static Config parseListing(String listing) {
        Map<List<String>, List<String>> values = new LinkedHashMap<>();
        for (String entry : listing.split("\0")) {
            int newline = entry.indexOf('\n');
            String key = newline < 0 ? entry : entry.substring(0, newline);
            String value = newline < 0 ? "" : entry.substring(newline + 1);
            int first = key.indexOf('.');
            int last = key.lastIndexOf('.');
            if (first <= 0 || last == key.length() - 1) {
                continue; // a key with no section, which git reads and never uses
            }
            String sub = first == last ? null : key.substring(first + 1, last);
            values.computeIfAbsent(java.util.Arrays.asList(key.substring(0, first), sub, key.substring(last + 1)), k -> new ArrayList<>())
                    .add(value);
        }
        Config config = new Config();
        values.forEach((k, v) -> config.setStringList(k.get(0), k.get(1), k.get(2), v));
        return config;
    }

    private static Optional<Config> byJGit(Path file) {
        try {
            Config config = new Config();
            config.fromText(Files.readString(file));
            return Optional.of(config);
        } catch (IOException | ConfigInvalidException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
