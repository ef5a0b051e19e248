package dev.fathom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.testing.DemoRepo;
import dev.fathom.testing.FakeV4Server;
import dev.fathom.testing.Fault;
import dev.fathom.testing.Poll;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A signal during {@code exec --output json}: the run is cancelled and its JSON object is still printed. */
class ExecSignalTest {
    @TempDir
    Path tmp;

    @Test
    void sigtermStillPrintsTheJsonObject() throws Exception {
        JsonNode result = interruptedRun(Process::destroy);
        assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("interrupted");
    }

    @Test
    void sigintStillPrintsTheJsonObject() throws Exception {
        JsonNode result = interruptedRun(p -> {
            try {
                new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("interrupted");
    }

    private JsonNode interruptedRun(java.util.function.Consumer<Process> signal) throws Exception {
        Path repo = DemoRepo.create(tmp.resolve("repo"));
        Path home = Files.createDirectories(tmp.resolve("home"));
        Files.writeString(home.resolve("settings.json"), "{\"retry_base_delay_ms\": 5, \"idle_timeout_seconds\": 30}");
        try (FakeV4Server server = FakeV4Server.start()) {
            // Not endless reasoning: at full speed that passes Fathom's 4 MB runaway limit in seconds, and on a loaded
            // machine the run ended in that error before the signal came (status "error", seen at a load of 45).
            server.enqueue(Fault.reasoningThenKeepAlive(600_000));
            Path out = tmp.resolve("out.txt");
            Path err = tmp.resolve("err.txt");
            // Through env --default-signal: a test run started from a background job of a script (nohup ... &) inherits
            // SIGINT ignored, and a JVM started with SIGINT ignored leaves it ignored, as a user's background job would.
            ProcessBuilder pb = new ProcessBuilder(List.of("env", "--default-signal=INT,TERM",
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), "dev.fathom.cli.Main", "exec", "--output", "json", "think for ever"))
                    .directory(repo.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().put("DEEPSEEK_API_KEY", server.apiKey());
            pb.environment().put("DEEPSEEK_BASE_URL", server.baseUrl());
            pb.environment().put("FATHOM_HOME", home.toString());
            pb.environment().put("HOME", home.toString());
            Process p = pb.start();
            p.getOutputStream().close();
            assertThat(Poll.until(Duration.ofMinutes(3), () -> read(err).contains("thinking"))).as(read(err)).isTrue();
            signal.accept(p);
            assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
            String printed = read(out);
            assertThat(printed).as("stdout; stderr: " + read(err)).isNotBlank();
            JsonNode result = new ObjectMapper().readTree(printed);
            assertThat(result.path("session_id").asText()).isNotBlank();
            return result;
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
