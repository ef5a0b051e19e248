package dev.fathom.loop;

/** The cost in USD of one response's usage, at the prices in force when it arrived. */
@FunctionalInterface
public interface Pricing {
    double costOf(UsageTotals.Usage usage);

    /** False when no prices are known (a self-hosted server): costs are then reported as unknown (null), never as 0. */
    default boolean known() {
        return true;
    }

    Pricing FREE = u -> 0;

    /** No prices: every cost is unknown. */
    Pricing UNKNOWN = new Pricing() {
        @Override
        public double costOf(UsageTotals.Usage usage) {
            return 0;
        }

        @Override
        public boolean known() {
            return false;
        }
    };
}
