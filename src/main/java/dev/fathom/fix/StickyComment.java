package dev.fathom.fix;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.LongFunction;

/** The one comment a fix run keeps on a pull or merge request: found by its hidden marker and updated, else posted. */
final class StickyComment {
    static final int PAGE = 100;
    private static final int MAX_PAGES = 20;

    private StickyComment() {
    }

    /**
     * @param page the address of the {@code n}th page (from 1) of the comments, {@link #PAGE} per page, oldest first
     * @param item the address of the comment with an id
     * @return "updated" or "posted"
     */
    static String upsert(PlatformApi api, IntFunction<String> page, LongFunction<String> item, String updateMethod, String create,
            String markdown) throws IOException, InterruptedException {
        String body = PullRequests.MARKER + "\n" + markdown;
        for (int n = 1; n <= MAX_PAGES; n++) {
            JsonNode comments = api.call("GET", page.apply(n), null);
            for (JsonNode c : comments) {
                if (c.path("body").asText().contains(PullRequests.MARKER)) {
                    api.call(updateMethod, item.apply(c.path("id").asLong()), Map.of("body", body));
                    return "updated";
                }
            }
            if (comments.size() < PAGE) {
                break;
            }
        }
        api.call("POST", create, Map.of("body", body));
        return "posted";
    }
}
