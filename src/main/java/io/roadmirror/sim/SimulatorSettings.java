package io.roadmirror.sim;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * How the simulated city behaves.
 *
 * @param speedup        simulated seconds per wall-clock second (until the simulated clock catches up with the wall clock)
 * @param seed           same seed, same start: the same events
 * @param gateways       IoT gateways; sensors and probe vehicles are spread over them
 * @param probeVehicles  connected vehicles travelling routes and reporting positions
 * @param incidentsPerHour incidents starting per simulated hour over the whole network
 * @param start          simulated start time; empty: a morning about a day before now, so the fast replay stays in the past
 * @param realism        the imperfections of real gateways
 */
public record SimulatorSettings(
        double speedup,
        long seed,
        int gateways,
        int probeVehicles,
        double incidentsPerHour,
        Optional<Instant> start,
        Realism realism) {

    /** Sensor and probe reports are every 30 s, as loop detectors commonly aggregate. */
    public static final Duration REPORT_INTERVAL = Duration.ofSeconds(30);

    /**
     * @param dropoutRate   chance per report that a sensor falls silent for 10 minutes
     * @param duplicateRate chance that a reading is sent twice
     * @param lateRate      chance that a reading is held back two minutes (so it arrives LATE)
     * @param clockSkew     each sensor's clock is off by up to this much, either way
     * @param garbageRate   chance that a gateway sends bytes that are not a record at all
     */
    public record Realism(
            double dropoutRate, double duplicateRate, double lateRate, Duration clockSkew, double garbageRate) {
        public static final Realism NONE = new Realism(0, 0, 0, Duration.ZERO, 0);
    }

    public static SimulatorSettings defaults(long seed) {
        return new SimulatorSettings(60, seed, 4, 150, 8, Optional.empty(), Realism.NONE);
    }

    /** The simulated start: the given one, or 06:30 UTC of the day that is at least 30 hours before {@code now}. */
    public Instant startOrDefault(Instant now) {
        return start.orElseGet(() -> {
            Instant dayBefore = now.minus(Duration.ofHours(30));
            Instant morning = dayBefore.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofMinutes(6 * 60 + 30));
            return morning.isAfter(dayBefore) ? morning.minus(Duration.ofDays(1)) : morning;
        });
    }
}
