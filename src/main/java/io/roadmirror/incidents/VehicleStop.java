package io.roadmirror.incidents;

/**
 * A vehicle became stopped at a position ({@code stopped} true) or a stopped vehicle moved away
 * from it (false). Keyed by the segment of the stop, so all stops of a segment meet in one place.
 */
public record VehicleStop(String vehicleId, String segmentId, double offsetMeters, boolean stopped, long eventTime) {
}
