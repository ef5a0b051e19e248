package dev.fathom.tools;

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
}
