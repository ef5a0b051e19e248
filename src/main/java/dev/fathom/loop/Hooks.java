package dev.fathom.loop;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fathom.safety.SecretRedactor;
import dev.fathom.safety.Shell;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The user's commands that run on agent events (settings {@code hooks}): before a tool call, after it, when a prompt
 * is submitted, when a run stops. Each gets the event as JSON on stdin. Exit code 2 from a {@code pre_tool} or
 * {@code prompt_submit} hook blocks the call or the prompt, and its stderr is what the model (or the user) is told.
 * Hooks are the user's own commands: they run unconfined, with the user's environment, in the workspace. So
 * everything a hook says (its stderr, in a block message or a warning) is redacted before anyone else sees it: it goes
 * to the endpoint and the session log, and a hook holds every secret of that environment.
 */
public final class Hooks {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    private static final int MAX_MESSAGE_BYTES = 4_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One configured hook; {@code matcher} (a regex on the tool name) applies to the tool events only. */
    public record Hook(String event, Pattern matcher, String command, Duration timeout) {
    }

    /** What running the hooks of an event decided: blocked (with the message) or not, and any warnings. */
    public record Outcome(boolean blocked, String message, List<String> warnings) {
        static final Outcome PASS = new Outcome(false, null, List.of());
    }

    public static final Hooks NONE = new Hooks(List.of(), Path.of("."), Map.of());

    private final List<Hook> hooks;
    private final Path workspace;
    private final Map<String, String> environment;
    private final SecretRedactor redactor;

    public Hooks(List<Hook> hooks, Path workspace, Map<String, String> environment) {
        this.hooks = hooks;
        this.workspace = workspace;
        this.environment = environment;
        this.redactor = SecretRedactor.from(environment);
    }

    /** Runs the hooks of {@code event} (for tool events, those whose matcher fits {@code tool}) with {@code payload}. */
    public Outcome run(String event, String tool, ObjectNode payload) {
        java.util.ArrayList<String> warnings = new java.util.ArrayList<>();
        payload.put("event", event);
        for (Hook h : hooks) {
            if (!h.event().equals(event) || (tool != null && h.matcher() != null && !h.matcher().matcher(tool).matches())) {
                continue;
            }
            Result r = execute(h, payload);
            boolean canBlock = event.equals("pre_tool") || event.equals("prompt_submit");
            if (r.exit == 2 && canBlock) {
                return new Outcome(true, redactor.redact(r.stderr.isBlank() ? "blocked by the hook `" + h.command() + "`" : r.stderr.strip()),
                        warnings);
            }
            if (r.exit != 0) {
                warnings.add(redactor.redact("hook `" + h.command() + "` " + (r.exit == -1 ? "timed out after " + h.timeout().toSeconds() + " s"
                        : "exited with " + r.exit) + (r.stderr.isBlank() ? "" : ": " + r.stderr.strip())));
            }
        }
        return warnings.isEmpty() ? Outcome.PASS : new Outcome(false, null, warnings);
    }

    public boolean isEmpty() {
        return hooks.isEmpty();
    }

    private record Result(int exit, String stderr) {
    }

    private Result execute(Hook h, ObjectNode payload) {
        Path err = null;
        try {
            err = Files.createTempFile("fathom-hook", ".err");
            ProcessBuilder pb = Shell.command(h.command(), workspace, environment).redirectErrorStream(false)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
            Process p = pb.start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(JSON.writeValueAsBytes(payload));
            } catch (IOException closedEarly) {
                // a hook may ignore its input and exit at once
            }
            if (!p.waitFor(h.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                Shell.killTree(p);
                return new Result(-1, "");
            }
            String stderr = dev.fathom.tools.ProcessOutput.read(err, 0, MAX_MESSAGE_BYTES, 0, "\u2026");
            return new Result(p.exitValue(), stderr);
        } catch (IOException e) {
            return new Result(1, "could not run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(1, "interrupted");
        } finally {
            if (err != null) {
                try {
                    Files.deleteIfExists(err);
                } catch (IOException ignored) {
                    // a temporary file
                }
            }
        }
    }
}
