package io.roadmirror.routes;

import java.util.List;
import java.util.Locale;

/**
 * How far a route answer's ETAs were from the time the trip then took (docs/routes.md, "ETA
 * accuracy"): for each of the three times a {@code RouteResponse} gives — predicted
 * ({@code travelTimeSeconds}), live-only and free-flow — the mean absolute error (MAE), the mean
 * absolute percentage error (MAPE, of the time taken) and the mean signed error (bias: positive when
 * the ETA was too long), over the very same trips. A plain tally: a trip costs O(1), whatever the count.
 */
public final class EtaAccuracy {
    /** The three ETAs of an answer, in the order the table gives them. */
    public enum Eta {
        PREDICTED("predicted (forecasts when the trip reaches each segment)"),
        LIVE("live-only (today's travel times throughout)"),
        FREE_FLOW("free-flow (speed limits)");

        private final String label;

        Eta(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** One ETA's errors over {@code trips} trips: seconds, and percent of the time taken. */
    public record Row(Eta eta, long trips, double maeSeconds, double mapePct, double biasSeconds) {}

    public record Result(List<Row> rows) {
        public Row row(Eta eta) {
            return rows.get(eta.ordinal());
        }

        public long trips() {
            return rows.get(0).trips();
        }

        /** A markdown table, one line per ETA. */
        public String table() {
            StringBuilder t =
                    new StringBuilder("| ETA | trips | MAE | MAPE | mean error (bias) |\n|---|---|---|---|---|\n");
            for (Row r : rows) {
                t.append(String.format(
                        Locale.ROOT,
                        "| %s | %,d | %.1f s | %.1f %% | %+.1f s |%n",
                        r.eta().label(),
                        r.trips(),
                        r.maeSeconds(),
                        r.mapePct(),
                        r.biasSeconds()));
            }
            return t.toString();
        }
    }

    private final int n = Eta.values().length;
    private final double[] absolute = new double[n];
    private final double[] relative = new double[n];
    private final double[] signed = new double[n];
    private long trips;

    /**
     * One driven trip.
     *
     * @param actualSeconds the time it took; positive
     * @throws IllegalArgumentException for a time taken that is not positive, or an ETA that is not finite
     */
    public void add(double actualSeconds, double predictedSeconds, double liveSeconds, double freeFlowSeconds) {
        if (!(actualSeconds > 0) || !Double.isFinite(actualSeconds)) {
            throw new IllegalArgumentException("a trip takes a positive time, not " + actualSeconds);
        }
        double[] etas = {predictedSeconds, liveSeconds, freeFlowSeconds};
        for (double eta : etas) {
            if (!Double.isFinite(eta)) {
                throw new IllegalArgumentException("an ETA is a number of seconds, not " + eta);
            }
        }
        for (int i = 0; i < n; i++) {
            double error = etas[i] - actualSeconds;
            absolute[i] += Math.abs(error);
            relative[i] += Math.abs(error) / actualSeconds;
            signed[i] += error;
        }
        trips++;
    }

    public Result result() {
        return new Result(List.of(Eta.values()).stream()
                .map(eta -> {
                    int i = eta.ordinal();
                    return trips == 0
                            ? new Row(eta, 0, Double.NaN, Double.NaN, Double.NaN)
                            : new Row(eta, trips, absolute[i] / trips, 100 * relative[i] / trips, signed[i] / trips);
                })
                .toList());
    }
}
