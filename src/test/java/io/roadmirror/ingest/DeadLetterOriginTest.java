package io.roadmirror.ingest;

import static io.roadmirror.testing.TestRecords.T0;
import static io.roadmirror.testing.TestRecords.reading;
import static io.roadmirror.testing.TestRecords.sec;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.config.PipelineSettings;
import io.roadmirror.config.RoadmirrorConfig;
import io.roadmirror.model.SensorReading;
import io.roadmirror.network.NetworkCodec;
import io.roadmirror.network.NetworkTopology;
import io.roadmirror.network.NetworkView;
import io.roadmirror.network.Segment;
import io.roadmirror.runtime.Pipeline;
import io.roadmirror.streams.InputLags;
import io.roadmirror.streams.PipelineContext;
import io.roadmirror.streams.PipelineMetrics;
import io.roadmirror.testing.InMemorySchemaRegistry;
import io.roadmirror.testing.TempDirs;
import io.roadmirror.testing.TestNetworks;
import io.roadmirror.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A record rejected after a repartition names its input record (topic, partition, offset) through
 * the origin header that validation stamps and Kafka Streams carries across the repartition topic;
 * and a dead letter too large to send whole is cut, saying so.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DeadLetterOriginTest {

    @Test
    void aRecordRejectedAfterARepartitionNamesTheInputRecord() throws Exception {
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        Topics topics = new Topics(registry, true);
        PipelineMetrics metrics = PipelineMetrics.inMemory();
        NetworkView view = new NetworkView(Duration.ofSeconds(30));
        StreamsBuilder builder = new StreamsBuilder();
        PipelineContext context =
                new PipelineContext(topics, metrics, view, () -> T0.toEpochMilli(), 1, "roadmirror", new InputLags());
        new NetworkTopology(context).build(builder);
        new IngestTopology(context, IngestThresholds.DEFAULTS)
                .build(builder)
                .readings()
                .repartition(Repartitioned.with(Serdes.String(), topics.sensorReadings.valueSerde())
                        .withName("test-by-segment"))
                .process(
                        () -> new Processor<String, SensorReading, Void, Void>() {
                            @Override
                            public void process(Record<String, SensorReading> r) {
                                // a rule that rejects input after the repartition (what is not input the contract calls
                                // bad fails the task)
                                throw new DeadLetterException(
                                        new Rejection(DeadLetterReason.UNKNOWN_SEGMENT, "segment left the network"));
                            }
                        },
                        Named.as("failing-after-repartition"));
        PipelineSettings settings = PipelineSettings.defaults().withProcessingGuarantee("at_least_once");
        Path stateDir = TempDirs.create("roadmirror-origin-");
        Properties props =
                Pipeline.streamsConfig(settings, RoadmirrorConfig.defaults().kafka(), metrics, stateDir);
        props.put("bootstrap.servers", "ttd:9092");
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props, T0)) {
            TestInputTopic<String, io.roadmirror.model.RoadSegment> network = driver.createInputTopic(
                    topics.roadNetwork.name(),
                    topics.roadNetwork.keySerde().serializer(),
                    topics.roadNetwork.valueSerde().serializer());
            for (Segment s : TestNetworks.triangle().segments()) {
                network.pipeInput(s.id(), NetworkCodec.toAvro(s), T0);
            }
            TestInputTopic<String, SensorReading> readings = driver.createInputTopic(
                    topics.sensorReadings.name(),
                    topics.sensorReadings.keySerde().serializer(),
                    topics.sensorReadings.valueSerde().serializer());
            readings.pipeInput("s0", reading("s0", "A-B", sec(-1), 30.0), sec(-1));
            readings.pipeInput("s1", reading("s1", "A-B", sec(0), 30.0), sec(0));

            List<TestRecord<byte[], byte[]>> letters = driver.createOutputTopic(
                            DeadLetters.TOPIC,
                            Serdes.ByteArray().deserializer(),
                            Serdes.ByteArray().deserializer())
                    .readRecordsToList();

            assertEquals(2, letters.size());
            TestRecord<byte[], byte[]> second = letters.get(1);
            assertEquals(
                    "sensor.readings",
                    DeadLetters.header(second.headers(), DeadLetters.SOURCE_TOPIC),
                    "the input topic, not the internal one");
            assertEquals("0", DeadLetters.header(second.headers(), DeadLetters.SOURCE_PARTITION));
            assertEquals(
                    "1", DeadLetters.header(second.headers(), DeadLetters.SOURCE_OFFSET), "the second input record");
            assertTrue(
                    DeadLetters.header(second.headers(), DeadLetters.VIA).endsWith("test-by-segment-repartition"),
                    DeadLetters.header(second.headers(), DeadLetters.VIA));
            assertEquals("UNKNOWN_SEGMENT", DeadLetters.header(second.headers(), DeadLetters.REASON));
        }
    }

    @Test
    void theOriginHeaderIsCompactAndReplacedNotRepeated() {
        var headers = new org.apache.kafka.common.header.internals.RecordHeaders();
        DeadLetters.stampOrigin(headers, "sensor.readings", 3, 12345);
        DeadLetters.stampOrigin(headers, "sensor.readings", 4, 7);
        assertEquals(1, headers.toArray().length);
        assertEquals("sensor.readings/4/7", DeadLetters.header(headers, DeadLetters.ORIGIN));
    }

    @Test
    void aDeadLetterRejectedAtItsInputTopicHasNoVia() {
        var headers = new org.apache.kafka.common.header.internals.RecordHeaders();
        DeadLetters.stampOrigin(headers, "sensor.readings", 2, 9);
        var letter = DeadLetters.record(
                DeadLetterReason.INVALID_VALUE, "x", "sensor.readings", 2, 9, 0L, new byte[1], new byte[1], headers);
        assertNull(letter.headers().lastHeader(DeadLetters.VIA));
        assertEquals("9", DeadLetters.header(letter.headers(), DeadLetters.SOURCE_OFFSET));
    }

    @Test
    void aDeadLetterTooLargeToSendIsCutSayingSo() {
        byte[] value = new byte[5 * 1024 * 1024];
        value[0] = 7;
        var letter = DeadLetters.record(
                DeadLetterReason.DESERIALIZATION,
                "too large",
                "sensor.readings",
                0,
                1,
                0L,
                "k".getBytes(),
                value,
                null);
        assertEquals(DeadLetters.TRUNCATED_BYTES, letter.value().length);
        assertEquals(7, letter.value()[0], "the start of the original value");
        assertArrayEquals("k".getBytes(), letter.key());
        assertTrue(DeadLetters.header(letter.headers(), DeadLetters.TRUNCATED).contains("value 5242880 bytes"));
        assertEquals("DESERIALIZATION", DeadLetters.header(letter.headers(), DeadLetters.REASON));
    }

    @Test
    void aDeadLetterAtTheLimitIsSentWhole() {
        var whole = DeadLetters.record(DeadLetterReason.DESERIALIZATION, "", "t", 0, 1, 0L, null, new byte[1], null);
        long headerBytes = DeadLetters.size(whole) - 1;
        var atLimit = DeadLetters.record(
                DeadLetterReason.DESERIALIZATION,
                "",
                "t",
                0,
                1,
                0L,
                null,
                new byte[(int) (DeadLetters.MAX_BYTES - headerBytes)],
                null);
        assertEquals(DeadLetters.MAX_BYTES, DeadLetters.size(atLimit));
        assertNull(atLimit.headers().lastHeader(DeadLetters.TRUNCATED));
        var over = DeadLetters.record(
                DeadLetterReason.DESERIALIZATION,
                "",
                "t",
                0,
                1,
                0L,
                null,
                new byte[(int) (DeadLetters.MAX_BYTES - headerBytes + 1)],
                null);
        assertTrue(DeadLetters.isTruncated(over.headers()));
    }
}
