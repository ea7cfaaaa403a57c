package io.roadmirror.mirror;

import io.roadmirror.model.CongestionLevel;
import io.roadmirror.model.SegmentState;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the mirror knows about a segment at one event time: the plain-Java form of
 * {@link SegmentState}. Values are rounded (0.1 km/h, 1 veh/h, 0.1 %, 0.1 s) so that "changed"
 * means a change a person would see, not floating-point noise.
 */
public record LiveState(
        String segmentId,
        long asOf,
        CongestionLevel congestion,
        Double speedKph,
        Double flowVehPerHour,
        Double occupancyPct,
        double travelTimeSeconds,
        double freeFlowTravelTimeSeconds,
        int sensorsReporting,
        int probeVehicles,
        List<String> openIncidentIds,
        Long lastReadingTime) {

    public LiveState {
        openIncidentIds = List.copyOf(openIncidentIds);
    }

    /** Same content, ignoring when it was computed. */
    public boolean sameAs(LiveState other) {
        return other != null
                && congestion == other.congestion
                && Objects.equals(speedKph, other.speedKph)
                && Objects.equals(flowVehPerHour, other.flowVehPerHour)
                && Objects.equals(occupancyPct, other.occupancyPct)
                && travelTimeSeconds == other.travelTimeSeconds
                && freeFlowTravelTimeSeconds == other.freeFlowTravelTimeSeconds
                && sensorsReporting == other.sensorsReporting
                && probeVehicles == other.probeVehicles
                && openIncidentIds.equals(other.openIncidentIds);
    }

    public SegmentState toAvro() {
        return SegmentState.newBuilder()
                .setSegmentId(segmentId)
                .setAsOf(Instant.ofEpochMilli(asOf))
                .setCongestion(congestion)
                .setSpeedKph(speedKph)
                .setFlowVehPerHour(flowVehPerHour)
                .setOccupancyPct(occupancyPct)
                .setTravelTimeSeconds(travelTimeSeconds)
                .setFreeFlowTravelTimeSeconds(freeFlowTravelTimeSeconds)
                .setSensorsReporting(sensorsReporting)
                .setProbeVehicles(probeVehicles)
                .setOpenIncidentIds(openIncidentIds)
                .setLastReadingTime(lastReadingTime == null ? null : Instant.ofEpochMilli(lastReadingTime))
                .build();
    }
}
