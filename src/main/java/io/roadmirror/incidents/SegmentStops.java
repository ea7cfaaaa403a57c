package io.roadmirror.incidents;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The crash rule for one segment: two or more stopped vehicles at the same position are a CRASH
 * (source DETECTED) that clears when fewer than that remain stopped there (DESIGN.md "Incidents").
 * A crash's incident id is derived from the segment and the event time it was detected, so the
 * same input always yields the same id.
 */
public record SegmentStops(String segmentId, Map<String, VehicleStop> stopped, List<DetectedCrash> crashes) {

    public record DetectedCrash(String incidentId, double offsetMeters, List<String> vehicleIds, long openedAt) {
        public DetectedCrash {
            vehicleIds = List.copyOf(new TreeSet<>(vehicleIds));
        }
    }

    /** A crash that opened or cleared with this step. */
    public record CrashChange(DetectedCrash crash, boolean opened, long eventTime) {}

    public record Step(SegmentStops stops, Optional<CrashChange> change) {}

    public SegmentStops {
        stopped = Map.copyOf(stopped);
        crashes = List.copyOf(crashes);
    }

    public static SegmentStops empty(String segmentId) {
        return new SegmentStops(segmentId, Map.of(), List.of());
    }

    public boolean isEmpty() {
        return stopped.isEmpty() && crashes.isEmpty();
    }

    public Step apply(VehicleStop stop, DetectorThresholds rules) {
        return stop.stopped() ? onStopped(stop, rules) : onMoved(stop, rules);
    }

    private Step onStopped(VehicleStop stop, DetectorThresholds rules) {
        Map<String, VehicleStop> nextStopped = new TreeMap<>(stopped);
        nextStopped.put(stop.vehicleId(), stop);
        List<DetectedCrash> nextCrashes = new ArrayList<>(crashes);
        for (int i = 0; i < nextCrashes.size(); i++) {
            DetectedCrash crash = nextCrashes.get(i);
            if (Math.abs(crash.offsetMeters() - stop.offsetMeters()) <= rules.positionToleranceMeters()) {
                List<String> vehicles = new ArrayList<>(crash.vehicleIds());
                vehicles.add(stop.vehicleId());
                nextCrashes.set(
                        i, new DetectedCrash(crash.incidentId(), crash.offsetMeters(), vehicles, crash.openedAt()));
                return new Step(new SegmentStops(segmentId, nextStopped, nextCrashes), Optional.empty());
            }
        }
        List<String> together = new ArrayList<>();
        for (VehicleStop other : nextStopped.values()) {
            if (Math.abs(other.offsetMeters() - stop.offsetMeters()) <= rules.positionToleranceMeters()) {
                together.add(other.vehicleId());
            }
        }
        if (together.size() < rules.minStoppedVehicles()) {
            return new Step(new SegmentStops(segmentId, nextStopped, nextCrashes), Optional.empty());
        }
        DetectedCrash crash = new DetectedCrash(
                "det-" + segmentId + "-" + stop.eventTime(), stop.offsetMeters(), together, stop.eventTime());
        nextCrashes.add(crash);
        return new Step(
                new SegmentStops(segmentId, nextStopped, nextCrashes),
                Optional.of(new CrashChange(crash, true, stop.eventTime())));
    }

    private Step onMoved(VehicleStop stop, DetectorThresholds rules) {
        if (!stopped.containsKey(stop.vehicleId())) {
            return new Step(this, Optional.empty());
        }
        Map<String, VehicleStop> nextStopped = new TreeMap<>(stopped);
        nextStopped.remove(stop.vehicleId());
        List<DetectedCrash> nextCrashes = new ArrayList<>();
        Optional<CrashChange> change = Optional.empty();
        for (DetectedCrash crash : crashes) {
            if (!crash.vehicleIds().contains(stop.vehicleId())) {
                nextCrashes.add(crash);
                continue;
            }
            List<String> remaining = new ArrayList<>(crash.vehicleIds());
            remaining.remove(stop.vehicleId());
            if (remaining.size() >= rules.minStoppedVehicles()) {
                nextCrashes.add(
                        new DetectedCrash(crash.incidentId(), crash.offsetMeters(), remaining, crash.openedAt()));
            } else {
                change = Optional.of(new CrashChange(crash, false, stop.eventTime()));
            }
        }
        return new Step(new SegmentStops(segmentId, nextStopped, nextCrashes), change);
    }
}
