package dev.fathom.llm;

/**
 * What Fathom knows about one model: its window, its output cap and its prices in USD per million tokens.
 * Prices are zero for a model the table does not list (a self-hosted server, say).
 */
public record ModelInfo(String id, int contextWindow, int maxOutput, Prices offPeak, Prices peak) {

    /** USD per million tokens. */
    public record Prices(double cacheHit, double cacheMiss, double output) {
        public static final Prices FREE = new Prices(0, 0, 0);

        /** Cost in USD of one request's usage at these prices. */
        public double cost(long cacheHitTokens, long cacheMissTokens, long outputTokens) {
            return (cacheHitTokens * cacheHit + cacheMissTokens * cacheMiss + outputTokens * output) / 1_000_000.0;
        }
    }

    public boolean known() {
        return peak != Prices.FREE;
    }
}
