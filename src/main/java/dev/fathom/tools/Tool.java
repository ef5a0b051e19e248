package dev.fathom.tools;

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
}
