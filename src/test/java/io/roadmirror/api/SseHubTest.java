package io.roadmirror.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.roadmirror.runtime.Ports;
import io.roadmirror.testing.Await;
import io.roadmirror.testing.SseRecorder;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The stream hub behind a real HTTP server (no Kafka needed): slow clients, resuming, limits. */
@Timeout(60)
class SseHubTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final AtomicInteger decoded = new AtomicInteger();
    private SseHub hub;
    private Javalin server;
    private String url;

    @BeforeEach
    void start() {
        hub = new SseHub(new ObjectMapper(), 3, 200, 20, clock::get);
        int port = Ports.findFree();
        server = Javalin.create(config -> {
                    config.startup.showJavalinBanner = false;
                    config.routes.sse(
                            "/stream",
                            client -> hub.register(client, client.ctx().header("Last-Event-ID")));
                })
                .start("127.0.0.1", port);
        url = "http://127.0.0.1:" + port + "/stream";
    }

    @AfterEach
    void stop() {
        hub.close();
        server.stop();
    }

    private void publish(int n, String padding) {
        hub.accept(new LiveFeed.Event("segment", Map.of("n", n, "pad", padding)));
    }

    @Test
    void aClientThatStopsReadingIsDroppedWhileTheOthersGetEveryEventAtOnce() throws Exception {
        try (Socket stalled = new Socket();
                SseRecorder reader = new SseRecorder(url)) {
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new InetSocketAddress("127.0.0.1", Integer.parseInt(url.replaceAll(".*:(\\d+)/.*", "$1"))));
            OutputStream out = stalled.getOutputStream();
            out.write("GET /stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush(); // and never reads a byte
            reader.awaitConnected(WAIT);
            Await.until("both clients registered", () -> hub.clients() == 2, WAIT);

            String padding = "x".repeat(20_000);
            for (int batch = 0; batch < 20; batch++) { // 40 MB in all: far more than the socket buffers hold
                long start = System.nanoTime();
                for (int n = batch * 100 + 1; n <= (batch + 1) * 100; n++) {
                    publish(n, padding);
                }
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertTrue(
                        millis < 5_000,
                        "publishing waits for no client (a write to the stalled one never ends), yet batch " + batch
                                + " took " + millis + " ms");
                int last = (batch + 1) * 100;
                reader.await(
                        "segment",
                        e -> e.get("n").asInt() == last,
                        WAIT); // within the reader's queue: it is never dropped
            }
            assertEquals(1, hub.droppedClients(), "the stalled client is dropped");
            Await.until("only the reading client is left", () -> hub.clients() == 1, WAIT);
        }
    }

    @Test
    void aClientReconnectingWithLastEventIdGetsWhatItMissedAndNothingTwice() throws Exception {
        String lastId;
        try (SseRecorder first = new SseRecorder(url)) {
            first.awaitConnected(WAIT);
            Await.until("registered", () -> hub.clients() == 1, WAIT);
            publish(1, "");
            publish(2, "");
            lastId = first.await("segment", e -> e.get("n").asInt() == 2, WAIT).id();
        }
        publish(3, "");
        publish(4, "");
        try (SseRecorder again = new SseRecorder(url, lastId)) {
            again.await("segment", e -> e.get("n").asInt() == 4, WAIT);
            publish(5, "");
            again.await("segment", e -> e.get("n").asInt() == 5, WAIT);
            assertEquals(
                    List.of(3, 4, 5),
                    again.events("segment").stream()
                            .map(e -> e.data().get("n").asInt())
                            .toList());
            assertTrue(again.events(SseHub.RESET).isEmpty());
        }
    }

    @Test
    void anIdTheBufferCannotServeGetsAResetToReload() throws Exception {
        for (int n = 1; n <= 30; n++) { // more than the 20 kept
            publish(n, "");
        }
        try (SseRecorder tooOld = new SseRecorder(url, hubId(1));
                SseRecorder foreign = new SseRecorder(url, "elsewhere-7")) {
            tooOld.await(SseHub.RESET, e -> true, WAIT);
            foreign.await(SseHub.RESET, e -> true, WAIT);
        }
        try (SseRecorder recent = new SseRecorder(url, hubId(28))) {
            recent.await("segment", e -> e.get("n").asInt() == 30, WAIT);
            assertEquals(
                    List.of(29, 30),
                    recent.events("segment").stream()
                            .map(e -> e.data().get("n").asInt())
                            .toList());
        }
    }

    @Test
    void eventsLostUpstreamResetEveryClient() throws Exception {
        try (SseRecorder client = new SseRecorder(url)) {
            client.awaitConnected(WAIT);
            Await.until("registered", () -> hub.clients() == 1, WAIT);
            hub.resync();
            client.await(SseHub.RESET, e -> true, WAIT);
        }
    }

    /** A closed client is noticed when a write to it fails: write until it is. */
    private void awaitNoClients() throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (hub.clients() > 0) {
            assertTrue(System.nanoTime() < deadline, "the closed client was never noticed");
            publish(0, "x".repeat(8_192));
            Thread.sleep(50);
        }
    }

    /** An event whose decoding is counted, as the live feed offers it. */
    private Supplier<LiveFeed.Event> decoding(int n) {
        return () -> {
            decoded.incrementAndGet();
            return new LiveFeed.Event("segment", Map.of("n", n, "pad", ""));
        };
    }

    @Test
    void nothingIsDecodedForNobodyButAClientThatDropsAndReconnectsGetsWhatItMissed() throws Exception {
        hub.offer(decoding(1));
        assertEquals(0, decoded.get(), "no client yet: not decoded");
        assertEquals(1, hub.sequence(), "still a change: cached answers depend on it");

        String lastId;
        try (SseRecorder first = new SseRecorder(url)) {
            first.awaitConnected(WAIT);
            Await.until("registered", () -> hub.clients() == 1, WAIT);
            hub.offer(decoding(2));
            lastId = first.await("segment", e -> e.get("n").asInt() == 2, WAIT).id();
        }
        hub.offer(decoding(3)); // the client dropped a moment ago: kept for its return
        String thirdId;
        try (SseRecorder again = new SseRecorder(url, lastId)) {
            thirdId = again.await("segment", e -> e.get("n").asInt() == 3, WAIT).id();
        }
        awaitNoClients();

        clock.addAndGet(SseHub.RENDER_AFTER_LAST_CLIENT.toNanos());
        hub.offer(decoding(4));
        assertEquals(2, decoded.get(), "decoded while someone watched or might come back, not after");
        try (SseRecorder late = new SseRecorder(url, thirdId)) {
            late.await(SseHub.RESET, e -> true, WAIT);
            assertTrue(late.events("segment").isEmpty(), "what nobody rendered cannot be replayed: reload");
        }
    }

    @Test
    void noMoreClientsThanTheLimit() {
        assertTrue(hub.admit());
        assertTrue(hub.admit());
        assertTrue(hub.admit());
        assertFalse(hub.admit(), "the fourth of 3 is refused");
    }

    /** The id the hub gave its n-th event (ids are <boot>-<n>). */
    private String hubId(int n) throws Exception {
        try (SseRecorder probe = new SseRecorder(url, "none-0")) {
            String resetId = probe.await(SseHub.RESET, e -> true, WAIT).id();
            return resetId.substring(0, resetId.lastIndexOf('-') + 1) + n;
        }
    }
}
