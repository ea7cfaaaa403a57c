package io.roadmirror.bench;

import io.roadmirror.model.VehiclePosition;
import io.roadmirror.topics.TopicCatalog;
import io.roadmirror.topics.Topics;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;

/** {@link DensityVehicles} as the gateways send them: vehicle.positions keyed by vehicle, Avro bytes. */
final class DensityWorkload implements BenchWorkload {
    private final DensityVehicles vehicles;
    private final Serializer<VehiclePosition> serializer;
    private final String topic = TopicCatalog.VEHICLE_POSITIONS.name();
    private long produced;
    private long now;

    DensityWorkload(DensityVehicles vehicles, Instant start, Topics topics) {
        this.vehicles = vehicles;
        this.serializer = topics.vehiclePositions.valueSerde().serializer();
        this.now = start.toEpochMilli();
    }

    @Override
    public ProducerRecord<String, byte[]> next() {
        VehiclePosition p = vehicles.next();
        now = p.getEventTime().toEpochMilli();
        produced++;
        return new ProducerRecord<>(topic, p.getVehicleId(), serializer.serialize(topic, p));
    }

    @Override
    public ProducerRecord<String, byte[]> next(String wanted) {
        if (!wanted.equals(topic)) {
            throw new IllegalArgumentException("this workload writes " + topic + " only, not " + wanted);
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
}
