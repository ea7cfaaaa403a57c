package io.roadmirror.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.roadmirror.embedded.EmbeddedKafkaBroker;
import io.roadmirror.embedded.EmbeddedSchemaRegistry;
import io.roadmirror.model.SensorReading;
import io.roadmirror.network.NetworkPublisher;
import io.roadmirror.network.RoadNetwork;
import io.roadmirror.network.SampleCity;
import io.roadmirror.registry.HttpSchemaRegistryClient;
import io.roadmirror.runtime.Ports;
import io.roadmirror.runtime.SchemaSetup;
import io.roadmirror.runtime.TopicSetup;
import io.roadmirror.serde.AvroSerializer;
import io.roadmirror.sim.GatewayPublisher;
import io.roadmirror.sim.GroundTruth;
import io.roadmirror.sim.SimulatorSettings;
import io.roadmirror.sim.TrafficModel;
import io.roadmirror.testing.Await;
import io.roadmirror.testing.Drained;
import io.roadmirror.testing.HttpJson;
import io.roadmirror.testing.RegistryProxy;
import io.roadmirror.topics.TopicCatalog;
import io.roadmirror.topics.Topics;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The schema registry failing under a running pipeline, on the real broker and the real registry
 * (Apicurio, its data in a file so that a restart keeps the ids), the pipeline a {@code roadmirror
 * run} JVM talking to it through a proxy, and the gateways feeding at a steady pace. Each fault
 * meets records of a writer schema the pipeline has not seen yet (a gateway's new firmware), so
 * its serde cache cannot hide it: first the registry is stopped and started again, then the proxy
 * refuses the pipeline's credentials (401) and lets it in again, then it answers a plain 404 (the
 * route to the registry's API gone: a wrong base path) and routes again. Meanwhile the instance
 * says NOT_READY with the reason and logs it once; afterwards it resumes by itself, and every input
 * was processed: nothing dead-lettered, no thread given up, the same process.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
@Execution(ExecutionMode.CONCURRENT) // paced, mostly waiting: runs beside the other integration tests (pom.xml)
class RegistryFaultsIT {
    private static final Instant SIM_START = Instant.parse("2026-03-18T07:00:00Z");
    private static final double SPEEDUP = 20;
    private static final Duration DETECT = Duration.ofSeconds(60);
    private static final Duration RECOVER = Duration.ofSeconds(120);
    private static final int NEW_FIRMWARE_READINGS = 40;
    private static final List<String> INPUTS = List.of(
            TopicCatalog.SENSOR_READINGS.name(),
            TopicCatalog.VEHICLE_POSITIONS.name(),
            TopicCatalog.INCIDENT_REPORTS.name());

    @TempDir
    Path dir;

    @Test
    void anOutageARefusalAndAWrongPathWhileRunningDeadLetterNothingAndProcessingResumesByItself() throws Exception {
        int registryPort = Ports.findFree();
        Path registryData = dir.resolve("registry-data");
        EmbeddedSchemaRegistry[] registry = {startRegistry(registryPort, registryData, 1)};
        URI registryUrl = registry[0].url();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(Ports.findFree(), Ports.findFree(), null);
                RegistryProxy proxy = RegistryProxy.plain(URI.create("http://127.0.0.1:" + registryPort));
                HttpSchemaRegistryClient direct = new HttpSchemaRegistryClient(
                        List.of(registryUrl), Optional.empty(), 100, Duration.ofSeconds(10), SSLContext.getDefault())) {
            String bootstrap = broker.bootstrapServers();
            Properties client = new Properties();
            client.put("bootstrap.servers", bootstrap);
            SchemaSetup.registerAll(direct);
            Topics topics = new Topics(direct, false);
            try (Admin admin = Admin.create(client)) {
                TopicSetup.ensureTopics(admin, 2, 1);
            }
            RoadNetwork network = SampleCity.generate();
            NetworkPublisher.publish(network, topics.roadNetwork, client);
            String segment = network.segments().iterator().next().id();

            int apiPort = Ports.findFree();
            String health = "http://127.0.0.1:" + apiPort + "/api/health/ready";
            try (PipelineInstance pipeline = new PipelineInstance(
                            "pipeline",
                            dir,
                            bootstrap,
                            proxy.origin() + EmbeddedSchemaRegistry.CCOMPAT_PATH,
                            "faults-registry",
                            2,
                            1,
                            apiPort,
                            List.of("--mirror-grace", "20m"));
                    GatewayPublisher gateways = new GatewayPublisher(client, topics);
                    KafkaProducer<String, byte[]> newFirmware = new KafkaProducer<>(
                            GatewayPublisher.producerProperties(client),
                            new StringSerializer(),
                            new ByteArraySerializer())) {
                note("pipeline RUNNING after " + seconds(pipeline.start(Duration.ofMinutes(3))));
                long pid = pipeline.pid();
                TrafficModel model = new TrafficModel(
                        network,
                        new SimulatorSettings(
                                SPEEDUP, 11, 4, 60, 0, Optional.of(SIM_START), SimulatorSettings.Realism.NONE),
                        SIM_START,
                        GroundTruth.NONE);
                long feedStart = System.currentTimeMillis();
                long sent = 0;
                try (SteadyFeed feed = new SteadyFeed(model, List.of(gateways), Duration.ofHours(4), SPEEDUP).start()) {
                    HttpJson.await(health, h -> h.path("ready").asBoolean(), RECOVER);

                    // 1. The registry stops; a gateway with new firmware writes readings of a schema registered just
                    // before.
                    Schema v2 = withOptionalField(SensorReading.getClassSchema(), "firmware");
                    List<byte[]> v2Readings = readings(direct, v2, segment, feedStart, "fw2");
                    registry[0].close();
                    long stopped = System.nanoTime();
                    sent += send(newFirmware, v2Readings);
                    JsonNode outage = awaitNotReady(health, "unavailable");
                    note("registry stopped: NOT_READY after " + since(stopped) + " ("
                            + outage.path("problem").asText() + ")");
                    assertEquals(
                            200,
                            HttpJson.get(health.replace("/ready", "/live")).status(),
                            "alive while waiting: a restart would not help");
                    registry[0] = startRegistry(registryPort, registryData, 2);
                    long restarted = System.nanoTime();
                    HttpJson.await(health, h -> h.path("ready").asBoolean(), RECOVER);
                    note("registry started again: ready " + since(restarted) + " later, " + since(stopped)
                            + " after it stopped");

                    // 2. The registry refuses the pipeline's credentials; again readings of a schema it has not seen.
                    Schema v3 = withOptionalField(v2, "site");
                    List<byte[]> v3Readings = readings(direct, v3, segment, feedStart, "fw3");
                    proxy.refuseWith(401);
                    long refused = System.nanoTime();
                    sent += send(newFirmware, v3Readings);
                    JsonNode refusal = awaitNotReady(health, "credentials");
                    note("registry refusing (401): NOT_READY after " + since(refused) + " ("
                            + refusal.path("problem").asText() + ")");
                    proxy.forward();
                    long admitted = System.nanoTime();
                    HttpJson.await(health, h -> h.path("ready").asBoolean(), RECOVER);
                    note("registry admitting again: ready " + since(admitted) + " later");

                    // 3. The route to the registry's API is gone: a plain 404 without a registry error code, as a wrong
                    // base path answers. Neither "schema not found" (a dead letter) nor "not registered" (the thread
                    // budget): the registry's problem, like the two before.
                    Schema v4 = withOptionalField(v3, "region");
                    List<byte[]> v4Readings = readings(direct, v4, segment, feedStart, "fw4");
                    proxy.refuseWith(404);
                    long unrouted = System.nanoTime();
                    sent += send(newFirmware, v4Readings);
                    JsonNode wrongPath = awaitNotReady(health, "base path");
                    note("registry path answering 404: NOT_READY after " + since(unrouted) + " ("
                            + wrongPath.path("problem").asText() + ")");
                    proxy.forward();
                    long routed = System.nanoTime();
                    HttpJson.await(health, h -> h.path("ready").asBoolean(), RECOVER);
                    note("registry routed again: ready " + since(routed) + " later");

                    feed.close();
                    gateways.flush();
                    assertEquals(0, gateways.failed(), "the gateways lost nothing");
                    assertEquals(
                            feed.generated(List.of(
                                            TopicCatalog.SENSOR_READINGS.name(), TopicCatalog.VEHICLE_POSITIONS.name()))
                                    + sent,
                            RunOutputs.inputCount(
                                    bootstrap,
                                    List.of(
                                            TopicCatalog.SENSOR_READINGS.name(),
                                            TopicCatalog.VEHICLE_POSITIONS.name())),
                            "every reading and position is in the cluster");
                    Drained.await(bootstrap, "faults-registry", INPUTS, RECOVER);
                    RunOutputs outputs = RunOutputs.read(bootstrap, topics, 0, Duration.ofMinutes(1));
                    note("fed " + feed.generated() + " records and " + sent + " of new writer schemas; "
                            + outputs.mirrorRecords() + " mirror updates; dead letters " + outputs.deadLetters());
                    assertEquals(Map.of(), outputs.deadLetters(), "nothing dead-lettered");
                    assertTrue(outputs.mirrorRecords() > 0);
                }
                assertTrue(pipeline.isAlive() && pipeline.pid() == pid, "the same process ran on");
                String log = pipeline.logs();
                note("the registry's own error answers through the proxy: " + proxy.upstreamErrors());
                assertEquals(
                        3,
                        occurrences(log, "Processing waits (nothing is dead-lettered)"),
                        "one line when each registry problem starts, not one per record or retry:\n"
                                + problemLines(log));
                assertEquals(3, occurrences(log, "The schema registry answers again"), problemLines(log));
                assertFalse(log.contains("A stream thread failed"), "a registry problem uses no thread budget");
                assertFalse(log.contains("shutting down this instance"), "no fatal state");
                note("log lines that mention the registry: "
                        + problemLines(log).lines().count());
            }
        } finally {
            registry[0].close();
            keepLogs();
        }
    }

    /** The pipeline's and the registry's logs into target/faults, for reading after a failure (the temp dir goes). */
    private void keepLogs() throws IOException {
        Path kept = Files.createDirectories(Path.of("target", "faults", "registry-faults"));
        try (Stream<Path> logs = Files.list(dir)) {
            for (Path log : logs.filter(p -> p.toString().endsWith(".log")).toList()) {
                Files.copy(log, kept.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private EmbeddedSchemaRegistry startRegistry(int port, Path data, int start) {
        return EmbeddedSchemaRegistry.start(
                Optional.empty(), port, dir.resolve("registry-" + start + ".log"), Optional.of(data));
    }

    /** The schema with one more optional field: a BACKWARD-compatible new version, as new gateway firmware writes. */
    private static Schema withOptionalField(Schema schema, String name) {
        List<Schema.Field> fields = new ArrayList<>();
        schema.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
        fields.add(new Schema.Field(
                name,
                Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING)),
                "added by a later gateway firmware",
                JsonProperties.NULL_VALUE));
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
    }

    /**
     * Valid readings in the new schema, at the feed's event time of a moment from now; serialized now, while the
     * registry answers (registering the schema), so that the gateway sends them without it.
     */
    private static List<byte[]> readings(
            HttpSchemaRegistryClient registry, Schema schema, String segment, long feedStart, String firmware) {
        AvroSerializer<GenericData.Record> serializer = new AvroSerializer<>(registry, true, false);
        long eventTime = SIM_START.toEpochMilli() + (long) ((System.currentTimeMillis() - feedStart + 2_000) * SPEEDUP);
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < NEW_FIRMWARE_READINGS; i++) {
            GenericData.Record r = new GenericData.Record(schema);
            r.put("sensorId", sensorId(i));
            r.put("gatewayId", firmware + "-gateway");
            r.put("segmentId", segment);
            r.put("eventTime", eventTime + i * 100L);
            r.put("speedKph", 42.0);
            r.put("vehicleCount", 5);
            r.put("occupancyPct", 10.0);
            r.put("intervalSeconds", 30);
            r.put(schema.getFields().get(schema.getFields().size() - 1).name(), firmware);
            out.add(serializer.serialize(TopicCatalog.SENSOR_READINGS.name(), r));
        }
        return out;
    }

    /** A reading is keyed by its sensor (the contract); each firmware's readings come from the same new sensors. */
    private static String sensorId(int i) {
        return "new-firmware-sensor-" + i;
    }

    private static long send(KafkaProducer<String, byte[]> producer, List<byte[]> readings) throws Exception {
        for (int i = 0; i < readings.size(); i++) {
            producer.send(new ProducerRecord<>(TopicCatalog.SENSOR_READINGS.name(), sensorId(i), readings.get(i)))
                    .get(30, TimeUnit.SECONDS);
        }
        return readings.size();
    }

    private static JsonNode awaitNotReady(String health, String reason) {
        JsonNode[] seen = {null};
        Await.until(
                "readiness 503 saying '" + reason + "'",
                () -> {
                    HttpJson.Answer answer = HttpJson.get(health);
                    seen[0] = answer.json();
                    return answer.status() == 503
                            && seen[0].path("problem").asText().contains(reason);
                },
                DETECT);
        return seen[0];
    }

    private static int occurrences(String text, String line) {
        return (int) text.lines().filter(l -> l.contains(line)).count();
    }

    private static String problemLines(String log) {
        return String.join(
                "\n",
                log.lines()
                        .filter(l -> l.contains("registry") && (l.contains("ERROR") || l.contains("WARN")))
                        .limit(40)
                        .toList());
    }

    private static String since(long nanos) {
        return seconds(Duration.ofNanos(System.nanoTime() - nanos));
    }

    private static String seconds(Duration d) {
        return String.format("%.1f s", d.toMillis() / 1000.0);
    }

    private static void note(String line) {
        System.out.println("RegistryFaultsIT: " + line);
    }
}
