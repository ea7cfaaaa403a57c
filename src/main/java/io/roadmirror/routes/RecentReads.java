package io.roadmirror.routes;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A store's values as read at most {@code maxAgeMs} ago (wall clock): each route search reads
 * hundreds of segments, and at 100 requests/s reading each from the store every time costs more
 * than the search. A value is at most that much older than the global store, which itself follows
 * its topic asynchronously. Holds at most one entry per key read (the network's segments); one per processor.
 */
final class RecentReads<V> {
    private record Read<V>(V value, long atMs) {}

    private final Function<String, V> store;
    private final long maxAgeMs;
    private final Map<String, Read<V>> reads = new HashMap<>();

    RecentReads(Function<String, V> store, long maxAgeMs) {
        this.store = store;
        this.maxAgeMs = maxAgeMs;
    }

    V get(String key, long nowMs) {
        Read<V> read = reads.get(key);
        if (read == null || nowMs - read.atMs() >= maxAgeMs || nowMs < read.atMs()) {
            read = new Read<>(store.apply(key), nowMs);
            reads.put(key, read);
        }
        return read.value();
    }
}
