package dev.fathom.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The setting most end-to-end tests share: a temporary folder, a private home in {@code tmp/home} and the fake
 * endpoint, started before each test and closed after it. Tests that also want the demo repository extend
 * {@link EndToEndSupport}.
 */
public abstract class FakeEndpointSupport {
    @TempDir
    protected Path tmp;
    protected Path home;
    protected FakeV4Server server;

    @BeforeEach
    void startFakeEndpoint() throws IOException {
        home = Files.createDirectories(tmp.resolve("home"));
        server = FakeV4Server.start();
    }

    @AfterEach
    void stopFakeEndpoint() {
        server.close();
    }
}
