package io.roadmirror.testing;

import io.roadmirror.advisories.AdvisoryTopology;
import io.roadmirror.config.KafkaSettings;
import io.roadmirror.config.PipelineSettings;
import io.roadmirror.config.RoadmirrorConfig;
import io.roadmirror.ingest.DeadLetters;
import io.roadmirror.mirror.MirrorTopology;
import io.roadmirror.model.Hotspot;
import io.roadmirror.model.IncidentReport;
import io.roadmirror.model.RoadSegment;
import io.roadmirror.model.RouteRequest;
import io.roadmirror.model.RouteResponse;
import io.roadmirror.model.RoutingAdvisory;
import io.roadmirror.model.SegmentForecast;
import io.roadmirror.model.SegmentState;
import io.roadmirror.model.SensorReading;
import io.roadmirror.model.VehiclePosition;
import io.roadmirror.network.NetworkCodec;
import io.roadmirror.network.NetworkView;
import io.roadmirror.network.RoadNetwork;
import io.roadmirror.network.Segment;
import io.roadmirror.runtime.Pipeline;
import io.roadmirror.state.AdvisoryEvent;
import io.roadmirror.state.SegmentInput;
import io.roadmirror.streams.InputLags;
import io.roadmirror.streams.PipelineMetrics;
import io.roadmirror.streams.VersionedSerde;
import io.roadmirror.topics.Topic;
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
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The whole pipeline topology (the very one {@code roadmirror run} starts) in a
 * TopologyTestDriver, with the contract topics bound to an in-memory registry. Tests own time:
 * event times come from the records, wall-clock time only moves when a test advances or sets it.
 *
 * <p>The pipeline's wall clock (what FUTURE_TIMESTAMP and the stream-time cap are judged against)
 * is this harness's: by default {@link #DEFAULT_WALL_CLOCK_LEAD} after the driver's start, so a
 * scenario's event times lie in its past; a test of the wall-clock rules sets it with
 * {@link #setWallClock}. {@link #advanceWallClock} moves it and the driver's punctuation clock together.
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
    public static final Duration DEFAULT_WALL_CLOCK_LEAD = Duration.ofDays(30);
    private long driverTimeMs;
    private volatile long wallClockMs;
    /** The lag of the input partitions as the pipeline sees it: none, unless a test sets one. */
    public final InputLags inputLags = new InputLags();
    /** The shortest period of the pipeline's wall-clock punctuations (the sources' heartbeats). */
    static final Duration PUNCTUATION_STEP = Duration.ofMillis(100);

    public final TestInputTopic<String, RoadSegment> roadNetwork;
    public final TestInputTopic<String, SensorReading> readings;
    public final TestInputTopic<String, VehiclePosition> positions;
    public final TestInputTopic<String, IncidentReport> incidents;
    public final SettledOutput<String, SegmentState> mirror;
    public final SettledOutput<String, Hotspot> hotspots;
    public final SettledOutput<String, RoutingAdvisory> advisories;
    public final SettledOutput<String, IncidentReport> incidentReportsOut;
    public final SettledOutput<String, SegmentForecast> forecasts;
    public final TestOutputTopic<byte[], byte[]> deadLetters;
    public final TestInputTopic<String, RouteRequest> routeRequests;
    /** mirror.forecasts written directly, for a test that sets a segment's forecast (routes read it from the global store). */
    public final TestInputTopic<String, SegmentForecast> forecastsIn;

    public final SettledOutput<String, RouteResponse> routeResponses;

    public PipelineTestDriver(RoadNetwork network, Instant wallClockStart) {
        this(PipelineSettings.defaults(), network, wallClockStart);
    }

    public PipelineTestDriver(PipelineSettings settings, RoadNetwork network, Instant wallClockStart) {
        // One partition, as the driver runs one task per sub-topology: the mirror then hears from every source there
        // is.
        this(settings, network, wallClockStart, 1);
    }

    /**
     * With {@code partitions} configured: the driver still runs one task per sub-topology, so a test that plays
     * several partitions writes what the others would send onto the internal topics ({@link #segmentInputs},
     * {@link #advisoryInputs}).
     */
    public PipelineTestDriver(PipelineSettings settings, RoadNetwork network, Instant wallClockStart, int partitions) {
        KafkaSettings defaults = RoadmirrorConfig.defaults().kafka();
        KafkaSettings kafka = new KafkaSettings(
                defaults.bootstrapServers(),
                defaults.applicationId(),
                partitions,
                defaults.topicReplicationFactor(),
                defaults.clientOverrides());
        try {
            stateDir = Files.createTempDirectory("roadmirror-ttd-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        driverTimeMs = wallClockStart.toEpochMilli();
        wallClockMs = driverTimeMs + DEFAULT_WALL_CLOCK_LEAD.toMillis();
        topology = Pipeline.topology(
                settings,
                kafka,
                topics,
                metrics,
                () -> wallClockMs,
                new NetworkView(Pipeline.NETWORK_REFRESH),
                inputLags);
        Properties props =
                Pipeline.streamsConfig(settings.withProcessingGuarantee("at_least_once"), kafka, metrics, stateDir);
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
        forecasts = output(topics.mirrorForecasts);
        deadLetters = driver.createOutputTopic(
                DeadLetters.TOPIC,
                Serdes.ByteArray().deserializer(),
                Serdes.ByteArray().deserializer());
        routeRequests = input(topics.routeRequests);
        forecastsIn = input(topics.mirrorForecasts);
        routeResponses = output(topics.routeResponses);
        for (Segment s : network.segments()) {
            roadNetwork.pipeInput(s.id(), NetworkCodec.toAvro(s), wallClockStart);
        }
    }

    private <V> TestInputTopic<String, V> input(Topic<String, V> topic) {
        return driver.createInputTopic(
                topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    private <V> SettledOutput<String, V> output(Topic<String, V> topic) {
        return new SettledOutput<>(
                driver.createOutputTopic(
                        topic.name(),
                        topic.keySerde().deserializer(),
                        topic.valueSerde().deserializer()),
                this::settle);
    }

    /** Raw bytes onto an input topic, as a misbehaving gateway would send them. */
    public void pipeRaw(String topic, byte[] key, byte[] value) {
        driver.createInputTopic(
                        topic,
                        Serdes.ByteArray().serializer(),
                        Serdes.ByteArray().serializer())
                .pipeInput(key, value);
    }

    /**
     * Moves the wall clock on as a stream thread that is not overloaded lives it: punctuations fire every
     * {@link #PUNCTUATION_STEP} on the way (a source's heartbeats then count the time as quiet).
     */
    public void advanceWallClock(Duration d) {
        for (long left = d.toMillis(); left > 0; left -= PUNCTUATION_STEP.toMillis()) {
            jumpWallClock(Duration.ofMillis(Math.min(left, PUNCTUATION_STEP.toMillis())));
        }
    }

    /** Moves the wall clock on in one step, punctuating once: a stream thread that was busy elsewhere all that time. */
    public void jumpWallClock(Duration d) {
        driverTimeMs += d.toMillis();
        wallClockMs += d.toMillis();
        driver.advanceWallClockTime(d);
    }

    /** Sets the pipeline's wall clock (its punctuation clock is not moved back or forth by this). */
    public void setWallClock(Instant now) {
        wallClockMs = now.toEpochMilli();
    }

    /**
     * Lets the input fall quiet long enough for its source to say so (three heartbeats past the idle
     * time): the mirror's watermark then moves past the newest event time piped, so everything piped
     * so far is evaluated. Reading an output settles first.
     */
    public void settle() {
        advanceWallClock(Duration.ofSeconds(1));
        advanceWallClock(Duration.ofSeconds(1));
        advanceWallClock(Duration.ofSeconds(1));
    }

    /**
     * The segment side's input topic, for tests that play several source tasks: the driver runs one task per
     * sub-topology, so what other tasks would send is written here, stamped as {@code SourceProgress} stamps it.
     */
    public TestInputTopic<String, SegmentInput> segmentInputs() {
        return repartitionTopic(MirrorTopology.SEGMENT_INPUTS, SegmentInput.class);
    }

    /**
     * Writes on the segment side's topic what source task {@code upstream} would send: {@code input} stamped with the
     * source's progress, or, when {@code input} is null, a heartbeat (keyed "" as {@code SourceProgress} keys them).
     */
    public void sendAsSource(
            int upstream, String segmentId, SegmentInput input, long progress, boolean idle, Instant time) {
        SegmentInput stamped =
                input == null ? new SegmentInput(upstream, progress, idle, 0L, null, null, null, null, -1L) : input;
        stamped.setUpstream(upstream);
        stamped.setProgress(progress);
        stamped.setIdle(idle);
        segmentInputs().pipeInput(input == null ? "" : segmentId, stamped, time);
    }

    /** The advisories' input topic, for tests that play several segment partitions (see {@link #segmentInputs}). */
    public TestInputTopic<String, AdvisoryEvent> advisoryInputs() {
        return repartitionTopic(AdvisoryTopology.ADVISORY_INPUTS, AdvisoryEvent.class);
    }

    private <V extends SpecificRecord> TestInputTopic<String, V> repartitionTopic(String name, Class<V> values) {
        return driver.createInputTopic(
                RoadmirrorConfig.defaults().kafka().applicationId() + "-" + name + "-repartition",
                Serdes.String().serializer(),
                VersionedSerde.of(values).serializer());
    }

    public List<TestRecord<byte[], byte[]>> readDeadLetters() {
        return deadLetters.readRecordsToList();
    }

    /**
     * Closes the driver and fails if a dead letter was left unread: a processor that throws is
     * dead-lettered by the handler, so a test that only asserts "nothing came out" would otherwise
     * pass on a bug. Tests that expect dead letters read them.
     */
    @Override
    public void close() {
        List<TestRecord<byte[], byte[]>> unexpected = deadLetters.readRecordsToList();
        try {
            driver.close();
        } finally {
            deleteStateDir();
        }
        if (!unexpected.isEmpty()) {
            throw new AssertionError(unexpected.size()
                    + " dead letter(s) the test did not expect (read them with readDeadLetters() "
                    + "when a test means to make them): "
                    + unexpected.stream()
                            .limit(5)
                            .map(d -> DeadLetters.header(d.headers(), DeadLetters.REASON) + " "
                                    + DeadLetters.header(d.headers(), DeadLetters.DETAIL))
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
