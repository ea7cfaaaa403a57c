package io.roadmirror.incidents;

import io.roadmirror.model.IncidentReport;
import io.roadmirror.model.IncidentSource;
import io.roadmirror.model.IncidentStatus;
import io.roadmirror.model.IncidentType;
import io.roadmirror.state.DetectedCrashState;
import io.roadmirror.state.SegmentStopsState;
import io.roadmirror.state.VehicleStopInput;
import io.roadmirror.streams.PipelineMetrics;
import io.roadmirror.streams.StoreBuilders;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * The crash rule ({@link SegmentStops}) over a segment's vehicle stops, run by the segment side
 * behind the mirror's watermark: the stops of one evaluation come in event-time order, so which
 * vehicles stand together, and so which crash opens with which id, depends on event time only,
 * not on which source task happened to deliver first. Its memory per segment is the stopped
 * vehicles and their crashes ({@value IncidentTopology#STOPS_STORE}), never the traffic.
 */
public final class CrashDetector {
    private final DetectorThresholds rules;
    private final PipelineMetrics metrics;
    private final KeyValueStore<String, SegmentStopsState> store;

    /** A crash that opened or cleared: the change the mirror applies, and the report published on incident.reports. */
    public record Detected(IncidentChange change, IncidentReport report) {}

    public CrashDetector(
            DetectorThresholds rules, PipelineMetrics metrics, KeyValueStore<String, SegmentStopsState> store) {
        this.rules = rules;
        this.metrics = metrics;
        this.store = store;
    }

    public static StoreBuilder<KeyValueStore<String, SegmentStopsState>> storeBuilder() {
        return StoreBuilders.versioned(IncidentTopology.STOPS_STORE, SegmentStopsState.class);
    }

    /** Applies a segment's stops, which the caller gives in event-time order; @return the crashes that opened or cleared. */
    public List<Detected> apply(String segmentId, List<VehicleStop> stops) {
        if (stops.isEmpty()) {
            return List.of();
        }
        SegmentStops current = fromState(segmentId, store.get(segmentId));
        List<Detected> detected = new ArrayList<>();
        for (VehicleStop stop : stops) {
            SegmentStops.Step step = current.apply(stop, rules);
            current = step.stops();
            step.change().ifPresent(change -> detected.add(detected(segmentId, change)));
        }
        if (current.isEmpty()) {
            store.delete(segmentId);
        } else {
            store.put(segmentId, toState(current));
        }
        return detected;
    }

    public void forget(String segmentId) {
        store.delete(segmentId);
    }

    private Detected detected(String segmentId, SegmentStops.CrashChange change) {
        SegmentStops.DetectedCrash crash = change.crash();
        IncidentStatus status = change.opened() ? IncidentStatus.OPEN : IncidentStatus.CLEARED;
        metrics.detectedIncident(status.name());
        IncidentChange incident = new IncidentChange(
                change.opened() ? IncidentChange.Kind.OPENED : IncidentChange.Kind.CLEARED,
                crash.incidentId(),
                segmentId,
                IncidentType.CRASH,
                rules.crashSeverity(),
                change.eventTime(),
                crash.openedAt(),
                IncidentSource.DETECTED);
        IncidentReport report = new IncidentReport(
                crash.incidentId(),
                segmentId,
                Instant.ofEpochMilli(change.eventTime()),
                IncidentType.CRASH,
                rules.crashSeverity(),
                status,
                IncidentSource.DETECTED,
                String.format(
                        Locale.ROOT,
                        "%d probe vehicles stopped at %.0f m (%s)",
                        crash.vehicleIds().size(),
                        crash.offsetMeters(),
                        String.join(", ", crash.vehicleIds())));
        return new Detected(incident, report);
    }

    static SegmentStops fromState(String segmentId, SegmentStopsState state) {
        if (state == null) {
            return SegmentStops.empty(segmentId);
        }
        Map<String, VehicleStop> stopped = new TreeMap<>();
        for (VehicleStopInput s : state.getStopped()) {
            stopped.put(s.getVehicleId(), VehicleStop.of(segmentId, s));
        }
        List<SegmentStops.DetectedCrash> crashes = new ArrayList<>();
        for (DetectedCrashState c : state.getCrashes()) {
            crashes.add(new SegmentStops.DetectedCrash(
                    c.getIncidentId(), c.getOffsetMeters(), c.getVehicleIds(), c.getOpenedAt()));
        }
        return new SegmentStops(segmentId, stopped, crashes);
    }

    static SegmentStopsState toState(SegmentStops stops) {
        List<VehicleStopInput> stopped = new ArrayList<>();
        stops.stopped().values().stream()
                .sorted(Comparator.comparing(VehicleStop::vehicleId))
                .forEach(s -> stopped.add(s.toInput()));
        List<DetectedCrashState> crashes = new ArrayList<>();
        for (SegmentStops.DetectedCrash c : stops.crashes()) {
            crashes.add(new DetectedCrashState(
                    c.incidentId(), c.offsetMeters(), new ArrayList<>(c.vehicleIds()), c.openedAt()));
        }
        return new SegmentStopsState(stopped, crashes);
    }
}
