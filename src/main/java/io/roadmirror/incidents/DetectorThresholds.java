package io.roadmirror.incidents;

import java.time.Duration;

/**
 * The stopped-vehicle crash detector's thresholds (DESIGN.md "Incidents", after Linear Road).
 *
 * @param stoppedReports        consecutive speed-0 reports at one position that make a vehicle stopped (4)
 * @param minStoppedVehicles    stopped vehicles at one position that make a crash (2)
 * @param positionToleranceMeters reports this close along the segment are "the same position"
 * @param silenceTimeout        a stopped vehicle that has not reported for this long is forgotten
 * @param crashSeverity         severity given to a detected CRASH
 * @param clearedRetention      how long a cleared incident id is remembered for de-duplication
 * @param maxOpen               an OPEN incident no report touches for this long is closed by the pipeline ({@code incident.max-open})
 */
public record DetectorThresholds(
        int stoppedReports,
        int minStoppedVehicles,
        double positionToleranceMeters,
        Duration silenceTimeout,
        int crashSeverity,
        Duration clearedRetention,
        Duration maxOpen) {

    public static final DetectorThresholds DEFAULTS =
            new DetectorThresholds(4, 2, 10.0, Duration.ofMinutes(15), 3, Duration.ofHours(24));

    public DetectorThresholds(
            int stoppedReports,
            int minStoppedVehicles,
            double positionToleranceMeters,
            Duration silenceTimeout,
            int crashSeverity,
            Duration clearedRetention) {
        this(
                stoppedReports,
                minStoppedVehicles,
                positionToleranceMeters,
                silenceTimeout,
                crashSeverity,
                clearedRetention,
                Duration.ofHours(12));
    }

    public DetectorThresholds withMaxOpen(Duration maxOpen) {
        return new DetectorThresholds(
                stoppedReports,
                minStoppedVehicles,
                positionToleranceMeters,
                silenceTimeout,
                crashSeverity,
                clearedRetention,
                maxOpen);
    }
}
