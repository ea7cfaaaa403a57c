package io.roadmirror.ingest;

import io.roadmirror.model.IncidentReport;
import io.roadmirror.model.SensorReading;
import io.roadmirror.model.VehiclePosition;
import io.roadmirror.network.Segment;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * The input checks of DESIGN.md "Guarantees" and "Limits on input" as plain functions, cheapest
 * first: ids and key, physical ranges, the segment and the limits it sets, then time. NaN and
 * infinities fail every range. Lateness applies to sensor readings and probe
 * positions; an incident report is news however late it arrives, so it is never LATE.
 */
public final class InputValidation {
    private InputValidation() {}

    /** Where a record stands in time: the wall clock, and the stream time of its partition. */
    public record Clock(long wallClockMs, long streamTimeMs) {}

    public static Optional<Rejection> reading(
            String key,
            SensorReading r,
            Function<String, Optional<Segment>> segments,
            Clock clock,
            IngestThresholds rules) {
        if (r == null) {
            return invalid("empty value (a tombstone) on sensor.readings");
        }
        Optional<Rejection> ids = ids(key, "sensorId", rules, r.getSensorId(), r.getGatewayId(), r.getSegmentId());
        if (ids.isPresent()) {
            return ids;
        }
        if (r.getSpeedKph() != null && !inRange(r.getSpeedKph(), 0, rules.maxSpeedKph())) {
            return invalid("speedKph " + r.getSpeedKph() + " is outside 0.." + rules.maxSpeedKph());
        }
        if (r.getOccupancyPct() != null && !inRange(r.getOccupancyPct(), 0, 100)) {
            return invalid("occupancyPct " + r.getOccupancyPct() + " is outside 0..100");
        }
        if (r.getVehicleCount() < 0) {
            return invalid("vehicleCount " + r.getVehicleCount() + " is negative");
        }
        if (r.getIntervalSeconds() <= 0) {
            return invalid("intervalSeconds " + r.getIntervalSeconds() + " is not positive");
        }
        Optional<Segment> segment = segments.apply(r.getSegmentId());
        if (segment.isEmpty()) {
            return unknownSegment(r.getSegmentId());
        }
        long maxCount =
                rules.maxVehicleCount(r.getIntervalSeconds(), segment.get().lanes());
        if (r.getVehicleCount() > maxCount) {
            return invalid("vehicleCount " + r.getVehicleCount() + " is more than " + maxCount + " vehicles can pass "
                    + segment.get().lanes() + " lane(s) in " + r.getIntervalSeconds() + " s (one per "
                    + rules.minHeadwaySeconds()
                    + " s per lane)");
        }
        return time(r.getEventTime(), clock, rules, true);
    }

    public static Optional<Rejection> position(
            String key,
            VehiclePosition p,
            Function<String, Optional<Segment>> segments,
            Clock clock,
            IngestThresholds rules) {
        if (p == null) {
            return invalid("empty value (a tombstone) on vehicle.positions");
        }
        Optional<Rejection> ids = ids(key, "vehicleId", rules, p.getVehicleId(), p.getSegmentId());
        if (ids.isPresent()) {
            return ids;
        }
        if (!inRange(p.getSpeedKph(), 0, rules.maxSpeedKph())) {
            return invalid("speedKph " + p.getSpeedKph() + " is outside 0.." + rules.maxSpeedKph());
        }
        if (!(p.getOffsetMeters() >= 0) || Double.isInfinite(p.getOffsetMeters())) {
            return invalid("offsetMeters " + p.getOffsetMeters() + " is not a distance along the segment");
        }
        if (p.getLane() < 1) {
            return invalid("lane " + p.getLane() + " is not a lane number (1 = rightmost)");
        }
        Optional<Segment> segment = segments.apply(p.getSegmentId());
        if (segment.isEmpty()) {
            return unknownSegment(p.getSegmentId());
        }
        double maxOffset = segment.get().lengthMeters() + rules.offsetSlackMeters();
        if (p.getOffsetMeters() > maxOffset) {
            return invalid("offsetMeters " + p.getOffsetMeters() + " is past the end of segment " + p.getSegmentId()
                    + " (" + segment.get().lengthMeters() + " m long, " + rules.offsetSlackMeters()
                    + " m allowed beyond)");
        }
        if (p.getLane() > segment.get().lanes()) {
            return invalid("lane " + p.getLane() + " does not exist: segment " + p.getSegmentId() + " has "
                    + segment.get().lanes() + " lane(s)");
        }
        return time(p.getEventTime(), clock, rules, true);
    }

