package dev.fathom.tools;

/**
 * {@code explore}: hands a read-only investigation to a sub-agent on the cheaper explore model, with its own context,
 * and returns its report. It changes nothing, so several explore calls in one turn run together.
 */
public final class ExploreTool extends BaseTool<ExploreTool.Args> {
    public static final String NAME = "explore";

    public record Args(String task) {
    }

    private final Explorer explorer;

    public ExploreTool(Explorer explorer) {
        super(NAME, Args.class, false);
        this.explorer = explorer;
    }

    @Override
    public ToolResult run(Args args, ToolContext ctx) throws ToolException, InterruptedException {
        if (args.task() == null || args.task().isBlank()) {
            throw new ToolException("task is empty; say what to find out, e.g. \"where is the retry delay computed and how is it tested\".");
        }
        return explorer.explore(args.task().strip(), ctx);
    }
}
