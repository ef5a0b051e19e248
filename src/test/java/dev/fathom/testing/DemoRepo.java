package dev.fathom.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The small git repository the scripted 4-request task works in: a README and one Java class to edit. */
public final class DemoRepo {
    public static final String APP = "class App {\n    String greet() {\n        return \"Hello\";\n    }\n}\n";

    private DemoRepo() {
    }

    /** Creates the repository in {@code dir} with one commit. */
    public static Path create(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("src"));
        Files.writeString(dir.resolve("README.md"), "# Demo\n");
        Files.writeString(dir.resolve("src/App.java"), APP);
        CliRun.git(dir, "init", "-q");
        CliRun.git(dir, "add", ".");
        CliRun.git(dir, "commit", "-q", "-m", "init");
        return dir;
    }
}
