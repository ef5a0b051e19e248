package dev.fathom.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fathom.safety.ApprovalPolicy;
import java.nio.file.Path;

/** The part every tool shares: its wire name, its argument record and whether it mutates. */
public abstract class BaseTool<A extends Record> implements Tool<A> {
    private final String name;
    private final Class<A> argumentType;
    private final boolean mutates;

    protected BaseTool(String name, Class<A> argumentType, boolean mutates) {
        this.name = name;
        this.argumentType = argumentType;
        this.mutates = mutates;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Class<A> argumentType() {
        return argumentType;
    }

    @Override
    public final boolean mutates() {
        return mutates;
    }

    /** An edit of the call's {@code file_path}, for tools that write one file. */
    protected final ApprovalPolicy.Action editOf(JsonNode args, Path workspace) {
        return new ApprovalPolicy.Action(name, ApprovalPolicy.Kind.EDIT, args.hasNonNull("file_path")
                ? java.util.List.of(ApprovalPolicy.Action.subject(workspace, args.get("file_path").asText())) : java.util.List.of());
    }
}
