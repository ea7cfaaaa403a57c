package io.roadmirror.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.config.RoadmirrorConfig;
import io.roadmirror.embedded.ChildJvm;
import io.roadmirror.embedded.EmbeddedKafkaBroker;
import io.roadmirror.model.IncidentReport;
import io.roadmirror.model.IncidentSource;
import io.roadmirror.model.IncidentStatus;
import io.roadmirror.model.IncidentType;
import io.roadmirror.model.SensorReading;
import io.roadmirror.model.VehiclePosition;
import io.roadmirror.network.NetworkPublisher;
import io.roadmirror.registry.HttpSchemaRegistryClient;
import io.roadmirror.registry.SchemaRegistryClient;
import io.roadmirror.runtime.Ports;
import io.roadmirror.runtime.SchemaSetup;
import io.roadmirror.runtime.TopicSetup;
import io.roadmirror.serde.WireFormat;
import io.roadmirror.testing.Await;
import io.roadmirror.testing.HttpJson;
import io.roadmirror.testing.SharedInfra;
import io.roadmirror.testing.TempDirs;
import io.roadmirror.testing.TestJvms;
import io.roadmirror.testing.TestNetworks;
import io.roadmirror.topics.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The hostile-input suite (issue 13): every kind of bad input the contract names, interleaved with
 * good input, on a real broker and registry, into {@code roadmirror run} in its own JVM with
 * {@code -Xmx512m}. Every bad record must come out as a dead letter with the right reason (or be
 * counted where the contract says skip), every good record must count, no stream thread may be
 * replaced, and the heap stays bounded. Any dead letter the suite did not send bad fails it.
 *
 * <p>Scale: {@value #N} of each kind; the two kinds that are megabytes each send fewer
 * ({@value #MEGABYTE_STRINGS} 1 MB strings, {@value #COMPRESSED} 5 MB compressed records) so the
 * suite stays near a minute on two cores. The figures are printed for docs/hostile-input.md.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class HostileInputIT {
    static final int N = 1000;
    static final int MEGABYTE_STRINGS = 20;
    static final int COMPRESSED = 10;
    private static final int PARTITIONS = 2;
    private static final String HEAP = "-Xmx512m";

    private static EmbeddedKafkaBroker broker;
    private static SchemaRegistryClient registry;
    private static Topics topics;
    private static ChildJvm pipeline;
    private static Path workDir;
    private static int apiPort;

    /** One kind of input: where it goes, what must become of it, and how to make its i-th record. */
    record Kind(
            String name, String topic, String expected, int count, IntFunction<ProducerRecord<byte[], byte[]>> make) {
        String key(int i) {
            return "bad-" + name + "-" + i;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedKafkaBroker.start(Ports.findFree(), Ports.findFree(), null);
        RoadmirrorConfig config = RoadmirrorConfig.of(Map.of(
                "bootstrap.servers",
                broker.bootstrapServers(),
                "schema.registry.url",
                SharedInfra.registryUrl().toString()));
        registry = new HttpSchemaRegistryClient(config.registry());
        SchemaSetup.registerAll(registry);
        topics = new Topics(registry, false);
        try (Admin admin = Admin.create(config.kafka().clientProperties())) {
            TopicSetup.ensureTopics(admin, PARTITIONS, 1);
        }
        NetworkPublisher.publish(
                TestNetworks.triangle(), topics.roadNetwork, config.kafka().clientProperties());
        workDir = TempDirs.create("roadmirror-hostile-");
        apiPort = Ports.findFree();
        String classPath = TestJvms.classPath();
        pipeline = ChildJvm.start(
                "hostile-pipeline",
                null,
                List.of(HEAP, "-XX:+ExitOnOutOfMemoryError", "-XX:TieredStopAtLevel=1"),
                List.of(
                        "-cp",
                        classPath,
                        "io.roadmirror.cli.Main",
                        "run",
                        "--bootstrap-servers",
                        broker.bootstrapServers(),
                        "--schema-registry-url",
                        SharedInfra.registryUrl().toString(),
                        "--application-id",
                        "hostile-" + UUID.randomUUID(),
                        "--topic-partitions",
                        Integer.toString(PARTITIONS),
                        "--topic-replication-factor",
                        "1",
                        "--state-dir",
                        workDir.resolve("state").toString(),
                        "--api-port",
                        Integer.toString(apiPort)),
                workDir,
                workDir.resolve("pipeline.log"));
        Await.until(
                "the pipeline reports RUNNING",
                () -> log().contains("roadmirror pipeline running") || !pipeline.isAlive(),
                Duration.ofSeconds(90));
        assertTrue(pipeline.isAlive(), () -> "the pipeline exited while starting:\n" + pipeline.logTail(40));
    }

    @AfterAll
    static void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
        if (registry != null) {
            registry.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private static String log() {
        try {
            return Files.exists(pipeline.logFile()) ? Files.readString(pipeline.logFile()) : "";
        } catch (IOException e) {
            return "";
        }
    }

    // --- the input ---------------------------------------------------------------------------------

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] value(SensorReading r) {
        return topics.sensorReadings.valueSerde().serializer().serialize(topics.sensorReadings.name(), r);
    }

    private static SensorReading reading(String sensorId, String segment, Instant time, Double speed, int count) {
        return new SensorReading(sensorId, "gw-hostile", segment, time, speed, count, 10.0, 30);
    }

    private static ProducerRecord<byte[], byte[]> readingRecord(String key, SensorReading r) {
        return new ProducerRecord<>("sensor.readings", key == null ? null : utf8(key), value(r));
    }

    private static ProducerRecord<byte[], byte[]> bad(String name, int i, SensorReading r) {
        return readingRecord("bad-" + name + "-" + i, r);
    }

    static List<Kind> kinds(Random random) {
        int readingSchema = WireFormat.schemaId(value(reading("x", "A-B", Instant.EPOCH, 1.0, 1)));
        byte[] vehicle = topics.vehiclePositions
                .valueSerde()
                .serializer()
                .serialize("vehicle.positions", new VehiclePosition("v1", "A-B", Instant.now(), 10.0, 5.0, 1));
        byte[] compressed = new byte[5 * 1024 * 1024];
        System.arraycopy(
                new byte[] {
                    0,
                    (byte) (readingSchema >>> 24),
                    (byte) (readingSchema >>> 16),
                    (byte) (readingSchema >>> 8),
                    (byte) readingSchema
                },
                0,
                compressed,
                0,
                5);
        String megabyte = "m".repeat(1_000_000);
        List<Kind> kinds = new ArrayList<>();
        kinds.add(new Kind(
                "not-wire-format",
                "sensor.readings",
                "DESERIALIZATION",
                N,
                i -> new ProducerRecord<>(
                        "sensor.readings", utf8("bad-not-wire-format-" + i), utf8("{\"speedKph\": " + i + "}"))));
        kinds.add(new Kind("unknown-schema", "sensor.readings", "UNKNOWN_SCHEMA", N, i -> {
            int id = 1_000_000 + random.nextInt(1_000_000_000);
            return new ProducerRecord<>("sensor.readings", utf8("bad-unknown-schema-" + i), new byte[] {
                0, (byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id, 2, 'x'
            });
        }));
        kinds.add(new Kind(
                "wrong-record-type",
                "sensor.readings",
                "DESERIALIZATION",
                N,
                i -> new ProducerRecord<>("sensor.readings", utf8("bad-wrong-record-type-" + i), vehicle)));
        kinds.add(new Kind(
                "nan-infinity",
                "sensor.readings",
                "INVALID_VALUE",
                N,
                i -> bad(
                        "nan-infinity",
                        i,
                        reading(
                                "bad-nan-infinity-" + i,
                                "A-B",
                                Instant.now(),
                                i % 3 == 0
                                        ? Double.NaN
                                        : i % 3 == 1 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY,
                                5))));
        kinds.add(new Kind(
                "out-of-range",
                "sensor.readings",
                "INVALID_VALUE",
                N,
                i -> bad("out-of-range", i, reading("bad-out-of-range-" + i, "A-B", Instant.now(), 300.5 + i, 5))));
        kinds.add(new Kind(
                "too-many-vehicles",
                "sensor.readings",
                "INVALID_VALUE",
                N,
                i -> bad(
                        "too-many-vehicles",
                        i,
                        reading("bad-too-many-vehicles-" + i, "A-B", Instant.now(), 40.0, 61 + i))));
        kinds.add(new Kind(
                "empty-string",
                "sensor.readings",
                "INVALID_VALUE",
                N,
                i -> bad(
                        "empty-string",
                        i,
                        new SensorReading("bad-empty-string-" + i, "", "A-B", Instant.now(), 40.0, 5, 10.0, 30))));
        kinds.add(new Kind("string-over-limit", "sensor.readings", "INVALID_VALUE", N, i -> {
            String id = "bad-string-over-limit-" + i;
            id = id + "x".repeat(129 - id.length());
            return readingRecord(id, reading(id, "A-B", Instant.now(), 40.0, 5));
        }));
        kinds.add(new Kind(
                "megabyte-string",
                "incident.reports",
                "INVALID_VALUE",
                MEGABYTE_STRINGS,
                i -> new ProducerRecord<>(
                        "incident.reports",
                        utf8("bad-megabyte-string-" + i),
                        topics.incidentReports
                                .valueSerde()
                                .serializer()
                                .serialize(
                                        "incident.reports",
                                        new IncidentReport(
                                                "bad-megabyte-string-" + i,
                                                "A-B",
                                                Instant.now(),
                                                IncidentType.HAZARD,
                                                2,
                                                IncidentStatus.OPEN,
                                                IncidentSource.CROWD,
                                                megabyte)))));
        kinds.add(new Kind(
                "length-bomb",
                "sensor.readings",
                "DESERIALIZATION",
                N,
                i -> new ProducerRecord<>("sensor.readings", utf8("bad-length-bomb-" + i), bomb(readingSchema))));
        kinds.add(new Kind(
                "compressed-5mb",
                "sensor.readings",
                "DESERIALIZATION",
                COMPRESSED,
                i -> new ProducerRecord<>("sensor.readings", utf8("bad-compressed-5mb-" + i), compressed)));
        kinds.add(new Kind(
                "null-key",
                "sensor.readings",
                "INVALID_VALUE",
                N,
                i -> readingRecord(null, reading("null-key-" + i, "A-B", Instant.now(), 40.0, 5))));
        kinds.add(new Kind(
                "tombstone",
                "sensor.readings",
                "INVALID_VALUE",
                N,
                i -> new ProducerRecord<>("sensor.readings", utf8("bad-tombstone-" + i), null)));
        kinds.add(new Kind(
                "far-past",
                "sensor.readings",
                "LATE",
                N,
                i -> bad(
                        "far-past",
                        i,
                        reading("bad-far-past-" + i, "A-B", Instant.now().minus(Duration.ofDays(1)), 40.0, 5))));
        kinds.add(new Kind(
                "far-future",
                "sensor.readings",
                "FUTURE_TIMESTAMP",
                N,
                i -> bad(
                        "far-future",
                        i,
                        reading("bad-far-future-" + i, "A-B", Instant.now().plus(Duration.ofDays(1)), 40.0, 5))));
        kinds.add(new Kind(
                "unknown-segment",
                "sensor.readings",
                "UNKNOWN_SEGMENT",
                N,
                i -> bad(
                        "unknown-segment",
                        i,
                        reading("bad-unknown-segment-" + i, "NOWHERE-" + i, Instant.now(), 40.0, 5))));
        kinds.add(new Kind(
                "road-network-bomb",
                "road.network",
                "SKIPPED",
                N,
                i -> new ProducerRecord<>("road.network", utf8("bad-road-network-bomb-" + i), bomb(readingSchema))));
        // Good input that looks suspicious: accepted, and it makes nothing else late.
        kinds.add(new Kind(
                "fast-clock-gateway",
                "sensor.readings",
                "ACCEPTED",
                N,
                i -> readingRecord(
                        "fast-" + (i % 50),
                        reading("fast-" + (i % 50), "W-Z", Instant.now().plus(Duration.ofMinutes(4)), 70.0, 5))));
        kinds.add(new Kind(
                "store-and-forward-flush",
                "sensor.readings",
                "ACCEPTED",
                N,
                i -> readingRecord(
                        "stored-" + (i % 50),
                        reading(
                                "stored-" + (i % 50),
                                "Z-Y",
                                Instant.now().minus(Duration.ofMinutes(2)).plusMillis(i * 100L),
                                60.0,
                                5))));
        return kinds;
    }

    /** 20 bytes: a registered schema id, then a first string that declares 2 GiB. */
    private static byte[] bomb(int schemaId) {
        byte[] bomb = new byte[20];
        byte[] head = {
            0,
            (byte) (schemaId >>> 24),
            (byte) (schemaId >>> 16),
            (byte) (schemaId >>> 8),
            (byte) schemaId,
            (byte) 0x80,
            (byte) 0x80,
            (byte) 0x80,
            (byte) 0x80,
            0x10
        };
        System.arraycopy(head, 0, bomb, 0, head.length);
        return bomb;
    }

    private static KafkaProducer<byte[], byte[]> producer(Map<String, Object> extra) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.putAll(extra);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    // --- the suite ---------------------------------------------------------------------------------

    @Test
    void everyBadRecordIsDeadLetteredOrCountedAndEveryGoodOneCounts() throws Exception {
        long started = System.nanoTime();
        List<Kind> kinds = kinds(new Random(13));
        String[] segments = {"A-B", "A-C", "C-B", "A-G", "G-B", "D-A", "Y-D", "B-E"};
        Map<String, Integer> goodPerSegment = new TreeMap<>();
        int good = 0;
        try (KafkaProducer<byte[], byte[]> producer =
                        producer(Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024));
                KafkaProducer<byte[], byte[]> lz4 = producer(Map.of(
                        ProducerConfig.COMPRESSION_TYPE_CONFIG,
                        "lz4",
                        ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                        8 * 1024 * 1024,
                        ProducerConfig.BUFFER_MEMORY_CONFIG,
                        64 * 1024 * 1024))) {
            // Warm-up: every partition's stream time is now before anything can be late against it.
            for (int s = 0; s < 40; s++) {
                String segment = segments[s % segments.length];
                producer.send(readingRecord("good-" + s, reading("good-" + s, segment, Instant.now(), 40.0, 5)));
                goodPerSegment.merge(segment, 1, Integer::sum);
                good++;
            }
            producer.flush();
            int rounds = kinds.stream().mapToInt(Kind::count).max().orElseThrow();
            for (int i = 0; i < rounds; i++) {
                for (Kind kind : kinds) {
                    if (i < kind.count()) {
                        (kind.name().equals("compressed-5mb") ? lz4 : producer)
                                .send(kind.make().apply(i));
                    }
                }
                String segment = segments[i % segments.length];
                String sensor = "good-" + (i % 40);
                producer.send(readingRecord(sensor, reading(sensor, segment, Instant.now(), 35.0 + i % 10, 5)));
                goodPerSegment.merge(segment, 1, Integer::sum);
                good++;
            }
            producer.flush();
            lz4.flush();
        }
        double sent = (System.nanoTime() - started) / 1e9;

        Map<String, Integer> expectedDeadLetters = new LinkedHashMap<>();
        for (Kind kind : kinds) {
            if (!kind.expected().equals("ACCEPTED") && !kind.expected().equals("SKIPPED")) {
                expectedDeadLetters.put(kind.name(), kind.count());
            }
        }
        int expectedTotal = expectedDeadLetters.values().stream()
                .mapToInt(Integer::intValue)
                .sum();
        List<ConsumerRecord<byte[], byte[]>> letters = readDeadLetters(expectedTotal, Duration.ofSeconds(120));
        double drained = (System.nanoTime() - started) / 1e9;

        // Every bad record: one dead letter, with its kind's reason. Nothing else.
        Map<String, Kind> byName = kinds.stream().collect(Collectors.toMap(Kind::name, k -> k));
        Map<String, Integer> seen = new HashMap<>();
        List<String> unexpected = new ArrayList<>();
        int truncated = 0;
        for (ConsumerRecord<byte[], byte[]> letter : letters) {
            String kindName = kindOf(letter.key());
            Kind kind = kindName == null ? null : byName.get(kindName);
            String reason = DeadLetters.header(letter.headers(), DeadLetters.REASON);
            if (kind == null || !kind.expected().equals(reason)) {
                unexpected.add((letter.key() == null ? "(null key)" : new String(letter.key(), StandardCharsets.UTF_8))
                        + " -> " + reason + ": " + DeadLetters.header(letter.headers(), DeadLetters.DETAIL));
                continue;
            }
            seen.merge(kindName, 1, Integer::sum);
            if (DeadLetters.isTruncated(letter.headers())) {
                truncated++;
                assertEquals("compressed-5mb", kindName, "only the 5 MB records are cut");
            }
        }
        assertTrue(
                unexpected.isEmpty(),
                () -> unexpected.size() + " unexpected dead letters, e.g. "
                        + unexpected.subList(0, Math.min(5, unexpected.size())));
        assertEquals(expectedDeadLetters, seen, "dead letters per kind");
        assertEquals(COMPRESSED, truncated, "each 5 MB record's dead letter is written truncated, with dlq.truncated");

        // Every good record counts (the fast-clock gateway and the flush included); the road.network bombs are skipped
        // and counted.
        int accepted = good
                + byName.get("fast-clock-gateway").count()
                + byName.get("store-and-forward-flush").count();
        String metrics =
                awaitMetric("roadmirror_records_in_total", "sensor.readings", accepted, Duration.ofSeconds(60));
        assertEquals(
                accepted,
                metric(metrics, "roadmirror_records_in_total", "sensor.readings"),
                "every good reading passed validation");
        assertEquals(
                N,
                metric(metrics, "roadmirror_global_skipped_total", "road.network"),
                "road.network bombs skipped and counted");
        Map<String, Double> mirrored = latestSensorsReporting(goodPerSegment.keySet(), Duration.ofSeconds(60));
        for (String segment : goodPerSegment.keySet()) {
            assertTrue(mirrored.getOrDefault(segment, 0.0) > 0, segment + " shows its good sensors in mirror.segments");
        }

        // Nothing stopped or grew without bound.
        assertTrue(pipeline.isAlive(), "the pipeline is alive");
        String log = log();
        assertFalse(log.contains("OutOfMemoryError"), "no OutOfMemoryError");
        assertFalse(log.contains("replacing it"), "no stream thread was replaced");
        long heapUsed = heapUsedBytes();
        assertTrue(heapUsed > 0 && heapUsed < 512L * 1024 * 1024, "heap used " + heapUsed);
        System.out.printf(
                "HostileInputIT: %d kinds, %d bad records (%d dead letters, %d skipped on road.network), %d good readings "
                        + "accepted; sent in %.1f s, all dead letters out after %.1f s; %d dead letters truncated; heap used after "
                        + "the run %d MiB of 512 MiB%n",
                kinds.size(),
                expectedTotal + N,
                expectedTotal,
                N,
                accepted,
                sent,
                drained,
                truncated,
                heapUsed / (1024 * 1024));
        expectedDeadLetters.forEach((k, v) -> System.out.printf(
                "HostileInputIT:   %-24s %-18s %5d%n", k, byName.get(k).expected(), seen.get(k)));
    }

    private static String kindOf(byte[] key) {
        if (key == null) {
            return "null-key";
        }
        String k = new String(key, StandardCharsets.UTF_8);
        if (!k.startsWith("bad-")) {
            return null;
        }
        int end = k.lastIndexOf('-');
        return end > 4 ? k.substring(4, end) : null;
    }

    private static List<ConsumerRecord<byte[], byte[]>> readDeadLetters(int expected, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "hostile-check-" + UUID.randomUUID());
        List<ConsumerRecord<byte[], byte[]>> letters = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(DeadLetters.TOPIC));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (letters.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(letters::add);
                assertTrue(pipeline.isAlive(), () -> "the pipeline died:\n" + pipeline.logTail(40));
            }
            // A little more, so that a surplus (a dead letter twice, an unexpected one) shows.
            consumer.poll(Duration.ofSeconds(2)).forEach(letters::add);
        }
        assertEquals(expected, letters.size(), "dead letters in all (exactly once)");
        return letters;
    }

    private static String scrape() {
        return HttpJson.get("http://127.0.0.1:" + apiPort + "/metrics").body();
    }

    private static double metric(String scrape, String name, String tagValue) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\{[^}]*\"" + Pattern.quote(tagValue) + "\"[^}]*} (\\S+)$")
                .matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static String awaitMetric(String name, String tag, double value, Duration timeout) {
        String[] last = {""};
        Await.until(
                name + "{" + tag + "} reaches " + value, () -> metric(last[0] = scrape(), name, tag) >= value, timeout);
        return last[0];
    }

    /** The last sensorsReporting of each segment in mirror.segments, read_committed. */
    private static Map<String, Double> latestSensorsReporting(Set<String> segments, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "hostile-mirror-" + UUID.randomUUID());
        Map<String, Double> latest = new HashMap<>();
        try (KafkaConsumer<String, io.roadmirror.model.SegmentState> consumer = new KafkaConsumer<>(
                props,
                topics.mirrorSegments.keySerde().deserializer(),
                topics.mirrorSegments.valueSerde().deserializer())) {
            consumer.subscribe(List.of(topics.mirrorSegments.name()));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!latest.keySet().containsAll(segments) && System.nanoTime() < deadline) {
                for (var r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.value() != null) {
                        latest.put(r.key(), (double) r.value().getSensorsReporting());
                    }
                }
            }
        }
        return latest;
    }

    /** The pipeline's heap in use after a full collection (jcmd GC.heap_info after GC.run). */
    private static long heapUsedBytes() throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        run(jcmd.toString(), Long.toString(pipeline.pid()), "GC.run");
        String info = run(jcmd.toString(), Long.toString(pipeline.pid()), "GC.heap_info");
        Matcher m = Pattern.compile("used (\\d+)K").matcher(info);
        return m.find() ? Long.parseLong(m.group(1)) * 1024 : -1;
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), String.join(" ", command));
        return out;
    }
}
