package io.roadmirror.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class AnswerCacheTest {
    private final AtomicLong version = new AtomicLong();
    private final AtomicBoolean settled = new AtomicBoolean(true);
    private final AtomicInteger builds = new AtomicInteger();

    private Supplier<byte[]> build() {
        return () -> ("{\"build\":" + builds.incrementAndGet() + "}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anAnswerHoldsUntilWhatItShowsChanges() {
        AnswerCache cache = new AnswerCache(version::get, settled::get, Duration.ZERO);
        CachedAnswer first = cache.get("network", "application/json", build());
        assertSame(first, cache.get("network", "application/json", build()));
        assertEquals(1, builds.get());

        version.incrementAndGet();
        CachedAnswer second = cache.get("network", "application/json", build());
        assertEquals(2, builds.get());
        assertNotEquals(first.etag(), second.etag(), "a new answer, a new ETag");
        assertTrue(second.etag().startsWith("W/\""), second.etag());
    }

    @Test
    void whileTheMirrorKeepsChangingAnAnswerIsRebuiltAtMostOncePerMaxAge() {
        AnswerCache cache = new AnswerCache(version::get, settled::get, Duration.ofHours(1));
        CachedAnswer first = cache.get("network", "application/json", build());
        version.incrementAndGet();
        assertSame(first, cache.get("network", "application/json", build()), "younger than max age: served as it is");
        assertEquals(1, builds.get());
    }

    @Test
    void beforeThePipelineRunsNothingIsKeptPastMaxAge() {
        settled.set(false);
        AnswerCache cache = new AnswerCache(version::get, settled::get, Duration.ZERO);
        cache.get("network", "application/json", build());
        cache.get("network", "application/json", build());
        assertEquals(2, builds.get(), "the global store may still be loading: the same version proves nothing");
    }

    @Test
    void aCrowdOfClientsCostsOneBuild() throws Exception {
        AnswerCache cache = new AnswerCache(version::get, settled::get, Duration.ZERO);
        CountDownLatch building = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Supplier<byte[]> slow = () -> {
            building.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return build().get();
        };
        ExecutorService clients = Executors.newFixedThreadPool(20);
        try {
            List<Future<CachedAnswer>> answers = new ArrayList<>();
            answers.add(clients.submit(() -> cache.get("network", "application/json", slow)));
            building.await();
            for (int i = 0; i < 19; i++) {
                answers.add(clients.submit(() -> cache.get("network", "application/json", slow)));
            }
            release.countDown();
            CachedAnswer first = answers.get(0).get();
            for (Future<CachedAnswer> answer : answers) {
                assertSame(first, answer.get());
            }
            assertEquals(1, builds.get());
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void theGzippedBytesAreTheSameAnswer() throws IOException {
        CachedAnswer answer =
                new AnswerCache(version::get, settled::get, Duration.ZERO).get("k", "application/json", build());
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(answer.gzip()))) {
            assertEquals(
                    new String(answer.json(), StandardCharsets.UTF_8),
                    new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void ifNoneMatchComparesWeaklyAndTakesLists() {
        assertTrue(Answers.matches("W/\"a-1\"", "W/\"a-1\""));
        assertTrue(Answers.matches("\"x\", W/\"a-1\"", "W/\"a-1\""));
        assertTrue(Answers.matches("\"a-1\"", "W/\"a-1\""));
        assertTrue(Answers.matches("*", "W/\"a-1\""));
        assertFalse(Answers.matches("W/\"a-2\"", "W/\"a-1\""));
        assertTrue(Answers.acceptsGzip("gzip, deflate, br"));
        assertFalse(Answers.acceptsGzip("gzip;q=0, identity"));
        assertFalse(Answers.acceptsGzip(null));
    }
}
