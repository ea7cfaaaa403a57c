package io.roadmirror.mirror;

import io.roadmirror.model.CongestionLevel;
import io.roadmirror.network.Segment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the mirror keeps about one segment, and the fusion rule that turns it into a
 * {@link LiveState} (DESIGN.md "Mirror"): the latest reading of each sensor and the latest speed of
 * each probe vehicle within the trailing horizon, the open incidents, and the state last published.
 * Immutable; every change returns a new value, or {@code null} when the input changes nothing.
 *
 * <p>Rules beyond the design text, stated once here: each sensor measures the segment's whole
 * cross-section, so flow and occupancy are means over sensors; a probe vehicle weighs as one
 * vehicle in the speed mean; live readings that saw no vehicle mean an empty road (FREE_FLOW, speed
 * unknown) unless a detector is at least {@value #STANDING_OCCUPANCY_PCT} % occupied, which means a
 * queue standing on it (speed 0); travel time uses at least {@value #MIN_TRAVEL_SPEED_KPH} km/h so a
 * stopped segment has a long but finite travel time.
 *
 * @param reviewAt the event time at which the mirror's expiry index looks at this segment again (at
 *                 or before {@link #nextExpiry}), or null when it is not scheduled
 */
public record SegmentFusion(Map<String, SensorSample> sensors, Map<String, ProbeSample> probes,
                            Map<String, OpenIncident> incidents, Long newestReadingTime, LiveState lastEmitted, Long reviewAt) {

    static final double STANDING_OCCUPANCY_PCT = 50.0;
    static final double MIN_TRAVEL_SPEED_KPH = 2.0;

    public SegmentFusion {
        sensors = Map.copyOf(sensors);
        probes = Map.copyOf(probes);
        incidents = Map.copyOf(incidents);
    }

    public static SegmentFusion empty() {
        return new SegmentFusion(Map.of(), Map.of(), Map.of(), null, null, null);
    }

    /** The reading replaces the sensor's previous one if it is newer; a duplicate or older one changes nothing (null). */
    public SegmentFusion withReading(SensorSample sample) {
        SensorSample current = sensors.get(sample.sensorId());
        if (current != null && current.eventTime() >= sample.eventTime()) {
            return null;
        }
        Map<String, SensorSample> next = new TreeMap<>(sensors);
        next.put(sample.sensorId(), sample);
        return new SegmentFusion(next, probes, incidents, newest(sample.eventTime()), lastEmitted, reviewAt);
    }

    public SegmentFusion withProbe(ProbeSample sample) {
        ProbeSample current = probes.get(sample.vehicleId());
        if (current != null && current.eventTime() >= sample.eventTime()) {
            return null;
        }
        Map<String, ProbeSample> next = new TreeMap<>(probes);
        next.put(sample.vehicleId(), sample);
        return new SegmentFusion(sensors, next, incidents, newest(sample.eventTime()), lastEmitted, reviewAt);
    }

    public SegmentFusion withIncidentOpen(OpenIncident incident) {
        if (incident.equals(incidents.get(incident.incidentId()))) {
            return null;
        }
        Map<String, OpenIncident> next = new TreeMap<>(incidents);
        next.put(incident.incidentId(), incident);
        return new SegmentFusion(sensors, probes, next, newestReadingTime, lastEmitted, reviewAt);
    }

    public SegmentFusion withIncidentCleared(String incidentId) {
        if (!incidents.containsKey(incidentId)) {
            return null;
        }
        Map<String, OpenIncident> next = new TreeMap<>(incidents);
        next.remove(incidentId);
        return new SegmentFusion(sensors, probes, next, newestReadingTime, lastEmitted, reviewAt);
    }

    public SegmentFusion withEmitted(LiveState state) {
        return new SegmentFusion(sensors, probes, incidents, newestReadingTime, state, reviewAt);
    }

    public SegmentFusion withReviewAt(Long at) {
        return java.util.Objects.equals(at, reviewAt) ? this : new SegmentFusion(sensors, probes, incidents, newestReadingTime, lastEmitted, at);
    }

    /** Drops samples that are no longer live at {@code now}: they will never count again. */
    public SegmentFusion pruned(long now, Duration horizon) {
        Map<String, SensorSample> liveSensors = new TreeMap<>();
        sensors.forEach((id, s) -> {
            if (isLive(s.eventTime(), now, horizon)) {
                liveSensors.put(id, s);
            }
        });
        Map<String, ProbeSample> liveProbes = new TreeMap<>();
        probes.forEach((id, p) -> {
            if (isLive(p.eventTime(), now, horizon)) {
                liveProbes.put(id, p);
            }
        });
        if (liveSensors.size() == sensors.size() && liveProbes.size() == probes.size()) {
            return this;
        }
        return new SegmentFusion(liveSensors, liveProbes, incidents, newestReadingTime, lastEmitted, reviewAt);
    }

    /** A sample counts while it is at most one horizon old. */
    static boolean isLive(long eventTime, long now, Duration horizon) {
        return now - eventTime <= horizon.toMillis();
    }

    /** The first event time at which some sample stops counting, or null when none counts. */
    public Long nextExpiry(Duration horizon) {
        long oldest = Long.MAX_VALUE;
        for (SensorSample s : sensors.values()) {
            oldest = Math.min(oldest, s.eventTime());
        }
        for (ProbeSample p : probes.values()) {
            oldest = Math.min(oldest, p.eventTime());
        }
        return oldest == Long.MAX_VALUE ? null : oldest + horizon.toMillis() + 1;
    }

    private Long newest(long eventTime) {
        return newestReadingTime == null ? eventTime : Math.max(newestReadingTime, eventTime);
    }

    /** The segment's live state at event time {@code now}, from the samples live at that time. */
    public LiveState evaluate(Segment segment, long now, MirrorRules rules) {
        List<SensorSample> liveSensors = new ArrayList<>();
        for (SensorSample s : sensors.values()) {
            if (isLive(s.eventTime(), now, rules.horizon())) {
                liveSensors.add(s);
            }
        }
        List<ProbeSample> liveProbes = new ArrayList<>();
        for (ProbeSample p : probes.values()) {
            if (isLive(p.eventTime(), now, rules.horizon())) {
                liveProbes.add(p);
            }
        }
        double freeFlow = segment.freeFlowTravelTimeSeconds();

        double weightedSpeed = 0;
        double weight = 0;
        boolean standing = false;
        double flowSum = 0;
        double occupancySum = 0;
        int occupancyCount = 0;
        for (SensorSample s : liveSensors) {
            if (s.speedKph() != null && s.vehicleCount() > 0) {
                weightedSpeed += s.speedKph() * s.vehicleCount();
                weight += s.vehicleCount();
            }
            flowSum += s.vehicleCount() * 3600.0 / s.intervalSeconds();
            if (s.occupancyPct() != null) {
                occupancySum += s.occupancyPct();
                occupancyCount++;
                standing |= s.vehicleCount() == 0 && s.occupancyPct() >= STANDING_OCCUPANCY_PCT;
            }
        }
        for (ProbeSample p : liveProbes) {
            weightedSpeed += p.speedKph();
            weight += 1;
        }

        Double speed;
        CongestionLevel level;
        if (weight > 0) {
            speed = weightedSpeed / weight;
            level = Congestion.level(speed, segment.speedLimitKph(), rules);
        } else if (standing) {
            speed = 0.0;
            level = CongestionLevel.STOPPED;
        } else if (!liveSensors.isEmpty() || !liveProbes.isEmpty()) {
            speed = null; // readings, but no vehicle passed: an empty road
            level = CongestionLevel.FREE_FLOW;
        } else {
            speed = null;
            level = CongestionLevel.UNKNOWN;
        }
        double travelTime = speed == null ? freeFlow : segment.lengthMeters() / (Math.max(speed, MIN_TRAVEL_SPEED_KPH) / 3.6);
        Double flow = liveSensors.isEmpty() ? null : round(flowSum / liveSensors.size(), 1);
        Double occupancy = occupancyCount == 0 ? null : round(occupancySum / occupancyCount, 10);
        return new LiveState(segment.id(), now, level, speed == null ? null : round(speed, 10), flow, occupancy,
                round(travelTime, 10), round(freeFlow, 10), liveSensors.size(), liveProbes.size(),
                List.copyOf(new TreeMap<>(incidents).keySet()), newestReadingTime);
    }

    private static double round(double value, int perUnit) {
        return Math.round(value * perUnit) / (double) perUnit;
    }
}
