package dev.fathom.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.config.ConfigException;
import dev.fathom.loop.Agent;
import dev.fathom.loop.AgentResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** What exec does with the final answer beyond printing it: hold it to {@code --output-schema}, write it to {@code -o}. */
final class FinalAnswer {
    /** The result to report, and whether its answer matches the schema. */
    record Checked(AgentResult result, boolean matches) {
    }

    private FinalAnswer() {
    }

    /**
     * Checks the answer against the schema; when it does not match, tells the model why once and checks its second
     * answer. A matching answer is reported as compact JSON; a mismatch keeps the answer and carries the reason as the
     * result's error (and on stderr).
     */
    static Checked conform(Agent agent, AgentResult result, OutputSchema schema, ObjectMapper json, Launch launch) {
        String problem;
        try {
            return matched(result, schema.check(result.finalText(), json), json);
        } catch (ConfigException e) {
            problem = e.getMessage();
        }
        launch.err().println("fathom: the answer does not match --output-schema (" + problem + "); asking once more.");
        AgentResult second = agent.run("Your final answer does not validate against the JSON Schema: " + problem
                + ". Reply with only the corrected JSON value.");
        if (second.status() != AgentResult.Status.DONE) {
            return new Checked(second, true); // a limit, an error or a signal: reported as such
        }
        try {
            return matched(second, schema.check(second.finalText(), json), json);
        } catch (ConfigException e) {
            String why = "the final answer does not match --output-schema: " + e.getMessage();
            launch.err().println("fathom: " + why);
            return new Checked(withAnswer(second, second.finalText(), why), false);
        }
    }

    private static Checked matched(AgentResult r, JsonNode value, ObjectMapper json) {
        try {
            return new Checked(withAnswer(r, json.writeValueAsString(value), null), true);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static AgentResult withAnswer(AgentResult r, String answer, String error) {
        return new AgentResult(r.status(), answer, r.limit(), error, r.turns(), r.usage(), r.costUsd(), r.durationMs(), r.model(), r.sessionId());
    }

    /** Writes the answer to {@code file} in one step: a new file beside it, then moved over it (a symlink there is replaced, not followed). */
    static void write(Path file, String answer) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(temp, answer.endsWith("\n") ? answer : answer + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
