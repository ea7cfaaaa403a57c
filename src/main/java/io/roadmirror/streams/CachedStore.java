package io.roadmirror.streams;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A processor's write-through cache of the deserialized values of a store only it writes: reads of
 * recently used keys skip the store and the decoding (the pipeline's hottest cost per record,
 * see the README's Performance section); every write still goes to the store, so its changelog,
 * restoration and interactive queries are exactly as without the cache. A value must not change
 * after it is put, unless it is put again (the store serializes it on put; the cache keeps the object).
 * Least recently used keys leave first. Create it in {@code init}, so a task that is re-initialized
 * (after a rebalance or a corrupted task's restore) starts empty.
 */
public final class CachedStore<K, V> {
    private final KeyValueStore<K, V> store;
    private final Map<K, V> recent;

    public CachedStore(KeyValueStore<K, V> store, int capacity) {
        this.store = store;
        this.recent = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    public V get(K key) {
        V value = recent.get(key);
        if (value == null) {
            value = store.get(key);
            if (value != null) {
                recent.put(key, value);
            }
        }
        return value;
    }

    public void put(K key, V value) {
        store.put(key, value);
        if (value == null) {
            recent.remove(key);
        } else {
            recent.put(key, value);
        }
    }

    public void delete(K key) {
        store.delete(key);
        recent.remove(key);
    }
}
