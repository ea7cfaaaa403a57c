package io.roadmirror.bench;

import io.roadmirror.model.VehiclePosition;
import io.roadmirror.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The connected-vehicle input ({@link ConnectedVehicles} on an expressway) as the gateways send it.
 * Event time starts a month back, as the city's does ({@link Workload}), so no drain ever runs it
 * into the future.
 */
final class ConnectedWorkload extends PositionWorkload {
    static final Duration REPORT_EVERY = Duration.ofSeconds(30);
    private static final Duration HEAD_START = Duration.ofDays(30);

    private final ConnectedVehicles vehicles;
    private CrashMark completed;

    ConnectedWorkload(BenchSettings.Connected sizes, long seed, Topics topics) {
        this(sizes, seed, topics, Instant.now().minus(HEAD_START).truncatedTo(ChronoUnit.DAYS));
    }

    private ConnectedWorkload(BenchSettings.Connected sizes, long seed, Topics topics, Instant start) {
        super(start, topics);
        this.vehicles = new ConnectedVehicles(
                sizes.miles(), sizes.vehicles(), REPORT_EVERY, sizes.crashEvery(), sizes.crashStop(), start, seed);
    }

    @Override
    VehiclePosition nextPosition() {
        ConnectedVehicles.Report report = vehicles.next();
        VehiclePosition p = report.position();
        completed = report.completesCrash() == null
                ? null
                : new CrashMark(
                        report.completesCrash(),
                        p.getSegmentId(),
                        p.getEventTime().toEpochMilli());
        return p;
    }

    @Override
    public CrashMark completedCrash() {
        return completed;
    }

    int crashesStaged() {
        return vehicles.crashesStaged();
    }

    @Override
    void skipTo(long eventTime) {
        vehicles.skipTo(eventTime);
    }
}
