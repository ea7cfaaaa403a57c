package io.roadmirror.incidents;

import io.roadmirror.config.Durations;
import io.roadmirror.model.IncidentReport;
import io.roadmirror.model.IncidentStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * De-duplicates incident reports by incidentId and turns them into changes (DESIGN.md
 * "Incidents"). Reports are judged by event time, so a re-sent or out-of-order report never
 * reopens or re-clears an incident:
 * <ul>
 *   <li>OPEN for an unknown id opens it; OPEN for an open id with another type or severity updates
 *       it; the same OPEN again changes nothing;</li>
 *   <li>CLEARED at or after the opening clears an open incident; CLEARED for an unknown id is
 *       remembered, so an older OPEN arriving later does not open it;</li>
 *   <li>OPEN after a CLEARED (later event time) reopens the incident.</li>
 * </ul>
 * The segment of an incident is the one of its first report. Any report for an open incident
 * touches it (its last change moves to the report's time, if later); one that no report touches
 * for {@code incident.max-open} is closed by the pipeline: {@link #expiry} is the CLEARED report it
 * writes to incident.reports, so the closing flows through the same path as any other.
 */
public final class IncidentLifecycle {
    private IncidentLifecycle() {}

    public record Outcome(IncidentState state, Optional<IncidentChange> change) {}

    public static Outcome apply(IncidentState current, IncidentReport report) {
        long time = report.getEventTime().toEpochMilli();
        boolean opens = report.getStatus() == IncidentStatus.OPEN;
        if (current == null) {
            IncidentState state = new IncidentState(
                    report.getIncidentId(),
                    report.getSegmentId(),
                    report.getType(),
                    report.getSeverity(),
                    opens,
                    report.getSource(),
                    opens ? time : Long.MIN_VALUE,
                    time,
                    report.getDescription());
            return new Outcome(
                    state, opens ? Optional.of(change(IncidentChange.Kind.OPENED, state, time)) : Optional.empty());
        }
        if (current.open()) {
            if (opens) {
                if (current.type() == report.getType() && current.severity() == report.getSeverity()) {
                    return new Outcome(touched(current, time), Optional.empty());
                }
                IncidentState updated = new IncidentState(
                        current.incidentId(),
                        current.segmentId(),
                        report.getType(),
                        report.getSeverity(),
                        true,
                        current.source(),
                        current.openedAt(),
                        Math.max(time, current.lastChangeAt()),
                        report.getDescription() != null ? report.getDescription() : current.description());
                return new Outcome(updated, Optional.of(change(IncidentChange.Kind.UPDATED, updated, time)));
            }
            if (time < current.openedAt()) {
                return new Outcome(current, Optional.empty()); // a clearance from before this opening
            }
            IncidentState cleared = new IncidentState(
                    current.incidentId(),
                    current.segmentId(),
                    current.type(),
                    current.severity(),
                    false,
                    current.source(),
                    current.openedAt(),
                    time,
                    current.description());
            return new Outcome(cleared, Optional.of(change(IncidentChange.Kind.CLEARED, cleared, time)));
        }
        if (opens && time > current.lastChangeAt()) {
            IncidentState reopened = new IncidentState(
                    current.incidentId(),
                    current.segmentId(),
                    report.getType(),
                    report.getSeverity(),
                    true,
                    current.source(),
                    time,
                    time,
                    report.getDescription());
            return new Outcome(reopened, Optional.of(change(IncidentChange.Kind.OPENED, reopened, time)));
        }
        return new Outcome(current, Optional.empty());
    }

    /** The open incident, seen again at {@code time}: the same state when that is not later than its last change. */
    private static IncidentState touched(IncidentState current, long time) {
        if (time <= current.lastChangeAt()) {
            return current;
        }
        return new IncidentState(
                current.incidentId(),
                current.segmentId(),
                current.type(),
                current.severity(),
                true,
                current.source(),
                current.openedAt(),
                time,
                current.description());
    }

    /** When an open incident expires if nothing touches it: its last change plus {@code maxOpen}. */
    public static long expiresAt(IncidentState open, Duration maxOpen) {
        return open.lastChangeAt() + maxOpen.toMillis();
    }

    /** The CLEARED report that closes an incident nothing touched for {@code maxOpen}: same id, type and source. */
    public static IncidentReport expiry(IncidentState open, Duration maxOpen) {
        return IncidentReport.newBuilder()
                .setIncidentId(open.incidentId())
                .setSegmentId(open.segmentId())
                .setEventTime(Instant.ofEpochMilli(expiresAt(open, maxOpen)))
                .setType(open.type())
                .setSeverity(open.severity())
                .setStatus(IncidentStatus.CLEARED)
                .setSource(open.source())
                .setDescription("expired: no report touched this incident for " + Durations.format(maxOpen)
                        + " (incident.max-open), so the pipeline cleared it")
                .build();
    }

    private static IncidentChange change(IncidentChange.Kind kind, IncidentState state, long time) {
        return new IncidentChange(
                kind,
                state.incidentId(),
                state.segmentId(),
                state.type(),
                state.severity(),
                time,
                state.openedAt(),
                state.source());
    }
}
