package io.roadmirror.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.embedded.EmbeddedKafkaBroker;
import io.roadmirror.ingest.DeadLetterReason;
import io.roadmirror.ingest.DeadLetters;
import io.roadmirror.runtime.Ports;
import io.roadmirror.runtime.TopicSetup;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import picocli.CommandLine;

/** {@code roadmirror replay-deadletters} on a real broker: what it selects, what it writes, and that a dry run writes nothing. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@Execution(ExecutionMode.CONCURRENT) // its own broker: runs beside the others, to even out the two lanes (pom.xml)
class ReplayDeadLettersIT {
    private static final Instant T = Instant.parse("2026-06-01T08:00:00Z");
    private static EmbeddedKafkaBroker broker;
    private static long viaOriginalOffset;
    private static final byte[] VIA_ORIGINAL = "the gateway's own bytes".getBytes(StandardCharsets.UTF_8);

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedKafkaBroker.start(Ports.findFree(), Ports.findFree(), null);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            TopicSetup.ensureTopics(admin, 1, 1);
        }
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            // The input record of a dead letter found after a repartition: still on its topic.
            RecordHeaders gatewayHeaders = new RecordHeaders();
            gatewayHeaders.add("traceparent", "00-abc".getBytes(StandardCharsets.UTF_8));
            RecordMetadata original = producer.send(new ProducerRecord<>(
                            "vehicle.positions", 0, T.toEpochMilli(), bytes("v9"), VIA_ORIGINAL, gatewayHeaders))
                    .get();
            viaOriginalOffset = original.offset();

            RecordHeaders stamped = new RecordHeaders();
            stamped.add("traceparent", "00-abc".getBytes(StandardCharsets.UTF_8));
            DeadLetters.stampOrigin(stamped, "sensor.readings", 0, 17);
            send(
                    producer,
                    DeadLetters.record(
                            DeadLetterReason.LATE,
                            "late",
                            "sensor.readings",
                            0,
                            17,
                            T.toEpochMilli(),
                            bytes("s1"),
                            bytes("late reading"),
                            stamped));
            send(
                    producer,
                    DeadLetters.record(
                            DeadLetterReason.UNKNOWN_SEGMENT,
                            "no segment",
                            "sensor.readings",
                            0,
                            18,
                            T.plusSeconds(60).toEpochMilli(),
                            bytes("s2"),
                            bytes("unknown segment"),
                            null));
            send(
                    producer,
                    DeadLetters.record(
                            DeadLetterReason.LATE,
                            "late, but an hour later",
                            "sensor.readings",
                            0,
                            19,
                            T.plusSeconds(3600).toEpochMilli(),
                            bytes("s3"),
                            bytes("later"),
                            null));
            send(
                    producer,
                    DeadLetters.record(
                            DeadLetterReason.DESERIALIZATION,
                            "too big",
                            "sensor.readings",
                            0,
                            20,
                            T.toEpochMilli(),
                            bytes("s4"),
                            new byte[2 * 1024 * 1024],
                            null)); // cut on the way in
            RecordHeaders viaHeaders = new RecordHeaders();
            DeadLetters.stampOrigin(viaHeaders, "vehicle.positions", 0, viaOriginalOffset);
            send(
                    producer,
                    DeadLetters.record(
                            DeadLetterReason.INVALID_VALUE,
                            "bug after repartition",
                            "app-stops-repartition",
                            1,
                            5,
                            T.toEpochMilli(),
                            bytes("internal-key"),
                            bytes("internal bytes"),
                            viaHeaders));
        }
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, ProducerRecord<byte[], byte[]> record)
            throws Exception {
        producer.send(record).get();
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static String replay(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        List<String> all =
                new ArrayList<>(List.of("replay-deadletters", "--bootstrap-servers", broker.bootstrapServers()));
        all.addAll(List.of(args));
        assertEquals(0, cli.execute(all.toArray(String[]::new)), out.toString());
        return out.toString();
    }

    /** Records on a topic after the given offset (partition 0, read_committed). */
    private static List<ConsumerRecord<byte[], byte[]>> readFrom(String topic, long offset) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "replay-check-" + UUID.randomUUID());
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seek(tp, offset);
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (consumer.position(tp) < end && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    private static long end(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            return consumer.endOffsets(List.of(tp)).get(tp);
        }
    }

    @Test
    void aDryRunListsTheSelectionAndWritesNothing() {
        long before = end("sensor.readings");
        String out = replay("--reason", "LATE", "--topic", "sensor.readings", "--dry-run");
        assertTrue(out.contains("would    sensor.readings-0@17 (LATE) -> sensor.readings, key s1"), out);
        assertTrue(out.contains("Dry run: 2 of 5 dead letters selected; 0 re-published"), out);
        assertEquals(before, end("sensor.readings"));
    }

    @Test
    void theSelectedDeadLettersGoBackToTheirTopicWithTheirOriginalBytesAndWithoutDlqHeaders() {
        long before = end("sensor.readings");
        String out = replay(
                "--reason",
                "LATE",
                "--from",
                T.toString(),
                "--to",
                T.plusSeconds(600).toString());

        assertTrue(out.contains("1 of 5 dead letters selected; 1 re-published"), out);
        List<ConsumerRecord<byte[], byte[]>> replayed = readFrom("sensor.readings", before);
        assertEquals(1, replayed.size(), "only the LATE one within the time range");
        ConsumerRecord<byte[], byte[]> r = replayed.get(0);
        assertArrayEquals(bytes("s1"), r.key());
        assertArrayEquals(bytes("late reading"), r.value());
        assertEquals("00-abc", DeadLetters.header(r.headers(), "traceparent"), "the gateway's own headers are kept");
        assertNull(r.headers().lastHeader(DeadLetters.REASON));
        assertNull(
                r.headers().lastHeader(DeadLetters.ORIGIN),
                "the pipeline stamps a fresh origin when it reads it again");
    }

    @Test
    void aDeadLetterFoundAfterARepartitionIsReplayedFromItsInputRecord() {
        long before = end("vehicle.positions");
        String out = replay("--reason", "INVALID_VALUE");

        assertTrue(out.contains("vehicle.positions-0@" + viaOriginalOffset), out);
        List<ConsumerRecord<byte[], byte[]>> replayed = readFrom("vehicle.positions", before);
        assertEquals(1, replayed.size());
        assertArrayEquals(VIA_ORIGINAL, replayed.get(0).value(), "the input record's bytes, not the internal ones");
        assertArrayEquals(bytes("v9"), replayed.get(0).key());
    }

    @Test
    void aTruncatedDeadLetterIsListedNotReplayed() {
        long before = end("sensor.readings");
        String out = replay("--reason", "DESERIALIZATION");
        assertTrue(out.contains("skip    sensor.readings-0@20 (DESERIALIZATION): truncated"), out);
        assertTrue(out.contains("1 of 5 dead letters selected; 0 re-published, 1 truncated"), out);
        assertEquals(before, end("sensor.readings"));
    }

    @Test
    void anUnknownReasonIsAUsageErrorSayingWhichExist() {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(
                "replay-deadletters", "--bootstrap-servers", broker.bootstrapServers(), "--reason", "LATER");
        assertEquals(2, code);
        assertTrue(err.toString().contains("--reason LATER is not a dead-letter reason"), err.toString());
    }
}
