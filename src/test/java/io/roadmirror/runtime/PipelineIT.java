package io.roadmirror.runtime;

import static io.roadmirror.testing.TestRecords.open;
import static io.roadmirror.testing.TestRecords.reading;
import static io.roadmirror.testing.TestRecords.sec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.config.RoadmirrorConfig;
import io.roadmirror.embedded.EmbeddedKafkaBroker;
import io.roadmirror.ingest.DeadLetters;
import io.roadmirror.model.IncidentType;
import io.roadmirror.model.SensorReading;
import io.roadmirror.network.NetworkPublisher;
import io.roadmirror.registry.HttpSchemaRegistryClient;
import io.roadmirror.registry.SchemaRegistryClient;
import io.roadmirror.serde.AvroDeserializer;
import io.roadmirror.streams.PipelineMetrics;
import io.roadmirror.testing.Consume;
import io.roadmirror.testing.Drained;
import io.roadmirror.testing.SharedInfra;
import io.roadmirror.testing.TempDirs;
import io.roadmirror.testing.TestNetworks;
import io.roadmirror.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.avro.generic.GenericData;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The whole pipeline, exactly once, on a real broker and a real registry, seen from outside: a
 * producer acting as an IoT gateway writes Avro in the Confluent wire format (schemas registered
 * beforehand, auto-registration off, as in production); an independent read_committed consumer
 * decodes the outputs with schemas fetched from the registry.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class PipelineIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static EmbeddedKafkaBroker broker;
    private static RoadmirrorConfig config;
    private static PipelineRunner pipeline;
    private static SchemaRegistryClient registry;
    private static PipelineMetrics metrics;
    private static Path stateDir;

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedKafkaBroker.start(Ports.findFree(), Ports.findFree(), null);
        config = RoadmirrorConfig.of(Map.of(
                "bootstrap.servers",
                broker.bootstrapServers(),
                "schema.registry.url",
                SharedInfra.registryUrl().toString(),
                "application.id",
                "roadmirror-it-" + UUID.randomUUID(),
                "topic.partitions",
                "3",
                "topic.replication.factor",
                "1",
                "processing.guarantee",
                "exactly_once_v2"));
        registry = new HttpSchemaRegistryClient(config.registry());
        SchemaSetup.registerAll(registry);
        try (Admin admin = Admin.create(config.kafka().clientProperties())) {
            TopicSetup.ensureTopics(admin, 3, 1);
        }
        NetworkPublisher.publish(
                TestNetworks.triangle(),
                new Topics(registry, false).roadNetwork,
                config.kafka().clientProperties());
        metrics = PipelineMetrics.inMemory();
        stateDir = TempDirs.create("roadmirror-it-state-");
        pipeline = PipelineRunner.start(config, registry, false, metrics, stateDir);
        pipeline.awaitRunning(Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void gatewayInputBecomesMirrorHotspotsAndAdvisoriesAndGarbageOnlyDeadLetters() {
        Properties gateway = config.kafka().clientProperties();
        gateway.put("enable.idempotence", "true");
        gateway.put("acks", "all");
        Topics gatewayTopics = new Topics(new HttpSchemaRegistryClient(config.registry()), false);
        int garbage = 0;
        try (KafkaProducer<String, SensorReading> readings = new KafkaProducer<>(
                        gateway,
                        gatewayTopics.sensorReadings.keySerde().serializer(),
                        gatewayTopics.sensorReadings.valueSerde().serializer());
                KafkaProducer<String, io.roadmirror.model.IncidentReport> incidents = new KafkaProducer<>(
                        gateway,
                        gatewayTopics.incidentReports.keySerde().serializer(),
                        gatewayTopics.incidentReports.valueSerde().serializer());
                KafkaProducer<byte[], byte[]> raw =
                        new KafkaProducer<>(gateway, new ByteArraySerializer(), new ByteArraySerializer())) {
            readings.send(new ProducerRecord<>("sensor.readings", "s-ab", reading("s-ab", "A-B", sec(0), 45.0)));
            raw.send(new ProducerRecord<>("sensor.readings", "junk".getBytes(), "not avro at all".getBytes()));
            garbage++;
            readings.send(new ProducerRecord<>("sensor.readings", "s-ab", reading("s-ab", "A-B", sec(30), 15.0)));
            raw.send(new ProducerRecord<>("incident.reports", "junk".getBytes(), new byte[] {0, 0, 0, 0x7f, 0x7f, 1}));
            garbage++;
            for (int i = 1; i <= 3; i++) {
                incidents.send(new ProducerRecord<>(
                        "incident.reports", "it-" + i, open("it-" + i, "A-B", sec(40 + i), IncidentType.HAZARD, 1)));
            }
            readings.flush();
            raw.flush();
            incidents.flush();
        }

        AvroDeserializer<GenericData.Record> independent =
                AvroDeserializer.generic(new HttpSchemaRegistryClient(config.registry()));
        String bootstrap = broker.bootstrapServers();

        List<ConsumerRecord<String, GenericData.Record>> mirror = Consume.until(
                bootstrap,
                "mirror.segments",
                new StringDeserializer(),
                independent,
                seen -> seen.stream()
                        .anyMatch(r -> r.key().equals("A-B")
                                && r.value().get("congestion").toString().equals("CONGESTED")),
                WAIT);
        GenericData.Record congested = mirror.stream()
                .filter(r -> r.value().get("congestion").toString().equals("CONGESTED"))
                .findFirst()
                .orElseThrow()
                .value();
        assertEquals(15.0, (Double) congested.get("speedKph"), 1e-9);
        assertEquals("io.roadmirror.model.SegmentState", congested.getSchema().getFullName());

        List<ConsumerRecord<String, GenericData.Record>> hotspots = Consume.until(
                bootstrap,
                "incident.hotspots",
                new StringDeserializer(),
                independent,
                seen -> seen.stream()
                        .anyMatch(r -> r.value().get("level").toString().equals("HOTSPOT")),
                WAIT);
        assertEquals(
                List.of("WATCH", "HOTSPOT"),
                hotspots.stream().map(r -> r.value().get("level").toString()).toList());

        // The reading and the incidents reach the segment's task through two repartition topics, so which
        // of the two advisories comes first is not fixed: wait for both.
        List<ConsumerRecord<String, GenericData.Record>> advisories = Consume.until(
                bootstrap,
                "routing.advisories",
                new StringDeserializer(),
                independent,
                seen -> kinds(seen).containsAll(List.of("CONGESTION", "HOTSPOT")),
                WAIT);
        assertEquals(
                List.of("CONGESTION", "HOTSPOT"),
                kinds(advisories).stream().sorted().toList(),
                "one advisory of each, nothing else");
        GenericData.Record advisory = advisories.stream()
                .filter(r -> r.value().get("kind").toString().equals("CONGESTION"))
                .findFirst()
                .orElseThrow()
                .value();
        GenericData.Record detour = (GenericData.Record) advisory.get("detour");
        assertEquals(
                List.of("A-C", "C-B"),
                ((List<?>) detour.get("segmentIds"))
                        .stream().map(Object::toString).toList());

        List<ConsumerRecord<byte[], byte[]>> letters = Consume.until(
                bootstrap,
                "deadletter.events",
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer(),
                seen -> seen.size() >= 2,
                WAIT);
        assertEquals(garbage, letters.size());
        assertEquals(
                List.of("DESERIALIZATION", "UNKNOWN_SCHEMA"),
                letters.stream()
                        .map(l -> DeadLetters.header(l.headers(), DeadLetters.REASON))
                        .sorted()
                        .toList());
        assertTrue(
                letters.stream().anyMatch(l -> new String(l.value()).equals("not avro at all")), "original bytes kept");
        // Everything consumed and committed: read every output to its end, so a duplicate written later is seen too.
        Drained.await(bootstrap, config.kafka().applicationId(), List.of("sensor.readings", "incident.reports"), WAIT);
        assertEquals(
                List.of("CONGESTION", "HOTSPOT"),
                kinds(Consume.all(bootstrap, "routing.advisories", new StringDeserializer(), independent, WAIT))
                        .stream()
                        .sorted()
                        .toList(),
                "no advisory twice, however long one waits");
        // incident.hotspots is compacted: once its segment rolls, the cleaner may keep only the latest per key.
        List<String> levels =
                Consume.all(bootstrap, "incident.hotspots", new StringDeserializer(), independent, WAIT).stream()
                        .map(r -> r.value().get("level").toString())
                        .toList();
        assertTrue(
                levels.equals(List.of("WATCH", "HOTSPOT")) || levels.equals(List.of("HOTSPOT")),
                "nothing twice: " + levels);
        assertEquals(
                garbage,
                Consume.all(
                                bootstrap,
                                "deadletter.events",
                                new ByteArrayDeserializer(),
                                new ByteArrayDeserializer(),
                                WAIT)
                        .size());
        assertEquals(1.0, metrics.deadLetters("DESERIALIZATION"));
        assertEquals(1.0, metrics.deadLetters("UNKNOWN_SCHEMA"));
        assertEquals(
                2.0, metrics.count("roadmirror.records.in", "sensor.readings"), "both good readings made it through");
    }

    private static List<String> kinds(List<ConsumerRecord<String, GenericData.Record>> advisories) {
        return advisories.stream().map(r -> r.value().get("kind").toString()).toList();
    }
}
