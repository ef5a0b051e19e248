package dev.fathom.tools;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** The model's current plan: its steps with statuses, as last set by {@code update_plan}. Listeners hear each change. */
public final class Plan {

    /** One step; status is pending, in_progress or completed. */
    public record Step(String step, String status) {
    }

    private volatile List<Step> steps = List.of();
    private final List<Consumer<List<Step>>> listeners = new CopyOnWriteArrayList<>();

    public List<Step> steps() {
        return steps;
    }

    public void onChange(Consumer<List<Step>> listener) {
        listeners.add(listener);
    }

    public void replace(List<Step> newSteps) {
        steps = List.copyOf(newSteps);
        listeners.forEach(l -> l.accept(steps));
    }

    /** The plan as a checklist: [x] done, [>] in progress, [ ] pending. */
    public static String render(List<Step> steps) {
        StringBuilder sb = new StringBuilder();
        for (Step s : steps) {
            String box = switch (s.status()) {
                case "completed" -> "[x]";
                case "in_progress" -> "[>]";
                default -> "[ ]";
            };
            sb.append(box).append(' ').append(s.step()).append('\n');
        }
        return sb.toString();
    }
}
