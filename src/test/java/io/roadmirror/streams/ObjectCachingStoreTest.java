package io.roadmirror.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ObjectCachingStoreTest {
    /** Values encoded by the serde of the store beneath (tombstones are not counted). */
    private final AtomicInteger encodes = new AtomicInteger();

    private final ExecutorService query = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopQueries() {
        query.shutdownNow();
    }

    private ObjectCachingStore<String, String> store(int capacity) {
        Serde<String> counting = Serdes.serdeFrom(
                (topic, value) -> {
                    if (value == null) {
                        return null;
                    }
                    encodes.incrementAndGet();
                    return value.getBytes(StandardCharsets.UTF_8);
                },
                (topic, bytes) -> bytes == null ? null : new String(bytes, StandardCharsets.UTF_8));
        KeyValueStore<String, String> beneath = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore("objects"), Serdes.String(), counting)
                .withLoggingDisabled()
                .build();
        ObjectCachingStore<String, String> store =
                new ObjectCachingStore<>(beneath, capacity, StoreBuilders.UTF8_ORDER);
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        return store;
    }

    /** What an interactive query, on a thread of its own, reads. */
    private <T> T queried(Callable<T> read) throws Exception {
        return query.submit(read).get(10, TimeUnit.SECONDS);
    }

    private static List<String> keys(KeyValueIterator<String, String> it) {
        List<String> keys = new ArrayList<>();
        try (it) {
            it.forEachRemaining(kv -> keys.add(kv.key + "=" + kv.value));
        }
        return keys;
    }

    @Test
    void readsItsOwnWritesAndEncodesAKeyOncePerCommit() throws Exception {
        ObjectCachingStore<String, String> store = store(16);
        String last = null;
        for (int i = 1; i <= 10; i++) {
            last = "v" + i;
            store.put("ledger", last);
            assertSame(last, store.get("ledger"), "the writer reads its own write, the very object");
        }
        assertEquals(0, encodes.get(), "nothing is encoded before the commit");
        assertNull(queried(() -> store.get("ledger")), "a query sees the last commit: none yet");

        store.flushCache();
        assertEquals(1, encodes.get(), "ten puts, one encode");
        assertEquals("v10", queried(() -> store.get("ledger")));

        store.put("ledger", "v11");
        assertEquals("v10", queried(() -> store.get("ledger")), "until the next commit");
        assertEquals(List.of("ledger=v10"), queried(() -> keys(store.all())));
        store.commit(Map.of());
        assertEquals("v11", queried(() -> store.get("ledger")));
        assertEquals(2, encodes.get());
    }

    @Test
    void rangesMergeUnwrittenWritesInTheStoresKeyOrder() throws Exception {
        ObjectCachingStore<String, String> store = store(16);
        String bmpHigh = "\uFFFD"; // sorts after surrogates in UTF-16, before them in UTF-8
        String emoji = "\uD83D\uDE00";
        store.put("b", "1");
        store.put("d", "1");
        store.put(bmpHigh, "1");
        store.flushCache();
        store.put("a", "2");
        store.put("c", "2");
        store.put(emoji, "2");
        store.delete("d");
        store.put("b", "2");

        assertEquals(List.of("a=2", "b=2", "c=2"), keys(store.range("a", "d")));
        assertEquals(List.of("c=2", "b=2", "a=2"), keys(store.reverseRange("a", "d")));
        assertEquals(List.of("a=2", "b=2", "c=2", bmpHigh + "=1", emoji + "=2"), keys(store.all()));
        assertEquals(List.of(emoji + "=2", bmpHigh + "=1", "c=2", "b=2", "a=2"), keys(store.reverseAll()));
        assertEquals(List.of(), keys(store.range("d", "a")), "from after to: nothing, as the store beneath");
        assertEquals(
                List.of("b=1", "d=1", bmpHigh + "=1"), queried(() -> keys(store.all())), "a query sees the commit");

        try (KeyValueIterator<String, String> it = store.range("a", "c")) {
            while (it.hasNext()) {
                KeyValue<String, String> kv = it.next();
                store.delete(kv.key); // writing while iterating, as the mirror's fold does
            }
        }
        assertEquals(List.of(bmpHigh + "=1", emoji + "=2"), keys(store.all()));
        store.flushCache();
        assertEquals(List.of(bmpHigh + "=1", emoji + "=2"), queried(() -> keys(store.all())));
    }

    @Test
    void writesAfterTheFirstRangeAreMergedInKeyOrderToo() throws Exception {
        // A store keeps its unwritten keys in key order only once it is asked for a range; from then on every put
        // keeps that order, an early write (capacity) and a commit leave it consistent.
        ObjectCachingStore<String, String> store = store(3);
        store.put("m", "1");
        store.put("c", "1");
        assertEquals(List.of("c=1", "m=1"), keys(store.all()), "sorted when first asked");
        store.put("a", "1");
        assertEquals(List.of("a=1", "c=1", "m=1"), keys(store.all()));
        store.put("z", "1"); // beyond the capacity: m, the least recently used, is written early
        assertEquals(List.of("m=1"), queried(() -> keys(store.all())));
        store.put("m", "2"); // m again, over what was written early
        assertEquals(List.of("a=1", "c=1", "m=2", "z=1"), keys(store.all()));
        assertEquals(List.of("z=1", "m=2", "c=1", "a=1"), keys(store.reverseAll()));
        store.flushCache();
        assertEquals(List.of("a=1", "c=1", "m=2", "z=1"), queried(() -> keys(store.all())));
        store.put("b", "3");
        assertEquals(List.of("a=1", "b=3", "c=1"), keys(store.range("a", "c")), "after a commit, as before");
    }

    @Test
    void aDeleteIsWrittenAtTheCommitAndAKeyNeverWrittenLeavesNothing() throws Exception {
        ObjectCachingStore<String, String> store = store(16);
        store.put("x", "1");
        store.flushCache();
        assertEquals("1", store.delete("x"));
        assertNull(store.get("x"));
        assertEquals("1", queried(() -> store.get("x")), "deleted at the commit, not before");
        store.flushCache();
        assertNull(queried(() -> store.get("x")));

        int before = encodes.get();
        assertNull(store.get("y"));
        store.put("y", "filed");
        store.put("y", null); // filed and folded within one commit
        store.flushCache();
        assertEquals(before, encodes.get(), "never written beneath, so nothing to write");
        assertEquals(0, queried(() -> keys(store.all())).size());
    }

    @Test
    void keysBeyondTheCapacityAreWrittenEarlyLeastRecentlyUsedFirst() throws Exception {
        ObjectCachingStore<String, String> store = store(2);
        store.put("a", "1");
        store.put("b", "1");
        store.get("a");
        store.put("c", "1");
        assertEquals(1, encodes.get(), "b, the least recently used, was written to make room");
        assertEquals(List.of("b=1"), queried(() -> keys(store.all())));
        assertEquals(List.of("a=1", "b=1", "c=1"), keys(store.all()));
        store.flushCache();
        assertEquals(3, encodes.get());
        assertEquals(List.of("a=1", "b=1", "c=1"), queried(() -> keys(store.all())));
    }

    @Test
    void aKeyReadAndPutBackStaysTheMostRecentlyUsedAndAPutAfterAnotherReadLandsOnItsOwnKey() throws Exception {
        ObjectCachingStore<String, String> store = store(2);
        store.put("a", "1");
        store.put("b", "1");
        store.get("a");
        store.put("a", "2"); // read, then put back: the processors' pattern
        store.get("b");
        store.get("a");
        store.get("b");
        store.put("a", "3"); // after a read of b
        assertEquals("3", store.get("a"));
        assertEquals("1", store.get("b"));
        store.get("a");
        store.put("a", "4");
        store.put("c", "1");
        assertEquals(List.of("b=1"), queried(() -> keys(store.all())), "b, the least recently used, made room");
        store.flushCache();
        assertEquals(List.of("a=4", "b=1", "c=1"), queried(() -> keys(store.all())));
    }

    @Test
    void aKeyWrittenEarlyAndWrittenAgainIsWrittenOnceMoreAtTheCommitWithItsLatestValue() throws Exception {
        ObjectCachingStore<String, String> store = store(1);
        store.put("a", "1");
        store.put("b", "1"); // a is written early to make room
        store.put("a", "2"); // b now, and a is back with a new value
        assertEquals(2, encodes.get());
        assertEquals(List.of("a=1", "b=1"), queried(() -> keys(store.all())));
        store.flushCache();
        assertEquals(3, encodes.get(), "only a's latest value is left to write: nothing written twice");
        assertEquals(List.of("a=2", "b=1"), queried(() -> keys(store.all())));
        store.flushCache();
        assertEquals(3, encodes.get(), "a commit with nothing written writes nothing");
    }

    @Test
    void aCacheClearedWithoutACommitDropsWhatItHadNotWritten() throws Exception {
        ObjectCachingStore<String, String> store = store(16);
        store.put("a", "1");
        store.flushCache();
        store.put("a", "2");
        store.put("b", "2");
        store.clearCache(); // a task closed dirty: its uncommitted writes must not reach the store or changelog
        store.flushCache();
        assertEquals("1", store.get("a"));
        assertNull(store.get("b"));
        assertEquals(1, encodes.get());
    }

    @Test
    void anotherThreadReadsOnlyCommittedValuesWhileTheWriterWorks() throws Exception {
        ObjectCachingStore<String, String> store = store(64);
        AtomicBoolean done = new AtomicBoolean();
        List<String> seen = new ArrayList<>();
        CountDownLatch readerSawACommit = new CountDownLatch(1);
        Future<?> reader = query.submit(() -> {
            while (!done.get()) {
                String value = store.get("k");
                if (value != null) {
                    seen.add(value);
                    readerSawACommit.countDown();
                }
                keys(store.range("a", "z")).forEach(seen::add);
            }
        });
        for (int i = 1; i <= 20_000; i++) {
            store.put("k", Integer.toString(i));
            store.put("m", "m" + i);
            if (i % 100 == 0) {
                store.flushCache();
            }
            if (i == 150) {
                // on a loaded machine the reader may not have run yet: make sure it reads while writes are pending
                assertTrue(readerSawACommit.await(10, TimeUnit.SECONDS), "the reader read the first commit");
            }
        }
        done.set(true);
        reader.get(10, TimeUnit.SECONDS);
        assertTrue(!seen.isEmpty(), "the reader read something");
        for (String value : seen) {
            assertEquals(0, Integer.parseInt(value.replaceAll("\\D", "")) % 100, "only committed values: " + value);
        }
    }
}
