package io.roadmirror.mirror;

import io.roadmirror.incidents.VehicleStop;
import io.roadmirror.state.IncidentInput;
import io.roadmirror.state.OpenIncidentState;
import io.roadmirror.state.SegmentLedger;
import io.roadmirror.state.SensorLatest;
import io.roadmirror.state.VehicleStopInput;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The parts of a segment's {@link SegmentLedger} that are not sums: the latest reading of each
 * sensor (to know which one a newer reading replaces), the open incidents, and incident changes
 * that are not due yet. All bounded: sensors are the segment's own detectors (at most
 * {@value #MAX_SENSORS}, the oldest leaves first) and forget a reading once it no longer counts.
 */
public final class SegmentLedgers {
    /** Sensors remembered per segment; a road segment has a handful of detectors. */
    public static final int MAX_SENSORS = 64;
    /** Incidents kept open per segment; beyond it the oldest is dropped (and counted) rather than growing without bound. */
    public static final int MAX_OPEN_INCIDENTS = 256;

    static final Comparator<IncidentInput> BY_TIME = Comparator.comparingLong(IncidentInput::getEventTime)
            .thenComparing(IncidentInput::getIncidentId)
            .thenComparing(IncidentInput::getKind);

    private SegmentLedgers() {}

    public static SegmentLedger empty() {
        return new SegmentLedger(
                null,
                Tallies.zero(),
                new ArrayList<>(),
                new ArrayList<>(),
                new ArrayList<>(),
                null,
                null,
                new ArrayList<>());
    }

    public static SensorLatest sensor(SegmentLedger ledger, String sensorId) {
        for (SensorLatest s : ledger.getSensors()) {
            if (s.getSensorId().equals(sensorId)) {
                return s;
            }
        }
        return null;
    }

    /** Keeps {@code latest} as its sensor's reading, replacing the one it had. */
    public static void putSensor(SegmentLedger ledger, SensorLatest latest) {
        List<SensorLatest> sensors = ledger.getSensors();
        sensors.removeIf(s -> s.getSensorId().equals(latest.getSensorId()));
        if (sensors.size() >= MAX_SENSORS) {
            sensors.stream()
                    .min(Comparator.comparingLong(SensorLatest::getEventTime))
                    .ifPresent(sensors::remove);
        }
        sensors.add(latest);
    }

    /** Forgets readings that no longer count at {@code asOf}: a newer one will not have to replace them. */
    public static void forgetExpiredSensors(SegmentLedger ledger, long asOf, long horizonMs) {
        ledger.getSensors().removeIf(s -> Contributions.expiresAt(s.getEventTime(), horizonMs) <= asOf);
    }

    public static void addPending(SegmentLedger ledger, IncidentInput change) {
        ledger.getPending().add(change);
    }

    /** Removes and returns the pending incident changes due at {@code asOf}, oldest first. */
    public static List<IncidentInput> takeDueIncidents(SegmentLedger ledger, long asOf) {
        List<IncidentInput> due = new ArrayList<>();
        ledger.getPending().removeIf(c -> {
            if (c.getEventTime() <= asOf) {
                due.add(c);
                return true;
            }
            return false;
        });
        due.sort(BY_TIME);
        return due;
    }

    public static void addPendingStop(SegmentLedger ledger, VehicleStopInput stop) {
        ledger.getPendingStops().add(stop);
    }

    /** Removes and returns the pending vehicle stops due at {@code asOf}, in the order the crash rule takes them. */
    public static List<VehicleStop> takeDueStops(String segmentId, SegmentLedger ledger, long asOf) {
        List<VehicleStop> due = new ArrayList<>();
        ledger.getPendingStops().removeIf(s -> {
            if (s.getEventTime() <= asOf) {
                due.add(VehicleStop.of(segmentId, s));
                return true;
            }
            return false;
        });
        due.sort(VehicleStop.EVENT_TIME_ORDER);
        return due;
    }

    /** The earliest event time of a pending incident change or vehicle stop, or null. */
    public static Long nextPendingTime(SegmentLedger ledger) {
        Long incidents = ledger.getPending().stream()
                .map(IncidentInput::getEventTime)
                .min(Long::compare)
                .orElse(null);
        Long stops = ledger.getPendingStops().stream()
                .map(VehicleStopInput::getEventTime)
                .min(Long::compare)
                .orElse(null);
        return incidents == null ? stops : stops == null ? incidents : Long.valueOf(Math.min(incidents, stops));
    }

    /** Applies an incident change to the open incidents; true if they changed. */
    public static boolean applyIncident(SegmentLedger ledger, IncidentInput change) {
        List<OpenIncidentState> open = ledger.getIncidents();
        int at = -1;
        for (int i = 0; i < open.size(); i++) {
            if (open.get(i).getIncidentId().equals(change.getIncidentId())) {
                at = i;
                break;
            }
        }
        if ("CLEARED".equals(change.getKind())) {
            if (at < 0) {
                return false;
            }
            open.remove(at);
            return true;
        }
        OpenIncidentState next = new OpenIncidentState(
                change.getIncidentId(), change.getType(), change.getSeverity(), change.getOpenedAt());
        if (at >= 0) {
            if (open.get(at).equals(next)) {
                return false;
            }
            open.set(at, next);
            return true;
        }
        if (open.size() >= MAX_OPEN_INCIDENTS) {
            open.stream()
                    .min(Comparator.comparingLong(OpenIncidentState::getOpenedAt))
                    .ifPresent(open::remove);
        }
        open.add(next);
        return true;
    }
}
