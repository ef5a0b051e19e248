package dev.fathom.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Set;

/**
 * The models Fathom uses besides the main one (settings {@code models} and {@code escalate_after}, flag {@code --models}).
 * A role left null takes its default when the run starts: {@code flash} for explore and compact and {@code pro} for
 * escalate on DeepSeek's own service, the main model elsewhere (a self-hosted server usually serves one model).
 *
 * @param auto the main model was given as {@code auto}: start on Flash and escalate
 * @param escalateAfter how many failed tool calls of the same kind in a row move the run to the escalate model
 */
public record ModelRoles(String explore, String compact, String escalate, boolean auto, int escalateAfter) {
    public static final int DEFAULT_ESCALATE_AFTER = 3;
    public static final ModelRoles DEFAULT = new ModelRoles(null, null, null, false, DEFAULT_ESCALATE_AFTER);
    private static final Set<String> ROLES = Set.of("main", "explore", "compact", "escalate");

    /** Escalation applies under {@code auto}, or when the user named an escalate model. */
    public boolean escalates() {
        return auto || escalate != null;
    }

    public ModelRoles withAuto(boolean on) {
        return new ModelRoles(explore, compact, escalate, on, escalateAfter);
    }

    public ModelRoles withEscalateAfter(int n) {
        return new ModelRoles(explore, compact, escalate, auto, n);
    }

    /** This with one role set; {@code main} is not a role here (it is the {@code model} setting). */
    ModelRoles with(String role, String model) {
        return switch (role) {
            case "explore" -> new ModelRoles(model, compact, escalate, auto, escalateAfter);
            case "compact" -> new ModelRoles(explore, model, escalate, auto, escalateAfter);
            case "escalate" -> new ModelRoles(explore, compact, model, auto, escalateAfter);
            default -> throw new IllegalArgumentException(role);
        };
    }

    /** One assignment from a settings object or the flag; returns the main model when the role is main, else null. */
    interface MainSink {
        void main(String model);
    }

    /** Applies a settings {@code models} object: {@code {"explore": "flash", "escalate": "pro"}}. */
    ModelRoles apply(JsonNode models, String where, MainSink main) {
        if (!models.isObject()) {
            throw new ConfigException(where + " must be an object of role to model, e.g. {\"explore\": \"flash\"}.");
        }
        ModelRoles r = this;
        for (Iterator<String> it = models.fieldNames(); it.hasNext(); ) {
            String role = it.next();
            JsonNode v = models.get(role);
            if (!v.isTextual() || v.asText().isBlank()) {
                throw new ConfigException(where + "." + role + " must be a model name (pro, flash or an id).");
            }
            r = r.assign(role, v.asText().strip(), where, main);
        }
        return r;
    }

    /** Applies the flag's {@code role=model[,role=model]}. */
    ModelRoles applyFlag(String spec, MainSink main) {
        ModelRoles r = this;
        for (String part : spec.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0 || eq == part.length() - 1) {
                throw new ConfigException("--models takes role=model pairs separated by commas (roles: main, explore, compact, escalate), got '"
                        + spec + "'.");
            }
            r = r.assign(part.substring(0, eq).strip(), part.substring(eq + 1).strip(), "--models", main);
        }
        return r;
    }

    private ModelRoles assign(String role, String model, String where, MainSink main) {
        if (!ROLES.contains(role)) {
            throw new ConfigException(where + ": unknown model role '" + role + "'. Roles: main, explore, compact, escalate.");
        }
        if (role.equals("main")) {
            main.main(model);
            return this;
        }
        if (model.equals("auto")) {
            throw new ConfigException(where + ": only the main model can be auto, not " + role + ".");
        }
        return with(role, model);
    }

    static int checkEscalateAfter(int n, String where) {
        if (n < 1) {
            throw new ConfigException(where + " must be at least 1, got " + n + ".");
        }
        return n;
    }

    /** The role models in force: defaults filled in for DeepSeek's service ({@code deepseekService}), else the main model. */
    public Resolved resolve(String main, boolean deepseekService) {
        String explore = this.explore != null ? this.explore : deepseekService ? "flash" : main;
        String compact = this.compact != null ? this.compact : deepseekService ? "flash" : main;
        String escalate = this.escalate != null ? this.escalate : deepseekService ? "pro" : main;
        return new Resolved(main, explore, compact, escalate);
    }

    /** Model names (aliases or ids) for each role. */
    public record Resolved(String main, String explore, String compact, String escalate) {
    }
}
