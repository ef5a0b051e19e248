package dev.fathom.safety;

import java.nio.file.Path;

/** For {@link GitConfigFilesTest}: prints the hooks path of the config file {@code args[0]} as {@link GitConfigFiles} reads it. */
public final class GitConfigFilesPathMain {
    private GitConfigFilesPathMain() {
    }

    public static void main(String[] args) {
        System.out.println(GitConfigFiles.read(Path.of(args[0])).map(c -> c.getString("core", null, "hooksPath")).orElse("(none)"));
    }
}
