package dev.fathom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.safety.SandboxHomes;
import dev.fathom.testing.Bubblewrap;
import dev.fathom.testing.CliRun;
import dev.fathom.testing.DemoRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fathom doctor} reports what the sandbox measurably holds, and says so when it does not. */
class SandboxDoctorTest {
    @TempDir
    Path tmp;
    Path home;
    Path repo;

    @BeforeEach
    void setUp() throws Exception {
        Bubblewrap.require();
        home = SandboxHomes.create("doctor");
        repo = DemoRepo.create(tmp.resolve("repo"));
    }

    @AfterEach
    void tearDown() throws Exception {
        SandboxHomes.delete(home);
    }

    @Test
    void doctorReportsTheConfinementItMeasuredInside() {
        CliRun.Result r = new CliRun(home, repo).env("DEEPSEEK_API_KEY", "sk-test").run("doctor");
        assertThat(r.out()).contains("ok   sandbox: bubblewrap works").contains("confined in every approval mode")
                .contains("ok   sandbox: own PID namespace and /proc").contains("ok   sandbox: no network")
                .contains("/run, /tmp and FATHOM_HOME are empty; .git and .fathom are read-only").doesNotContain("NOT confined");
        assertThat(r.out()).containsPattern("ok   sandbox: commands run as uid \\d+ with no capabilities");
        if (ProcessHandle.current().info().user().orElse("").equals("root")) {
            assertThat(r.out()).contains("commands run as uid 65534");
        }
        assertThat(repo.resolve(".fathom")).doesNotExist();
    }

    /** A bubblewrap that confines nothing (it only runs the command) is not reported as a sandbox. */
    @Test
    void doctorDoesNotClaimConfinementThatDoesNotHold() throws Exception {
        Path fake = Files.createDirectories(tmp.resolve("fakebin"));
        Files.writeString(fake.resolve("bwrap"), "#!/bin/sh\nwhile [ $# -gt 0 ] && [ \"$1\" != bash ]; do shift; done\nexec \"$@\"\n");
        fake.resolve("bwrap").toFile().setExecutable(true);
        CliRun.Result r = new CliRun(home, repo).env("DEEPSEEK_API_KEY", "sk-test").env("PATH", fake + ":" + System.getenv("PATH"))
                .run("doctor");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("FAIL sandbox:").doesNotContain("ok   sandbox: own PID namespace").doesNotContain("ok   sandbox: no network");
    }
}
