package io.roadmirror.bench;

import io.roadmirror.model.VehiclePosition;
import io.roadmirror.topics.TopicCatalog;
import io.roadmirror.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The connected-vehicle input ({@link ConnectedVehicles} on an expressway) as the gateways send it:
 * vehicle.positions keyed by vehicle, Avro bytes. Event time starts a month back, as the city's does
 * ({@link Workload}), so no drain ever runs it into the future.
 */
final class ConnectedWorkload implements BenchWorkload {
    static final Duration REPORT_EVERY = Duration.ofSeconds(30);
    private static final Duration HEAD_START = Duration.ofDays(30);

    private final ConnectedVehicles vehicles;
    private final Serializer<VehiclePosition> serializer;
    private final String topic = TopicCatalog.VEHICLE_POSITIONS.name();
    private long produced;
    private long now;
    private CrashMark completed;

    ConnectedWorkload(BenchSettings.Connected sizes, long seed, Topics topics) {
        Instant start = Instant.now().minus(HEAD_START).truncatedTo(ChronoUnit.DAYS);
        this.vehicles = new ConnectedVehicles(
                sizes.miles(), sizes.vehicles(), REPORT_EVERY, sizes.crashEvery(), sizes.crashStop(), start, seed);
        this.serializer = topics.vehiclePositions.valueSerde().serializer();
        this.now = start.toEpochMilli();
    }

    @Override
    public ProducerRecord<String, byte[]> next() {
        ConnectedVehicles.Report report = vehicles.next();
        VehiclePosition p = report.position();
        now = p.getEventTime().toEpochMilli();
        completed =
                report.completesCrash() == null ? null : new CrashMark(report.completesCrash(), p.getSegmentId(), now);
        produced++;
        return new ProducerRecord<>(topic, p.getVehicleId(), serializer.serialize(topic, p));
    }

    @Override
    public ProducerRecord<String, byte[]> next(String wanted) {
        if (!wanted.equals(topic)) {
            throw new IllegalArgumentException("the connected workload writes " + topic + " only, not " + wanted);
        }
        return next();
    }

    @Override
    public String baselineTopic() {
        return topic;
    }

    @Override
    public long now() {
        return now;
    }

    @Override
    public Map<String, Long> producedByTopic() {
        return Map.of(topic, produced);
    }

    @Override
    public CrashMark completedCrash() {
        return completed;
    }

    int crashesStaged() {
        return vehicles.crashesStaged();
    }
}
