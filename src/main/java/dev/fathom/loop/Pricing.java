package dev.fathom.loop;

import dev.fathom.llm.ModelTable;
import java.time.ZonedDateTime;

/** The cost in USD of one response's usage, at the prices in force when it arrived. */
@FunctionalInterface
public interface Pricing {
    double costOf(UsageTotals.Usage usage);

    /** False when no prices are known (a self-hosted server): costs are then reported as unknown (null), never as 0. */
    default boolean known() {
        return true;
    }

    /** The cost of a response from {@code model}; by default every model has the same prices. */
    default double costOf(String model, UsageTotals.Usage usage) {
        return costOf(usage);
    }

    /** Whether {@code model} has prices (a model the table does not list has none). */
    default boolean knows(String model) {
        return known();
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

    /** The model table's prices for each model, peak or off-peak by the clock at the moment a response arrives. */
    static Pricing table(ModelTable table, String mainModel) {
        return new Pricing() {
            @Override
            public double costOf(UsageTotals.Usage usage) {
                return costOf(mainModel, usage);
            }

            @Override
            public double costOf(String model, UsageTotals.Usage u) {
                return table.pricesAt(table.lookup(model, null), ZonedDateTime.now()).cost(u.cacheHitTokens(), u.cacheMissTokens(),
                        u.completionTokens());
            }

            @Override
            public boolean known() {
                return table.isKnown(mainModel);
            }

            @Override
            public boolean knows(String model) {
                return table.isKnown(model);
            }
        };
    }
}
