package dev.fathom.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads session logs back: one session by file, the sessions of a project newest first. A line that does not parse
 * (the last one, cut by a crash) is skipped and counted, never fatal.
 */
public final class SessionFiles {
    private final ObjectMapper json;
    private final MessageCodec codec;

    public SessionFiles(ObjectMapper json) {
        this.json = json;
        this.codec = new MessageCodec(json);
    }

    public StoredSession read(Path file) throws IOException {
        List<ChatMessage> messages = new ArrayList<>();
        List<String[]> plan = new ArrayList<>();
        String id = file.getFileName().toString().replaceAll("\\.jsonl$", "");
        Instant created = null;
        String workspace = null;
        String model = null;
        boolean instructions = false;
        boolean summarized = false;
        String firstPrompt = null;
        long prompt = 0;
        long completion = 0;
        double cost = 0;
        int skipped = 0;
        // Decoded leniently: a log cut inside a multi-byte character ends in a torn line, skipped below like any other.
        List<String> lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
        for (String line : lines) {
            JsonNode r;
            try {
                r = json.readTree(line);
            } catch (IOException e) {
                skipped++;
                continue;
            }
            if (r == null || !r.isObject()) {
                skipped++;
                continue;
            }
            switch (r.path("type").asText()) {
                case "session" -> {
                    id = r.path("id").asText(id);
                    created = Instant.parse(r.path("created").asText(Instant.EPOCH.toString()));
                    workspace = r.path("workspace").asText(null);
                    model = r.path("model").asText(null);
                    instructions = r.path("instructions").asBoolean(false);
                }
                case "message" -> {
                    ChatMessage m = codec.decode(r.path("message"));
                    messages.add(m);
                    int firstUser = 1 + (instructions ? 1 : 0);
                    if (firstPrompt == null && m instanceof UserMessage u && messages.size() > firstUser) {
                        firstPrompt = u.singleText();
                    }
                }
                case "compaction" -> {
                    messages.clear();
                    r.path("messages").forEach(m -> messages.add(codec.decode(m)));
                    summarized |= r.path("summarized").asBoolean(false);
                }
                case "plan" -> {
                    plan.clear();
                    r.path("steps").forEach(s -> plan.add(new String[] {s.path("step").asText(), s.path("status").asText()}));
                }
                case "usage" -> {
                    prompt += r.path("usage").path("prompt_tokens").asLong();
                    completion += r.path("usage").path("completion_tokens").asLong();
                    cost += r.path("cost_usd").asDouble();
                }
                default -> {
                    // results, errors and resumptions are for people reading the log
                }
            }
        }
        Instant last = Files.getLastModifiedTime(file).toInstant();
        return new StoredSession(id, file, created == null ? last : created, last, workspace, model, instructions, summarized, messages,
                plan, firstPrompt, prompt, completion, cost, skipped);
    }

    /** Session files in a project folder, newest activity first. */
    public List<Path> list(Path projectDir) {
        if (!Files.isDirectory(projectDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(projectDir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jsonl"))
                    .sorted(Comparator.comparing(SessionFiles::modified).reversed()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file of a session id (or a unique prefix of one) in a project folder. */
    public Optional<Path> find(Path projectDir, String idOrPrefix) {
        List<Path> matches = list(projectDir).stream().filter(p -> p.getFileName().toString().startsWith(idOrPrefix)).toList();
        return matches.size() == 1 ? Optional.of(matches.get(0)) : Optional.empty();
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
