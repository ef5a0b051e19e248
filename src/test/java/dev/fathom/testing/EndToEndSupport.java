package dev.fathom.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The usual end-to-end setting: the demo repository in {@code tmp/repo}, a private home in {@code tmp/home}, the
 * fake endpoint, and the real entry point pointed at it.
 */
public abstract class EndToEndSupport {
    @TempDir
    protected Path tmp;
    protected Path repo;
    protected Path home;
    protected FakeV4Server server;
    protected CliRun cli;

    @BeforeEach
    void startEndToEnd() throws IOException {
        repo = DemoRepo.create(tmp.resolve("repo"));
        home = Files.createDirectories(tmp.resolve("home"));
        server = FakeV4Server.start();
        cli = new CliRun(home, repo).against(server);
    }

    @AfterEach
    void stopEndToEnd() {
        server.close();
    }
}
