package io.roadmirror.bench;

import io.roadmirror.model.VehiclePosition;
import io.roadmirror.topics.TopicCatalog;
import io.roadmirror.topics.Topics;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;

/** A workload of probe positions only, as connected-vehicle gateways send them: vehicle.positions keyed by vehicle, Avro bytes. */
abstract class PositionWorkload implements BenchWorkload {
    private final Serializer<VehiclePosition> serializer;
    private final String topic = TopicCatalog.VEHICLE_POSITIONS.name();
    private final PauseClock pause = new PauseClock();
    private long produced;
    private long now;

    PositionWorkload(Instant start, Topics topics) {
        this.serializer = topics.vehiclePositions.valueSerde().serializer();
        this.now = start.toEpochMilli();
    }

    /** The generator's next position, in event-time order. */
    abstract VehiclePosition nextPosition();

    /** Moves the generator on so that its next position is at {@code eventTime} or later. */
    abstract void skipTo(long eventTime);

    @Override
    public final void skipPause() {
        long paused = pause.pausedMillis();
        if (paused > 0) {
            now += paused;
            skipTo(now);
            pause.recordHandedOut();
        }
    }

    @Override
    public final ProducerRecord<String, byte[]> next() {
        VehiclePosition p = nextPosition();
        now = p.getEventTime().toEpochMilli();
        produced++;
        pause.recordHandedOut();
        return new ProducerRecord<>(topic, p.getVehicleId(), serializer.serialize(topic, p));
    }

    @Override
    public final ProducerRecord<String, byte[]> next(String wanted) {
        if (!wanted.equals(topic)) {
            throw new IllegalArgumentException("this workload writes " + topic + " only, not " + wanted);
        }
        return next();
    }

    @Override
    public final String baselineTopic() {
        return topic;
    }

    @Override
    public final long now() {
        return now;
    }

    @Override
    public final Map<String, Long> producedByTopic() {
        return Map.of(topic, produced);
    }
}
