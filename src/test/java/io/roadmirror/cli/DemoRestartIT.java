package io.roadmirror.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.embedded.ChildJvm;
import io.roadmirror.ingest.DeadLetters;
import io.roadmirror.registry.HttpSchemaRegistryClient;
import io.roadmirror.runtime.Ports;
import io.roadmirror.serde.AvroDeserializer;
import io.roadmirror.testing.Await;
import io.roadmirror.testing.Consume;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import org.apache.avro.generic.GenericData;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new user's restart: {@code roadmirror demo --data-dir D} killed with kill -9 and started again
 * with the same command, in child JVMs as the launcher runs it. The second start resumes the
 * simulated day where the first stopped (no LATE flood), the registry still knows the schema ids
 * the first start's records carry, and no advisory is published twice.
 */
@Timeout(value = 9, unit = TimeUnit.MINUTES)
class DemoRestartIT {
    /** On a loaded 2-core machine a restarted demo took over 2 minutes to say it is up (a broker, a registry and a pipeline). */
    private static final Duration UP_TIMEOUT = Duration.ofMinutes(3);
    /** The long version ({@code -Pfaults}) runs each start longer; the short one runs in {@code mvn verify}. */
    private static final boolean LONG = Boolean.getBoolean("roadmirror.faults.long");
    /** Wall time each start runs before it is killed or checked: at 120x, 40 simulated minutes (long) or 20. */
    private static final Duration RUN = Duration.ofSeconds(LONG ? 20 : 10);

    @TempDir
    Path work;

    @Test
    void aDemoKilledAndStartedAgainOnItsDataDirGoesOnWhereItStopped() throws Exception {
        int broker = Ports.findFree();
        List<String> command = new ArrayList<>(List.of(
                "-cp",
                absoluteClassPath(),
                "io.roadmirror.cli.Main",
                "demo",
                "--data-dir",
                work.resolve("data").toString(),
                "--broker-port",
                String.valueOf(broker),
                "--controller-port",
                String.valueOf(Ports.findFree()),
                "--registry-port",
                String.valueOf(Ports.findFree()),
                "--api-port",
                String.valueOf(Ports.findFree()),
                "--topic-partitions",
                "2",
                "--speedup",
                "120",
                "--vehicles",
                "40",
                "--seed",
                "5",
                "--late-rate",
                "0"));
        List<Integer> ports = List.of(
                broker,
                Integer.parseInt(command.get(command.indexOf("--registry-port") + 1)),
                Integer.parseInt(command.get(command.indexOf("--api-port") + 1)));

        ChildJvm first = start(command, "demo-1.log");
        try {
            awaitLog(first, "roadmirror demo is up");
            TimeUnit.MILLISECONDS.sleep(RUN.toMillis());
            ProcessHandle.of(first.pid()).ifPresent(ProcessHandle::destroyForcibly);
            first.waitForExit(Duration.ofSeconds(30));
        } finally {
            first.close();
        }
        Await.until(
                "the killed demo's registry and ports to be released",
                () -> ports.stream().allMatch(DemoRestartIT::free),
                Duration.ofSeconds(60));

        ChildJvm second = start(command, "demo-2.log");
        try {
            awaitLog(second, "roadmirror demo is up");
            String log = Files.readString(second.logFile());
            assertTrue(log.contains("Resuming the simulated day where it stopped"), log);
            TimeUnit.MILLISECONDS.sleep(RUN.toMillis());
            String bootstrap = "127.0.0.1:" + broker;
            Duration read = Duration.ofSeconds(60);

            List<ConsumerRecord<byte[], byte[]>> letters = Consume.all(
                    bootstrap, "deadletter.events", new ByteArrayDeserializer(), new ByteArrayDeserializer(), read);
            Map<String, Integer> reasons = new HashMap<>();
            letters.forEach(l -> reasons.merge(DeadLetters.header(l.headers(), DeadLetters.REASON), 1, Integer::sum));
            assertTrue(reasons.getOrDefault("LATE", 0) <= 10, "no LATE flood after the restart: " + reasons);
            assertEquals(
                    0,
                    reasons.getOrDefault("UNKNOWN_SCHEMA", 0),
                    "the registry kept the ids of the first start's records: " + reasons);

            // Decoded with the ids the registry gives now: a registry that forgot the first start's ids would fail
            // here.
            AvroDeserializer<GenericData.Record> decoder = AvroDeserializer.generic(new HttpSchemaRegistryClient(
                    List.of(URI.create("http://127.0.0.1:" + ports.get(1) + "/apis/ccompat/v7")),
                    Optional.empty(),
                    100,
                    Duration.ofSeconds(10),
                    SSLContext.getDefault()));
            List<ConsumerRecord<String, GenericData.Record>> advisories =
                    Consume.all(bootstrap, "routing.advisories", new StringDeserializer(), decoder, read);
            assertTrue(!advisories.isEmpty(), "advisories were published");
            // The same advisory published twice differs only in issuedAt (the wall clock); two advisories that share an
            // id but differ otherwise are a question of how ids are made, not of the restart.
            Map<String, Long> copies = advisories.stream()
                    .collect(Collectors.groupingBy(r -> withoutIssuedAt(r.value()), Collectors.counting()));
            assertEquals(
                    Map.of(),
                    copies.entrySet().stream()
                            .filter(e -> e.getValue() > 1)
                            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)),
                    "no advisory twice");
        } finally {
            second.close();
        }
    }

    private static String withoutIssuedAt(GenericData.Record advisory) {
        return advisory.getSchema().getFields().stream()
                .filter(f -> !f.name().equals("issuedAt"))
                .map(f -> f.name() + "=" + advisory.get(f.name()))
                .collect(Collectors.joining(", "));
    }

    private ChildJvm start(List<String> command, String log) {
        return ChildJvm.start(
                "demo", null, List.of("-Xmx512m", "-XX:TieredStopAtLevel=1"), command, work, work.resolve(log));
    }

    private static void awaitLog(ChildJvm demo, String line) {
        try {
            awaitLogOnly(demo, line);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the log ends with:\n" + demo.logTail(40), e);
        }
    }

    private static void awaitLogOnly(ChildJvm demo, String line) {
        Await.until(
                "the demo to say '" + line + "' (log " + demo.logFile() + ")",
                () -> {
                    if (!demo.isAlive()) {
                        throw new AssertionError("the demo exited: " + demo.logTail(30));
                    }
                    try {
                        return Files.readString(demo.logFile()).contains(line);
                    } catch (IOException e) {
                        return false;
                    }
                },
                UP_TIMEOUT);
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String absoluteClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }
}
