package io.roadmirror.api;

import io.roadmirror.mirror.LiveState;
import io.roadmirror.model.SegmentState;
import java.util.List;

/** A segment's live state as the API shows it (the fields of the contract's SegmentState). */
public record LiveStateView(
        String segmentId,
        String asOf,
        String congestion,
        Double speedKph,
        Double flowVehPerHour,
        Double occupancyPct,
        double travelTimeSeconds,
        double freeFlowTravelTimeSeconds,
        int sensorsReporting,
        int probeVehicles,
        List<String> openIncidentIds,
        String lastReadingTime) {

    static LiveStateView of(LiveState s) {
        return new LiveStateView(
                s.segmentId(),
                Times.iso(s.asOf()),
                s.congestion().name(),
                s.speedKph(),
                s.flowVehPerHour(),
                s.occupancyPct(),
                s.travelTimeSeconds(),
                s.freeFlowTravelTimeSeconds(),
                s.sensorsReporting(),
                s.probeVehicles(),
                s.openIncidentIds(),
                Times.iso(s.lastReadingTime()));
    }

    static LiveStateView of(SegmentState s) {
        return new LiveStateView(
                s.getSegmentId(),
                Times.iso(s.getAsOf()),
                s.getCongestion().name(),
                s.getSpeedKph(),
                s.getFlowVehPerHour(),
                s.getOccupancyPct(),
                s.getTravelTimeSeconds(),
                s.getFreeFlowTravelTimeSeconds(),
                s.getSensorsReporting(),
                s.getProbeVehicles(),
                List.copyOf(s.getOpenIncidentIds()),
                Times.iso(s.getLastReadingTime()));
    }
}
