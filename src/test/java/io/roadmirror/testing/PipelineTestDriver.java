package io.roadmirror.testing;

import io.roadmirror.config.KafkaSettings;
import io.roadmirror.config.PipelineSettings;
import io.roadmirror.config.RoadmirrorConfig;
import io.roadmirror.ingest.DeadLetters;
import io.roadmirror.model.Hotspot;
import io.roadmirror.model.IncidentReport;
import io.roadmirror.model.RoadSegment;
import io.roadmirror.model.RoutingAdvisory;
import io.roadmirror.model.SegmentState;
import io.roadmirror.model.SensorReading;
import io.roadmirror.model.VehiclePosition;
import io.roadmirror.network.NetworkCodec;
import io.roadmirror.network.RoadNetwork;
import io.roadmirror.network.Segment;
import io.roadmirror.runtime.Pipeline;
import io.roadmirror.streams.PipelineMetrics;
import io.roadmirror.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The whole pipeline topology (the very one {@code roadmirror run} starts) in a
 * TopologyTestDriver, with the contract topics bound to an in-memory registry. Tests own time:
 * event times come from the records, wall-clock time only moves when a test advances it.
 * A dead letter the test did not read is a failure at {@link #close()}: a processor that throws
 * must not pass as "emits nothing" (an infrastructure exception already fails {@code pipeInput}).
 */
public final class PipelineTestDriver implements AutoCloseable {
    public final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    public final Topics topics = new Topics(registry, true);
    public final PipelineMetrics metrics = PipelineMetrics.inMemory();
    public final TopologyTestDriver driver;
    public final Topology topology;
    private final Path stateDir;

    public final TestInputTopic<String, RoadSegment> roadNetwork;
    public final TestInputTopic<String, SensorReading> readings;
    public final TestInputTopic<String, VehiclePosition> positions;
    public final TestInputTopic<String, IncidentReport> incidents;
    public final TestOutputTopic<String, SegmentState> mirror;
    public final TestOutputTopic<String, Hotspot> hotspots;
    public final TestOutputTopic<String, RoutingAdvisory> advisories;
    public final TestOutputTopic<String, IncidentReport> incidentReportsOut;
    public final TestOutputTopic<byte[], byte[]> deadLetters;

    public PipelineTestDriver(RoadNetwork network, Instant wallClockStart) {
        this(PipelineSettings.defaults(), network, wallClockStart);
    }

    public PipelineTestDriver(PipelineSettings settings, RoadNetwork network, Instant wallClockStart) {
        KafkaSettings kafka = RoadmirrorConfig.defaults().kafka();
        try {
            stateDir = Files.createTempDirectory("roadmirror-ttd-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        topology = Pipeline.topology(settings, kafka, topics, metrics, System::currentTimeMillis);
        Properties props = Pipeline.streamsConfig(settings.withProcessingGuarantee("at_least_once"), kafka, metrics, stateDir);
        props.put("bootstrap.servers", "ttd:9092");
        driver = new TopologyTestDriver(topology, props, wallClockStart);

        roadNetwork = input(topics.roadNetwork);
        readings = input(topics.sensorReadings);
        positions = input(topics.vehiclePositions);
        incidents = input(topics.incidentReports);
        mirror = output(topics.mirrorSegments);
        hotspots = output(topics.incidentHotspots);
        advisories = output(topics.routingAdvisories);
        incidentReportsOut = output(topics.incidentReports);
        deadLetters = driver.createOutputTopic(DeadLetters.TOPIC, Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());
        for (Segment s : network.segments()) {
            roadNetwork.pipeInput(s.id(), NetworkCodec.toAvro(s), wallClockStart);
        }
    }

    private <V> TestInputTopic<String, V> input(io.roadmirror.topics.Topic<String, V> topic) {
        return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    private <V> TestOutputTopic<String, V> output(io.roadmirror.topics.Topic<String, V> topic) {
        return driver.createOutputTopic(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
    }

    /** Raw bytes onto an input topic, as a misbehaving gateway would send them. */
    public void pipeRaw(String topic, byte[] key, byte[] value) {
        driver.createInputTopic(topic, Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer()).pipeInput(key, value);
    }

    public void advanceWallClock(Duration d) {
        driver.advanceWallClockTime(d);
    }

    public List<TestRecord<byte[], byte[]>> readDeadLetters() {
        return deadLetters.readRecordsToList();
    }

    @Override
    public void close() {
        List<TestRecord<byte[], byte[]>> unexpected = deadLetters.readRecordsToList();
        try {
            driver.close();
        } finally {
            deleteStateDir();
        }
        if (!unexpected.isEmpty()) {
            throw new AssertionError(unexpected.size() + " dead letter(s) the test did not expect (read them with readDeadLetters() "
                    + "when a test means to make them): " + unexpected.stream().limit(5)
                    .map(d -> DeadLetters.header(d.headers(), DeadLetters.REASON) + " " + DeadLetters.header(d.headers(), DeadLetters.DETAIL))
                    .toList());
        }
    }

    private void deleteStateDir() {
        try (Stream<Path> files = Files.walk(stateDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp dir
        }
    }
}
