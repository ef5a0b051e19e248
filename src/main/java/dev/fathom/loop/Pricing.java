package dev.fathom.loop;

/** The cost in USD of one response's usage, at the prices in force when it arrived. */
@FunctionalInterface
public interface Pricing {
    double costOf(UsageTotals.Usage usage);

    Pricing FREE = u -> 0;
}
