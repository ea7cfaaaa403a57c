package io.roadmirror.advisories;

import java.time.Duration;

/**
 * When advisories are issued (DESIGN.md "Advisories").
 *
 * @param minIncidentSeverity open incidents from this severity on raise an advisory (3)
 * @param repeatWindow        the same condition again within this event time is news only if ...
 * @param detourChangeRatio   ... the detour's travel time changed by more than this share (0.20)
 * @param approachMeters      upstream segments within this road distance are told (2 km)
 * @param validity            how long a raised advisory stays valid unless renewed
 */
public record AdvisoryThresholds(
        int minIncidentSeverity,
        Duration repeatWindow,
        double detourChangeRatio,
        double approachMeters,
        Duration validity) {
    public static final AdvisoryThresholds DEFAULTS =
            new AdvisoryThresholds(3, Duration.ofSeconds(60), 0.20, 2000, Duration.ofMinutes(15));
}
