package dev.fathom.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fathom.safety.ApprovalPolicy;
import java.nio.file.Path;
import java.util.List;

/**
 * One tool the model can call. Its wire name, description ({@code tools/<name>.md}) and JSON schema
 * ({@code tools/<name>.schema.json}) are the contract; {@code A} is the record its arguments bind to (snake_case on
 * the wire). A failure the model can act on is thrown as {@link ToolException}; the registry turns it into the result.
 */
public interface Tool<A extends Record> {

    /** The wire name, a snake_case verb. */
    String name();

    Class<A> argumentType();

    /** Whether the tool can change files or run commands (the approval policy asks about these). */
    boolean mutates();

    ToolResult run(A args, ToolContext context) throws ToolException, InterruptedException;

    /**
     * What a call with these (raw, unvalidated) arguments does, for the approval policy: by default a read when the
     * tool does not mutate and something to ask about when it does, with its {@code file_path} as the subject.
     * Tools that edit paths or run commands say so.
     */
    default ApprovalPolicy.Action action(JsonNode args, Path workspace) {
        List<String> subjects = args.hasNonNull("file_path") ? List.of(ApprovalPolicy.Action.subject(workspace, args.get("file_path").asText()))
                : List.of();
        return new ApprovalPolicy.Action(name(), mutates() ? ApprovalPolicy.Kind.OTHER : ApprovalPolicy.Kind.READ, subjects);
    }
}
