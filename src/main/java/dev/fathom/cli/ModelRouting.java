package dev.fathom.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.config.ModelRoles;
import dev.fathom.config.Settings;
import dev.fathom.llm.ModelTable;
import dev.fathom.llm.V4ChatModel;
import dev.fathom.llm.V4Options;
import dev.fathom.loop.ModelRouter;
import dev.langchain4j.model.chat.StreamingChatModel;
import java.util.function.Supplier;

/** Turns the settings' model roles into the loop's router and the sub-agents' clients. */
final class ModelRouting {
    private ModelRouting() {
    }

    /** The router for a run whose main model resolved to {@code mainId}; on another server than DeepSeek's, unset roles use the main model. */
    static ModelRouter router(Settings settings, ModelTable table, String mainId, V4Options options) {
        ModelRoles roles = settings.roles();
        ModelRoles.Resolved r = roles.resolve(mainId, options.dialect().pricesApply());
        return new ModelRouter(mainId, table.resolveName(r.explore()), table.resolveName(r.compact()), table.resolveName(r.escalate()),
                roles.escalates(), roles.escalateAfter());
    }

    /** A new client per sub-agent, on the explore model, otherwise configured like the main one. */
    static Supplier<StreamingChatModel> exploreClients(V4Options o, String exploreId, ObjectMapper json) {
        V4Options explore = new V4Options(o.baseUrl(), o.apiKey(), exploreId, o.thinking(), o.effort(), o.maxOutputTokens(),
                o.connectTimeout(), o.idleTimeout(), o.retryPolicy(), o.dialect());
        return () -> new V4ChatModel(explore, json, Version.get());
    }
}
