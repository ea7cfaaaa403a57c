package io.roadmirror.bench;

import io.roadmirror.network.RoadNetwork;
import io.roadmirror.sim.GatewayPublisher;
import io.roadmirror.sim.GatewayRecord;
import io.roadmirror.sim.GroundTruth;
import io.roadmirror.sim.SimulatorSettings;
import io.roadmirror.sim.TrafficModel;
import io.roadmirror.topics.TopicCatalog;
import io.roadmirror.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The benchmark's input: the simulator's gateway records (sensor readings, probe positions and
 * incident reports in the city's own mix) as the Avro bytes the gateways send, generated as fast
 * as they are asked for. Simulated time starts a month back, so however fast the benchmark runs
 * through it, no event time is ever in the future; the gateways' imperfections are off, so every
 * record is valid and none should end as a dead letter.
 */
final class Workload implements BenchWorkload {
    private static final Duration HEAD_START = Duration.ofDays(30);
    private static final long TICK_MS = 5_000;

    private final TrafficModel model;
    private final Map<String, Serializer<SpecificRecord>> serializers;
    private final ArrayDeque<GatewayRecord> pending = new ArrayDeque<>();
    private final Map<String, Long> produced = new TreeMap<>();
    private final long start;
    private final PauseClock pause = new PauseClock();
    private long sentUpTo;

    Workload(RoadNetwork network, int vehicles, long seed, Topics topics) {
        Instant start =
                Instant.now().minus(HEAD_START).truncatedTo(ChronoUnit.DAYS).plus(Duration.ofMinutes(6 * 60 + 30));
        SimulatorSettings settings =
                new SimulatorSettings(1, seed, 4, vehicles, 8, Optional.of(start), SimulatorSettings.Realism.NONE);
        this.model = new TrafficModel(network, settings, start, GroundTruth.NONE);
        this.start = start.toEpochMilli();
        this.serializers = GatewayPublisher.valueSerializers(topics);
    }

    @Override
    public ProducerRecord<String, byte[]> next() {
        return serialized(generate());
    }

    @Override
    public ProducerRecord<String, byte[]> next(String topic) {
        GatewayRecord record = generate();
        while (!record.topic().equals(topic)) {
            record = generate();
        }
        return serialized(record);
    }

    private GatewayRecord generate() {
        while (pending.isEmpty()) {
            pending.addAll(model.advanceTo(
                    model.now() + TICK_MS)); // the city advances by a tick whenever the last one is used up
        }
        GatewayRecord record = pending.poll();
        sentUpTo = Math.max(sentUpTo, record.sendAt());
        pause.recordHandedOut();
        return record;
    }

    @Override
    public void skipPause() {
        long paused = pause.pausedMillis();
        if (paused < TICK_MS) {
            return;
        }
        pending.clear();
        model.advanceTo(model.now() + paused);
        sentUpTo = Math.max(sentUpTo, model.now());
        pause.recordHandedOut();
    }

    private ProducerRecord<String, byte[]> serialized(GatewayRecord record) {
        produced.merge(record.topic(), 1L, Long::sum);
        return new ProducerRecord<>(
                record.topic(),
                record.key(),
                serializers.get(record.topic()).serialize(record.topic(), record.value()));
    }

    @Override
    public String baselineTopic() {
        return TopicCatalog.SENSOR_READINGS.name();
    }

    /**
     * Simulated time of the newest record handed out. Not the model's clock, which runs a whole tick (5 s) ahead of the
     * records still to be handed out: a marker reading stamped with it waited up to a tick behind the mirror's watermark.
     */
    @Override
    public long now() {
        return Math.max(sentUpTo, start);
    }

    int sensors() {
        return model.sensorCount();
    }

    @Override
    public Map<String, Long> producedByTopic() {
        return Map.copyOf(produced);
    }
}
