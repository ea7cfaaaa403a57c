package io.roadmirror.api;

import static io.roadmirror.testing.TestRecords.reading;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.config.RoadmirrorConfig;
import io.roadmirror.embedded.ChildJvm;
import io.roadmirror.embedded.EmbeddedKafkaBroker;
import io.roadmirror.network.GridNetwork;
import io.roadmirror.network.RoadNetwork;
import io.roadmirror.network.Segment;
import io.roadmirror.runtime.Ports;
import io.roadmirror.testing.Closing;
import io.roadmirror.testing.Gateway;
import io.roadmirror.testing.HttpJson;
import io.roadmirror.testing.TempDirs;
import io.roadmirror.testing.TestInstances;
import io.roadmirror.testing.TestJvms;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The query API cannot starve the pipeline it shares a JVM with (issue 13): the pipeline runs as
 * production runs it ({@code roadmirror run}, its own JVM, -Xmx512m, exiting on OutOfMemoryError)
 * with the 100,000-segment grid, on a real broker and registry. 200 clients ask for the whole
 * network at once (each until it has it, backing off as Retry-After says), while an /api/stream
 * client never reads a byte and gateways keep sending. Every other client is served within 1 s, the network clients get the network or a
 * 503 with Retry-After, and the pipeline neither runs out of memory nor stops being ready.
 */
@Timeout(300)
class ApiLoadIT {
    private static final int NETWORK_CLIENTS = 200;
    private static final Duration STORM_LIMIT = Duration.ofSeconds(90);
    private static final Duration SERVED_WITHIN = Duration.ofSeconds(1);

    /** Kept after the run: the pipeline's log and GC log are the first thing to read when this test fails. */
    private static final Path dir = Path.of("target", "api-load-it").toAbsolutePath();

