package io.roadmirror.testing;

import io.roadmirror.model.IncidentReport;
import io.roadmirror.model.IncidentSource;
import io.roadmirror.model.IncidentStatus;
import io.roadmirror.model.IncidentType;
import io.roadmirror.model.SensorReading;
import io.roadmirror.model.VehiclePosition;
import java.time.Duration;
import java.time.Instant;

/** Input records for topology tests, at event times relative to a fixed {@link #T0}. */
public final class TestRecords {
    public static final Instant T0 = Instant.parse("2026-03-15T08:00:00Z");

    private TestRecords() {}

    public static Instant at(Duration sinceT0) {
        return T0.plus(sinceT0);
    }

    public static Instant sec(long seconds) {
        return T0.plusSeconds(seconds);
    }

    public static SensorReading reading(
            String sensor, String segment, Instant time, Double speed, int count, Double occupancy) {
        return new SensorReading(sensor, "gw-1", segment, time, speed, count, occupancy, 30);
    }

    public static SensorReading reading(String sensor, String segment, Instant time, double speed) {
        return reading(sensor, segment, time, speed, 10, 12.0);
    }

    public static VehiclePosition position(String vehicle, String segment, Instant time, double speed, double offset) {
        return new VehiclePosition(vehicle, segment, time, speed, offset, 1);
    }

    public static IncidentReport incident(
            String id, String segment, Instant time, IncidentType type, int severity, IncidentStatus status) {
        return new IncidentReport(id, segment, time, type, severity, status, IncidentSource.OPERATOR, null);
    }

    public static IncidentReport open(String id, String segment, Instant time, IncidentType type, int severity) {
        return incident(id, segment, time, type, severity, IncidentStatus.OPEN);
    }

    public static IncidentReport cleared(String id, String segment, Instant time) {
        return incident(id, segment, time, IncidentType.CRASH, 3, IncidentStatus.CLEARED);
    }
}
