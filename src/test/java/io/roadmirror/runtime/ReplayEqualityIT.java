package io.roadmirror.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.advisories.AdvisoryTopology;
import io.roadmirror.config.RoadmirrorConfig;
import io.roadmirror.embedded.EmbeddedKafkaBroker;
import io.roadmirror.model.Hotspot;
import io.roadmirror.model.IncidentReport;
import io.roadmirror.model.IncidentSource;
import io.roadmirror.model.RoutingAdvisory;
import io.roadmirror.model.SegmentState;
import io.roadmirror.model.SensorReading;
import io.roadmirror.model.VehiclePosition;
import io.roadmirror.network.NetworkPublisher;
import io.roadmirror.network.Segment;
import io.roadmirror.registry.HttpSchemaRegistryClient;
import io.roadmirror.streams.PipelineMetrics;
import io.roadmirror.testing.RecordedInput;
import io.roadmirror.testing.RecordedInput.Entry;
import io.roadmirror.testing.SharedInfra;
import io.roadmirror.testing.TempDirs;
import io.roadmirror.testing.TestNetworks;
import io.roadmirror.testing.TestRecords;
import io.roadmirror.topics.Topic;
import io.roadmirror.topics.TopicDefinition;
import io.roadmirror.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The mirror is a function of event time, not of processing speed (DESIGN.md "Mirror"): one seeded
 * recording is played into the pipeline twice, each time on its own fresh broker: (A) at a paced
 * rate, each record sent when its event time comes due with event time running {@value #PACE}x the
 * wall clock, the pipeline already running; (B) all at once before the pipeline starts, drained as a
 * backlog by two stream threads. The read_committed outputs up to the recording's end must be equal.
 */
@EnabledIfSystemProperty(
        named = "roadmirror.replay",
        matches = "true",
        disabledReason = "Run on demand (-Droadmirror.replay=true): it takes about 50 s (two brokers, 17 s of paced "
                + "sending), and the suite is kept under 10 minutes on 2 cores")
class ReplayEqualityIT {
    private static final int PACE = 10;
    private static final int PARTITIONS = 3;
    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final long END_MS = TestRecords.sec(RecordedInput.END).toEpochMilli();

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void aPacedRunAndABacklogDrainGiveTheSameOutputs() throws Exception {
        List<Entry> recording = RecordedInput.seeded(20261202L);

        Outputs paced = run(recording, true);
        Outputs backlog = run(recording, false);

        assertFalse(paced.detected().isEmpty(), "the recording's crash is detected: " + paced);
        assertTrue(
                paced.advisories().stream().anyMatch(a -> a.contains(" INCIDENT ")),
                "the operator crash raises an advisory: " + paced);
        assertTrue(
                paced.hotspots().stream().anyMatch(h -> h.contains(" HOTSPOT ")),
                "the hazards make a hotspot: " + paced);

        for (Outputs run : List.of(paced, backlog)) {
            assertTrue(
                    run.inputsBehind() == 0,
                    run.inputsBehind() + " input(s) reached the mirror after their time was evaluated, in the "
                            + (run == paced ? "paced run" : "backlog") + ": they count later than their time says");
        }
        List<String> differences = new ArrayList<>();
        differences.addAll(diff("mirror.segments", paced.states(), backlog.states()));
        differences.addAll(diff("detected incidents", paced.detected(), backlog.detected()));
        differences.addAll(diff("incident.hotspots", paced.hotspots(), backlog.hotspots()));
        differences.addAll(diff("routing.advisories", paced.advisories(), backlog.advisories()));
        assertTrue(
                differences.isEmpty(),
                "a paced run (A) and a backlog drain (B) of the same input differ:\n" + String.join("\n", differences));
        System.out.printf(
                "Equal: %d states, %d detected incident reports, %d hotspots, %d advisories (%d with a detour)%n",
                paced.states().size(),
                paced.detected().size(),
                paced.hotspots().size(),
                paced.advisories().size(),
                paced.advisories().stream().filter(a -> !a.contains("detour=-")).count());
    }

    /** What one run published up to the recording's end, one line per record, in a form that does not depend on timing. */
    record Outputs(
            List<String> states,
            List<String> detected,
            List<String> hotspots,
            List<String> advisories,
            double inputsBehind) {}

    private static Outputs run(List<Entry> recording, boolean paced) throws Exception {
        Path data = TempDirs.create("roadmirror-replay-" + (paced ? "paced" : "backlog") + "-");
        try (EmbeddedKafkaBroker broker =
                EmbeddedKafkaBroker.start(Ports.findFree(), Ports.findFree(), data.resolve("broker"))) {
            RoadmirrorConfig config = RoadmirrorConfig.of(Map.of(
                    "bootstrap.servers",
                    broker.bootstrapServers(),
                    "schema.registry.url",
                    SharedInfra.registryUrl().toString(),
                    "application.id",
                    "roadmirror-replay-" + UUID.randomUUID(),
                    "topic.partitions",
                    String.valueOf(PARTITIONS),
                    "topic.replication.factor",
                    "1",
                    "num.stream.threads",
                    "2",
                    "processing.guarantee",
                    "exactly_once_v2"));
            try (HttpSchemaRegistryClient registry = new HttpSchemaRegistryClient(config.registry())) {
                return run(recording, paced, broker.bootstrapServers(), config, registry, data);
            }
        }
    }

    private static Outputs run(
            List<Entry> recording,
            boolean paced,
            String bootstrap,
            RoadmirrorConfig config,
            HttpSchemaRegistryClient registry,
            Path data)
            throws InterruptedException {
        SchemaSetup.registerAll(registry);
        try (Admin admin = Admin.create(config.kafka().clientProperties())) {
            List<TopicDefinition> all = Pipeline.topics(config.kafka());
            TopicSetup.ensureTopics(admin, PARTITIONS, 1, all);
            keepHistory(admin, all);
        }
        Topics topics = new Topics(registry, false);
        NetworkPublisher.publish(
                TestNetworks.triangle(), topics.roadNetwork, config.kafka().clientProperties());
        try (Gateways gateways = new Gateways(config, topics)) {
            if (paced) {
                PipelineMetrics metrics = PipelineMetrics.inMemory();
                try (PipelineRunner pipeline = start(config, registry, data, metrics)) {
                    awaitSettled(pipeline);
                    gateways.sendPaced(recording);
                    return awaitOutputs(bootstrap, topics, config, metrics);
                }
            }
            gateways.sendAll(recording);
            PipelineMetrics metrics = PipelineMetrics.inMemory();
            try (PipelineRunner pipeline = start(config, registry, data, metrics)) {
                return awaitOutputs(bootstrap, topics, config, metrics);
            }
        }
    }

    /**
     * The test compares every state a subscriber saw, but the compacted outputs keep only the latest per key once the
     * log cleaner has been over them, and it soon is: the recording's event times lie months back while the first
     * transaction's marker carries the wall clock, so the marker rolls the partition's first segment (its timestamps now
     * span more than segment.ms), and that segment, the first transaction's states, becomes cleanable at once. A state
     * compacted away in one run and not in the other is not a difference of pace (it once cost Z-Y its state at 0 s).
     * min.compaction.lag.ms cannot help: it too is measured on the records' timestamps. So the segment does not roll.
     */
    private static void keepHistory(Admin admin, List<TopicDefinition> topics) throws InterruptedException {
        AlterConfigOp keep = new AlterConfigOp(
                new ConfigEntry(
                        "segment.ms", String.valueOf(Duration.ofDays(3650).toMillis())),
                AlterConfigOp.OpType.SET);
        Map<ConfigResource, Collection<AlterConfigOp>> changes = new LinkedHashMap<>();
        topics.stream()
                .filter(TopicDefinition::compacted)
                .forEach(t -> changes.put(new ConfigResource(ConfigResource.Type.TOPIC, t.name()), List.of(keep)));
        try {
            admin.incrementalAlterConfigs(changes).all().get();
        } catch (ExecutionException e) {
            throw new AssertionError("keeping the compacted outputs' history", e.getCause());
        }
    }

    private static PipelineRunner start(
            RoadmirrorConfig config, HttpSchemaRegistryClient registry, Path data, PipelineMetrics metrics) {
        PipelineRunner pipeline = PipelineRunner.start(config, registry, false, metrics, data.resolve("state"));
        pipeline.awaitRunning(Duration.ofSeconds(60));
        return pipeline;
    }

    /**
     * Streams often rebalances once more right after its first RUNNING (the second thread's
     * assignment): input sent during that rebalance arrives while a source task moves, which is a
     * different experiment (see the class comment). Waits until RUNNING has held for 2 s.
     */
    private static void awaitSettled(PipelineRunner pipeline) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        long runningSince = System.nanoTime();
        while (System.nanoTime() - runningSince < TimeUnit.SECONDS.toNanos(2)) {
            if (pipeline.streams().state() != org.apache.kafka.streams.KafkaStreams.State.RUNNING) {
                runningSince = System.nanoTime();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the pipeline did not stay RUNNING for 2 s within " + WAIT.toSeconds() + " s");
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    /**
     * Waits until every segment has a state at or after the recording's end (so every task that holds a segment is done
     * with it, and has told the advisories so), then until the advisories' task has committed what was sent to it by
     * then, and reads it all.
     */
    private static Outputs awaitOutputs(
            String bootstrap, Topics topics, RoadmirrorConfig config, PipelineMetrics metrics)
            throws InterruptedException {
        Set<String> segments =
                TestNetworks.triangle().segments().stream().map(Segment::id).collect(Collectors.toSet());
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<SegmentState> states = readAll(bootstrap, topics.mirrorSegments);
        while (!states.stream()
                .filter(s -> s.getAsOf().toEpochMilli() >= END_MS)
                .map(SegmentState::getSegmentId)
                .collect(Collectors.toSet())
                .containsAll(segments)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("within " + WAIT.toSeconds()
                        + " s, not every segment got a state at or after the recording's end; " + "got " + states.size()
                        + " states, the last: " + states.subList(Math.max(0, states.size() - 5), states.size()));
            }
            states = readAll(bootstrap, topics.mirrorSegments);
        }
        // Same task, same transaction: a partition's hotspots up to the end are committed with its mirror states, and
        // so
        // is its word to the advisories that it has evaluated past the end. The advisories' task takes that word from
        // every partition before it judges anything at the end, and commits its advisories with its input's offsets.
        awaitAdvisoryInputsCommitted(config, deadline);
        List<IncidentReport> reports = readAll(bootstrap, topics.incidentReports);
        List<Hotspot> hotspots = readAll(bootstrap, topics.incidentHotspots);
        List<RoutingAdvisory> advisories = readAll(bootstrap, topics.routingAdvisories).stream()
                .filter(a -> a.getEventTime().toEpochMilli() <= END_MS)
                .toList();
        return new Outputs(
                states.stream()
                        .filter(s -> s.getAsOf().toEpochMilli() <= END_MS)
                        .map(ReplayEqualityIT::line)
                        .toList(),
                reports.stream()
                        .filter(r -> r.getSource() == IncidentSource.DETECTED)
                        .map(ReplayEqualityIT::line)
                        .toList(),
                hotspots.stream()
                        .filter(h -> h.getWindowEnd().toEpochMilli() <= END_MS)
                        .map(ReplayEqualityIT::line)
                        .toList(),
                advisories.stream().map(ReplayEqualityIT::line).toList(),
                metrics.total("roadmirror.mirror.inputs.behind"));
    }

    /** Until the pipeline's group has committed, on the advisories' input, at least the end offset it has now. */
    private static void awaitAdvisoryInputsCommitted(RoadmirrorConfig config, long deadline)
            throws InterruptedException {
        TopicPartition input = new TopicPartition(
                config.kafka().applicationId() + "-" + AdvisoryTopology.ADVISORY_INPUTS + "-repartition", 0);
        try (Admin admin = Admin.create(config.kafka().clientProperties())) {
            long end = admin.listOffsets(Map.of(input, OffsetSpec.latest()))
                    .partitionResult(input)
                    .get()
                    .offset();
            long committed = -1;
            while (committed < end) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("within " + WAIT.toSeconds() + " s, the advisories did not commit offset "
                            + end + " of " + input + " (at " + committed + ")");
                }
                OffsetAndMetadata at = admin.listConsumerGroupOffsets(
                                config.kafka().applicationId())
                        .partitionsToOffsetAndMetadata()
                        .get()
                        .get(input);
                committed = at == null ? -1 : at.offset();
                TimeUnit.MILLISECONDS.sleep(100);
            }
        } catch (ExecutionException e) {
            throw new AssertionError("reading the advisories' offsets", e.getCause());
        }
    }

    private static String line(SegmentState s) {
        return String.format(
                "%s asOf=%s %s speed=%s flow=%s occ=%s tt=%.1f ff=%.1f sensors=%d probes=%d incidents=%s lastReading=%s",
                s.getSegmentId(),
                t(s.getAsOf()),
                s.getCongestion(),
                round(s.getSpeedKph()),
                round(s.getFlowVehPerHour()),
                round(s.getOccupancyPct()),
                s.getTravelTimeSeconds(),
                s.getFreeFlowTravelTimeSeconds(),
                s.getSensorsReporting(),
                s.getProbeVehicles(),
                s.getOpenIncidentIds(),
                s.getLastReadingTime() == null ? "-" : t(s.getLastReadingTime()));
    }

    private static String line(IncidentReport r) {
        return String.format(
                "%s %s at=%s %s %s severity=%d",
                r.getIncidentId(), r.getSegmentId(), t(r.getEventTime()), r.getType(), r.getStatus(), r.getSeverity());
    }

    private static String line(Hotspot h) {
        return String.format(
                "%s %s window=%s..%s count=%d score=%d ids=%s",
                h.getSegmentId(),
                h.getLevel(),
                t(h.getWindowStart()),
                t(h.getWindowEnd()),
                h.getIncidentCount(),
                h.getSeverityScore(),
                h.getIncidentIds());
    }

    private static String line(RoutingAdvisory a) {
        return String.format(
                "%s %s %s %s at=%s %s incidents=%s detour=%s approach=%s validUntil=%s",
                a.getAdvisoryId(),
                a.getSegmentId(),
                a.getKind(),
                a.getSeverity(),
                t(a.getEventTime()),
                a.getCongestion(),
                a.getIncidentIds(),
                a.getDetour() == null
                        ? "-"
                        : a.getDetour().getSegmentIds() + " " + a.getDetour().getTravelTimeSeconds() + "s now "
                                + a.getDetour().getCurrentTravelTimeSeconds() + "s",
                a.getApproachSegmentIds(),
                a.getValidUntil() == null ? "-" : t(a.getValidUntil()));
    }

    /** Seconds after T0: short enough to read in a diff. */
    private static String t(Instant time) {
        return "T+" + Duration.between(TestRecords.T0, time).toMillis() / 1000.0 + "s";
    }

    private static String round(Double value) {
        return value == null ? "-" : String.format("%.1f", value);
    }

    /** Keyed outputs are compared per key in order (one key's records are in order on its partition); the lines that differ are listed. */
    static List<String> diff(String what, List<String> paced, List<String> backlog) {
        Map<String, List<String>> a = byKey(paced);
        Map<String, List<String>> b = byKey(backlog);
        List<String> out = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>(a.keySet());
        keys.addAll(b.keySet());
        for (String key : keys) {
            List<String> left = a.getOrDefault(key, List.of());
            List<String> right = b.getOrDefault(key, List.of());
            if (!left.equals(right)) {
                out.add(what + " of " + key + " differ:");
                for (int i = 0; i < Math.max(left.size(), right.size()); i++) {
                    String l = i < left.size() ? left.get(i) : "(none)";
                    String r = i < right.size() ? right.get(i) : "(none)";
                    out.add((l.equals(r) ? "    " : "  ≠ ") + "A " + l + (l.equals(r) ? "" : "\n      B " + r));
                }
            }
        }
        return out;
    }

    private static Map<String, List<String>> byKey(List<String> lines) {
        return lines.stream()
                .collect(Collectors.groupingBy(
                        l -> l.substring(0, l.indexOf(' ')), LinkedHashMap::new, Collectors.toList()));
    }

    /** A topic read from the beginning to its last stable offset by a read_committed consumer. */
    private static <V> List<V> readAll(String bootstrap, Topic<String, V> topic) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("isolation.level", "read_committed");
        Deserializer<V> values = topic.valueSerde().deserializer();
        List<V> seen = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(props, new StringDeserializer(), values)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(
                            "could not read " + topic.name() + " to its end within " + WAIT.toSeconds() + " s");
                }
                for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(100))) {
                    seen.add(r.value());
                }
            }
        }
        return seen;
    }

    /** The gateways of the recording: one idempotent producer per input topic, as production clients write. */
    private static final class Gateways implements AutoCloseable {
        private final KafkaProducer<String, SensorReading> readings;
        private final KafkaProducer<String, VehiclePosition> positions;
        private final KafkaProducer<String, IncidentReport> incidents;

        Gateways(RoadmirrorConfig config, Topics topics) {
            Properties props = config.kafka().clientProperties();
            props.put("enable.idempotence", "true");
            props.put("acks", "all");
            readings = producer(props, topics.sensorReadings);
            positions = producer(props, topics.vehiclePositions);
            incidents = producer(props, topics.incidentReports);
        }

        private static <V> KafkaProducer<String, V> producer(Properties props, Topic<String, V> topic) {
            return new KafkaProducer<>(
                    props, topic.keySerde().serializer(), topic.valueSerde().serializer());
        }

        void send(Entry e) {
            switch (e.topic()) {
                case "sensor.readings" ->
                    readings.send(new ProducerRecord<>(e.topic(), e.key(), (SensorReading) e.value()));
                case "vehicle.positions" ->
                    positions.send(new ProducerRecord<>(e.topic(), e.key(), (VehiclePosition) e.value()));
                case "incident.reports" ->
                    incidents.send(new ProducerRecord<>(e.topic(), e.key(), (IncidentReport) e.value()));
                default -> throw new IllegalArgumentException("not an input topic: " + e.topic());
            }
        }

        /** Each record when its event time comes due, event time running PACE times the wall clock. */
        void sendPaced(List<Entry> recording) throws InterruptedException {
            long first = recording.get(0).eventTimeMs();
            long start = System.nanoTime();
            for (Entry e : recording) {
                long dueNanos = start + TimeUnit.MILLISECONDS.toNanos(e.eventTimeMs() - first) / PACE;
                long wait = dueNanos - System.nanoTime();
                if (wait > 0) {
                    flush();
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                send(e);
            }
            flush();
        }

        void sendAll(List<Entry> recording) {
            recording.forEach(this::send);
            flush();
        }

        void flush() {
            readings.flush();
            positions.flush();
            incidents.flush();
        }

        @Override
        public void close() {
            readings.close();
            positions.close();
            incidents.close();
        }
    }
}