    private static EmbeddedKafkaBroker broker;
    private static ChildJvm pipeline;
    private static RoadmirrorConfig config;
    private static RoadNetwork grid;
    private static List<Segment> segments;
    private static String api;

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve("pipeline.log"));
        broker = EmbeddedKafkaBroker.start(Ports.findFree(), Ports.findFree(), null);
        config = TestInstances.config(
                broker.bootstrapServers(), "roadmirror-load-it-" + UUID.randomUUID(), 2, Ports.findFree(), Map.of());
        grid = GridNetwork.withAbout(100_000);
        segments = List.copyOf(grid.segments());
        TestInstances.prepareCluster(config, grid);

        List<String> command = new ArrayList<>(List.of(
                "-cp",
                TestJvms.classPath(),
                "io.roadmirror.cli.Main",
                "run",
                "--bootstrap-servers",
                config.kafka().bootstrapServers(),
                "--schema-registry-url",
                config.registry().urls().get(0).toString(),
                "--application-id",
                config.kafka().applicationId(),
                "--topic-partitions",
                "2",
                "--topic-replication-factor",
                "1",
                "--num-stream-threads",
                "1",
                "--state-dir",
                TempDirs.create("roadmirror-load-it-state-").toString(),
                "--api-port",
                Integer.toString(config.api().port())));
        pipeline = ChildJvm.start(
                "pipeline",
                null,
                List.of(
                        "-Xmx512m",
                        "-XX:+ExitOnOutOfMemoryError",
                        "-XX:TieredStopAtLevel=1",
                        "-Xlog:gc:file=" + dir.resolve("pipeline-gc.log")),
                command,
                dir,
                dir.resolve("pipeline.log"));
        api = "http://127.0.0.1:" + config.api().port();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!ready()) {
            assertTrue(pipeline.isAlive(), "the pipeline exited while starting:\n" + pipeline.logTail(40));
            assertTrue(
                    System.nanoTime() < deadline,
                    "the pipeline was not ready within 3 minutes:\n" + pipeline.logTail(40));
            Thread.sleep(200);
        }
    }

    @AfterAll
    static void stop() {
        Closing.all(pipeline, broker);
    }

    @Test
    void twoHundredNetworkClientsAndAStalledStreamStarveNobody() throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(8))
                .build();
        Map<Integer, AtomicLong> answers = new ConcurrentHashMap<>();
        AtomicLong networkBytes = new AtomicLong();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean storming = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(NETWORK_CLIENTS + 1);
        CountDownLatch started = new CountDownLatch(NETWORK_CLIENTS);
        CountDownLatch served = new CountDownLatch(NETWORK_CLIENTS);

        try (Socket stalled = stalledStreamClient();
                Gateway gateway = new Gateway(config)) {
            for (int i = 0; i < NETWORK_CLIENTS; i++) {
                clients.submit(() -> {
                    started.countDown();
                    // Until it has the network once: a 503 is "retry after", as a browser's script would.
                    boolean got = false;
                    while (storming.get() && !got) {
                        got = askForTheNetwork(http, answers, networkBytes, failures);
                    }
                    served.countDown();
                });
            }
            clients.submit(() -> keepSending(gateway, storming));
            started.await();

            List<Long> worstMillis = new ArrayList<>();
            Segment probe = segments.get(grid.size() / 2);
            long deadline = System.nanoTime() + STORM_LIMIT.toNanos();
            while (served.getCount() > 0) {
                assertTrue(
                        System.nanoTime() < deadline,
                        served.getCount() + " of the network clients still wait after " + STORM_LIMIT.toSeconds()
                                + " s: " + answers);
                for (String path : List.of(
                        "/api/health/ready",
                        "/api/segments/" + probe.id(),
                        "/api/hotspots",
                        "/api/advisories?limit=10")) {
                    long t0 = System.nanoTime();
                    HttpJson.Answer answer = HttpJson.get(api + path);
                    long millis = (System.nanoTime() - t0) / 1_000_000;
                    worstMillis.add(millis);
                    assertEquals(200, answer.status(), path + " during the storm: " + answer.body());
                    assertTrue(millis <= SERVED_WITHIN.toMillis(), path + " took " + millis + " ms during the storm");
                }
                Thread.sleep(250);
            }
            storming.set(false);
            clients.shutdown();
            assertTrue(clients.awaitTermination(60, TimeUnit.SECONDS), "the gateway stopped");

            assertTrue(
                    failures.isEmpty(),
                    "every network request got an answer: "
                            + failures.stream().limit(5).toList());
            assertEquals(
                    NETWORK_CLIENTS, answers.get(200).get(), "every client got the network in the end: " + answers);
            assertTrue(
                    answers.keySet().stream().allMatch(s -> s == 200 || s == 503),
                    "only the network or 'retry later': " + answers);
            assertTrue(networkBytes.get() > 0, "some clients got the network");
            assertTrue(pipeline.isAlive(), "the pipeline is still running:\n" + pipeline.logTail(40));
            assertFalse(
                    Files.readString(dir.resolve("pipeline.log")).contains("OutOfMemoryError"), pipeline.logTail(40));
            assertEquals(200, HttpJson.get(api + "/api/health/ready").status(), "and still ready");
            System.out.printf(
                    "network answers %s, %d MB of gzipped network sent, other clients' worst %d ms%n",
                    answers,
                    networkBytes.get() >> 20,
                    worstMillis.stream().mapToLong(Long::longValue).max().orElse(-1));
        } finally {
            storming.set(false);
            clients.shutdownNow();
        }
    }

    @Test
    void anUnchangedNetworkIsA304() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        // The mirror may still be settling (stale checks publish UNKNOWN segments): a few tries for a quiet moment.
        for (int attempt = 0; attempt < 20; attempt++) {
            HttpResponse<InputStream> first =
                    http.send(networkRequest().build(), HttpResponse.BodyHandlers.ofInputStream());
            first.body().transferTo(OutputStream.nullOutputStream());
            String etag = first.headers().firstValue("ETag").orElseThrow();
            HttpResponse<InputStream> again = http.send(
                    networkRequest().header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofInputStream());
            long length = again.body().transferTo(OutputStream.nullOutputStream());
            if (again.statusCode() == 304) {
                assertEquals(0, length, "a 304 has no body");
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("an unchanged network was never answered 304");
    }

    private static HttpRequest.Builder networkRequest() {
        return HttpRequest.newBuilder(URI.create(api + "/api/network"))
                .timeout(Duration.ofSeconds(60))
                .header("Accept-Encoding", "gzip");
    }

    /** One request for the network; true once it came. */
    private static boolean askForTheNetwork(
            HttpClient http, Map<Integer, AtomicLong> answers, AtomicLong bytes, List<String> failures) {
        try {
            HttpResponse<InputStream> answer =
                    http.send(networkRequest().build(), HttpResponse.BodyHandlers.ofInputStream());
            long length;
            try (InputStream body = answer.body()) {
                length = body.transferTo(OutputStream.nullOutputStream());
            }
            answers.computeIfAbsent(answer.statusCode(), s -> new AtomicLong()).incrementAndGet();
            if (answer.statusCode() == 200) {
                bytes.addAndGet(length);
                return true;
            } else if (answer.statusCode() == 503) {
                // As a well-behaved client does: back off for Retry-After, then ask again.
                String retryAfter = answer.headers().firstValue("Retry-After").orElse(null);
                if (retryAfter == null) {
                    failures.add("a 503 without Retry-After");
                } else {
                    Thread.sleep(Long.parseLong(retryAfter) * 1000);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        } catch (Exception e) {
            failures.add(e.toString());
            return true;
        }
        return false;
    }

    /** Readings for segments all over the grid: mirror changes for the stream (and work for the pipeline). */
    private static void keepSending(Gateway gateway, AtomicBoolean storming) {
        Instant time = Instant.now().minusSeconds(60);
        int i = 0;
        while (storming.get()) {
            Segment segment = segments.get((i * 7919) % grid.size());
            gateway.send(reading("load-" + segment.id(), segment.id(), time.plusMillis(i), 10 + i % 40));
            if (++i % 100 == 0) { // about 1,000 a second: traffic, not a benchmark of the pipeline
                gateway.flush();
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        gateway.flush();
    }

    /** Subscribes to /api/stream with a tiny receive buffer, then never reads. */
    private static Socket stalledStreamClient() throws Exception {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", config.api().port()), 5000);
        socket.getOutputStream()
                .write(("GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    private static boolean ready() {
        try {
            return HttpJson.get(api + "/api/health/ready").status() == 200;
        } catch (RuntimeException notListeningYet) {
            return false;
        }
    }
}
