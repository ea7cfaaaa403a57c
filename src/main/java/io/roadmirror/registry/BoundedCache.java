package io.roadmirror.registry;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

/**
 * A size-bounded map for things that never change once known (schema ids, parsed schemas). Reads
 * are lock-free, which is what the hot path needs; the rare insert evicts the oldest entry once the
 * capacity is reached (insertion order is good enough: ids in use are few and long-lived).
 */
public final class BoundedCache<K, V> {
    private final int capacity;
    private final Map<K, V> map = new ConcurrentHashMap<>();
    private final Queue<K> insertionOrder = new ConcurrentLinkedQueue<>();

    public BoundedCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
    }

    public V get(K key) {
        return map.get(key);
    }

    /** The cached value, or the loaded one (cached when non-null). Loading happens outside any lock. */
    public V computeIfAbsent(K key, Function<K, V> loader) {
        V value = map.get(key);
        if (value != null) {
            return value;
        }
        value = loader.apply(key);
        if (value != null) {
            put(key, value);
        }
        return value;
    }

    public void put(K key, V value) {
        if (map.put(key, value) == null) {
            insertionOrder.add(key);
            while (map.size() > capacity) {
                K eldest = insertionOrder.poll();
                if (eldest == null) {
                    break;
                }
                map.remove(eldest);
            }
        }
    }

    public int size() {
        return map.size();
    }
}
