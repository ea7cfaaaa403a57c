package io.roadmirror.mirror;

import io.roadmirror.model.CongestionLevel;
import io.roadmirror.network.Segment;
import io.roadmirror.state.EmittedState;
import io.roadmirror.state.OpenIncidentState;
import io.roadmirror.state.Tally;
import java.util.List;

/**
 * A segment's {@link LiveState} at an event time from the sums of what counts at that time
 * (DESIGN.md "Mirror"). Rules beyond the design text: each sensor measures the whole
 * cross-section, so flow and occupancy are means over sensors; a probe vehicle weighs as one
 * vehicle in the speed mean; live readings that saw no vehicle mean an empty road (FREE_FLOW, speed
 * unknown) unless a detector is at least half occupied, a queue standing on it (speed 0); travel
 * time uses at least {@value #MIN_TRAVEL_SPEED_KPH} km/h, so a stopped segment has a long but
 * finite travel time.
 */
public final class LiveStates {
    static final double MIN_TRAVEL_SPEED_KPH = 2.0;

    private LiveStates() {}

    public static LiveState of(
            Segment segment, Tally live, List<OpenIncidentState> incidents, long asOf, MirrorThresholds rules) {
        int sensors = Math.max(0, live.getSensors());
        int probes = Math.max(0, live.getProbes());
        long weight = probes + Math.max(0, live.getSpeedWeight());
        double freeFlow = segment.freeFlowTravelTimeSeconds();
        Double speed;
        CongestionLevel level;
        if (weight > 0) {
            speed = Math.max(0, (live.getProbeSpeedMilli() + live.getSensorSpeedMilli()) / Tallies.MILLI / weight);
            level = Congestion.level(speed, segment.speedLimitKph(), rules);
        } else if (live.getStanding() > 0) {
            speed = 0.0;
            level = CongestionLevel.STOPPED;
        } else if (sensors > 0 || probes > 0) {
            speed = null; // readings, but no vehicle passed: an empty road
            level = CongestionLevel.FREE_FLOW;
        } else {
            speed = null;
            level = CongestionLevel.UNKNOWN;
        }
        double travelTime =
                speed == null ? freeFlow : segment.lengthMeters() / (Math.max(speed, MIN_TRAVEL_SPEED_KPH) / 3.6);
        Double flow = sensors == 0 ? null : round(live.getFlowMilli() / Tallies.MILLI / sensors, 1);
        Double occupancy = live.getOccupancyCount() <= 0
                ? null
                : round(live.getOccupancyMilli() / Tallies.MILLI / live.getOccupancyCount(), 10);
        List<String> incidentIds = incidents.stream()
                .map(OpenIncidentState::getIncidentId)
                .sorted()
                .toList();
        return new LiveState(
                segment.id(),
                asOf,
                level,
                speed == null ? null : round(speed, 10),
                flow,
                occupancy,
                round(travelTime, 10),
                round(freeFlow, 10),
                sensors,
                probes,
                incidentIds,
                live.getNewestReading());
    }

    /** The state as the mirror keeps it between evaluations. */
    public static EmittedState stored(LiveState s) {
        return new EmittedState(
                s.asOf(),
                s.congestion(),
                s.speedKph(),
                s.flowVehPerHour(),
                s.occupancyPct(),
                s.travelTimeSeconds(),
                s.freeFlowTravelTimeSeconds(),
                s.sensorsReporting(),
                s.probeVehicles(),
                s.openIncidentIds(),
                s.lastReadingTime());
    }

    public static LiveState fromStored(String segmentId, EmittedState s) {
        return s == null
                ? null
                : new LiveState(
                        segmentId,
                        s.getAsOf(),
                        s.getCongestion(),
                        s.getSpeedKph(),
                        s.getFlowVehPerHour(),
                        s.getOccupancyPct(),
                        s.getTravelTimeSeconds(),
                        s.getFreeFlowTravelTimeSeconds(),
                        s.getSensorsReporting(),
                        s.getProbeVehicles(),
                        s.getOpenIncidentIds(),
                        s.getLastReadingTime());
    }

    private static double round(double value, int perUnit) {
        return Math.round(value * perUnit) / (double) perUnit;
    }
}
