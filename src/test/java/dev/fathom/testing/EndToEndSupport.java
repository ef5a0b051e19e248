package dev.fathom.testing;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;

/**
 * The usual end-to-end setting: the demo repository in {@code tmp/repo}, a private home in {@code tmp/home}, the
 * fake endpoint, and the real entry point pointed at it.
 */
public abstract class EndToEndSupport extends FakeEndpointSupport {
    protected Path repo;
    protected CliRun cli;

    @BeforeEach
    void startEndToEnd() throws IOException {
        repo = DemoRepo.create(tmp.resolve("repo"));
        cli = new CliRun(home, repo).against(server);
    }
}
