package dev.fathom.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** Turns a non-200 answer from the endpoint into a {@link V4Exception} whose message tells the user what to do. */
final class HttpErrors {
    private HttpErrors() {
    }

    static V4Exception fromResponse(int status, String body, String retryAfterHeader, ObjectMapper json) {
        String serverMessage = serverMessage(body, json);
        Duration retryAfter = parseRetryAfter(retryAfterHeader);
        return switch (status) {
            case 401 -> new V4Exception(V4Exception.Kind.AUTHENTICATION, status,
                    "the endpoint rejected the API key (401: " + serverMessage + "); check DEEPSEEK_API_KEY", null, null);
            case 402 -> new V4Exception(V4Exception.Kind.INSUFFICIENT_BALANCE, status,
                    "the account has insufficient balance (402: " + serverMessage + "); top up or use another key", null, null);
            case 400, 422 -> new V4Exception(V4Exception.Kind.INVALID_REQUEST, status,
                    "the endpoint rejected the request (" + status + "): " + serverMessage, null, null);
            case 429 -> new V4Exception(V4Exception.Kind.RATE_LIMITED, status, "rate limited (429): " + serverMessage, retryAfter, null);
            case 404 -> new V4Exception(V4Exception.Kind.INVALID_REQUEST, status, ServedModels.saysModelMissing(serverMessage)
                    ? "the endpoint does not serve this model (404: " + serverMessage + ")"
                    : "no chat completions endpoint at this URL (404); check --base-url / DEEPSEEK_BASE_URL", null, null);
            default -> status >= 500
                    ? new V4Exception(V4Exception.Kind.SERVER, status, "server error (" + status + "): " + serverMessage, retryAfter, null)
                    : new V4Exception(V4Exception.Kind.INVALID_REQUEST, status, "unexpected HTTP " + status + ": " + serverMessage, null, null);
        };
    }

    /** The server's own words: {@code error.message} (DeepSeek, vLLM), a top-level {@code message} (SGLang), or the raw body. */
    static String serverMessage(String body, ObjectMapper json) {
        if (body == null || body.isBlank()) {
            return "no details";
        }
        try {
            JsonNode root = json.readTree(body);
            JsonNode msg = root.path("error").path("message");
            if (!msg.isTextual()) {
                msg = root.path("message");
            }
            if (msg.isTextual()) {
                return msg.asText();
            }
        } catch (Exception notJson) {
            // fall through to the raw body
        }
        String trimmed = body.strip();
        return trimmed.length() > 200 ? trimmed.substring(0, 200) + "…" : trimmed;
    }

    /** Retry-After as seconds or an HTTP date; null when absent or unreadable. */
    static Duration parseRetryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (RuntimeException unreadable) {
                return null;
            }
        }
    }
}