    public static Optional<Rejection> incident(
            String key,
            IncidentReport i,
            Function<String, Optional<Segment>> segments,
            Clock clock,
            IngestThresholds rules) {
        if (i == null) {
            return invalid("empty value (a tombstone) on incident.reports");
        }
        Optional<Rejection> ids = ids(key, "incidentId", rules, i.getIncidentId(), i.getSegmentId());
        if (ids.isPresent()) {
            return ids;
        }
        if (i.getSeverity() < 1 || i.getSeverity() > 5) {
            return invalid("severity " + i.getSeverity() + " is outside 1..5");
        }
        if (i.getDescription() != null && i.getDescription().length() > rules.maxDescriptionLength()) {
            return invalid("description has " + i.getDescription().length() + " characters, more than "
                    + rules.maxDescriptionLength());
        }
        if (segments.apply(i.getSegmentId()).isEmpty()) {
            return unknownSegment(i.getSegmentId());
        }
        return time(i.getEventTime(), clock, rules, false);
    }

    /** The first id must equal the record key (records of one sensor/vehicle/incident stay in order on one partition). */
    private static Optional<Rejection> ids(String key, String keyField, IngestThresholds rules, String... ids) {
        for (String id : ids) {
            if (id == null || id.isBlank()) {
                return invalid("an id is empty; every id must be a non-empty string");
            }
            if (id.length() > rules.maxIdLength()) {
                return invalid("an id has " + id.length() + " characters, more than " + rules.maxIdLength());
            }
        }
        if (!ids[0].equals(key)) {
            return invalid("the record key '" + key + "' is not its " + keyField + " '" + ids[0] + "'; key records by "
                    + keyField);
        }
        return Optional.empty();
    }

    private static Optional<Rejection> unknownSegment(String segmentId) {
        return Optional.of(
                new Rejection(DeadLetterReason.UNKNOWN_SEGMENT, "segment '" + segmentId + "' is not in road.network"));
    }

    private static Optional<Rejection> time(Instant eventTime, Clock clock, IngestThresholds rules, boolean canBeLate) {
        long time = eventTime.toEpochMilli();
        long ahead = time - clock.wallClockMs();
        if (ahead > rules.maxFuture().toMillis()) {
            return Optional.of(new Rejection(
                    DeadLetterReason.FUTURE_TIMESTAMP,
                    "eventTime " + eventTime + " is " + ahead / 1000 + " s ahead of the pipeline's clock (at most "
                            + rules.maxFuture().toSeconds() + " s allowed); check the gateway's clock"));
        }
        long behind = clock.streamTimeMs() - time;
        if (canBeLate && behind > rules.grace().toMillis()) {
            return Optional.of(new Rejection(
                    DeadLetterReason.LATE,
                    "eventTime " + eventTime + " is " + behind / 1000
                            + " s behind the newest event time on its partition (grace "
                            + rules.grace().toSeconds() + " s)"));
        }
        return Optional.empty();
    }

    private static boolean inRange(double value, double min, double max) {
        return value >= min && value <= max; // false for NaN
    }

    private static Optional<Rejection> invalid(String detail) {
        return Optional.of(new Rejection(DeadLetterReason.INVALID_VALUE, detail));
    }
}
