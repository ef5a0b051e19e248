package dev.fathom.tools;

import java.util.ArrayList;
import java.util.List;

/** {@code update_plan}: replaces the plan with the model's step list; front ends show it. */
public final class UpdatePlanTool extends BaseTool<UpdatePlanTool.Args> {
    public static final int MAX_STEPS = 50;

    public record Item(String step, String status) {
    }

    public record Args(List<Item> items) {
    }

    public UpdatePlanTool() {
        super("update_plan", Args.class, false);
    }

    @Override
    public ToolResult run(Args args, ToolContext ctx) throws ToolException {
        if (args.items().isEmpty()) {
            throw new ToolException("items is empty; give the whole plan as a list of {step, status}.");
        }
        if (args.items().size() > MAX_STEPS) {
            throw new ToolException("The plan has " + args.items().size() + " steps; keep it to " + MAX_STEPS + " or fewer.");
        }
        List<Plan.Step> steps = new ArrayList<>();
        int inProgress = 0;
        int done = 0;
        for (int i = 0; i < args.items().size(); i++) {
            Item item = args.items().get(i);
            if (item.step().isBlank()) {
                throw new ToolException("items[" + i + "].step is empty; describe the step in a few words.");
            }
            inProgress += item.status().equals("in_progress") ? 1 : 0;
            done += item.status().equals("completed") ? 1 : 0;
            steps.add(new Plan.Step(item.step().strip(), item.status()));
        }
        if (inProgress > 1) {
            throw new ToolException("Only one step may be in_progress at a time; " + inProgress + " are. Mark the others pending or completed.");
        }
        ctx.plan().replace(steps);
        return ToolResult.ok("Plan updated (" + done + " of " + steps.size() + " completed):\n" + Plan.render(steps),
                done + "/" + steps.size() + " done");
    }
}
