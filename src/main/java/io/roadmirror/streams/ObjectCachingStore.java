package io.roadmirror.streams;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * A store layer that keeps values as objects and encodes each key written since the last commit
 * once, when Kafka Streams commits the task, instead of on every put. Kafka Streams' own record
 * cache keeps bytes, so every put serialized the value (versioned Avro) and a ledger put ten times
 * between two commits was encoded ten times; that was a third of the pipeline's CPU (issue 10).
 *
 * <p><b>When it writes.</b> Before a task commits, Kafka Streams flushes every store's cache
 * ({@code flushCache}, in {@code StreamTask.prepareCommit}), then flushes the record collector, then
 * commits the transaction with the input offsets. This layer writes its keys into the store beneath
 * right there, and the store beneath (RocksDB with its changelog, without Streams' byte cache) sends
 * each change to the record collector at once: under exactly_once_v2 the changelog records are in
 * the same transaction as the offsets and outputs they go with. Beyond {@code capacity} keys the
 * least recently used one is written early (still inside the transaction). A task closed without
 * a commit (kill -9, a corrupted task, a failed thread) drops what it had not written: exactly-once
 * then wipes the task's state and restores it from the changelog, at-least-once reprocesses from the
 * last commit. {@code commit} (after the transaction) and {@code flush} write anything left too.
 *
 * <p><b>Who reads what.</b> The stream thread that writes the store reads its own writes, and values
 * it read recently stay decoded (reads skip RocksDB and decoding). Every other thread (interactive
 * queries) reads the store beneath: the values as of the task's last commit (at most
 * {@code commit.interval} old), never an object the processor may be changing.
 *
 * <p>Values are kept by reference: a value must not change after it is put unless it is put again
 * (the processors edit a value they read and put it back). A key whose value is deleted before it
 * was ever written beneath is not written at all (a mirror change filed and folded within one commit
 * leaves no tombstone in RocksDB or the changelog).
 */
public final class ObjectCachingStore<K, V> extends WrappedStateStore<KeyValueStore<K, V>, K, V>
        implements KeyValueStore<K, V> {
    private final int capacity;
    /** The order of the serialized keys, the order of the store beneath's ranges. */
    private final Comparator<? super K> keyOrder;
    /** Keys this layer knows (a null value: absent), least recently used first. */
    private final LinkedHashMap<K, Entry<K, V>> entries;
    /**
     * The entries written since the last commit, in the order they were first written; an entry written early (evicted)
     * stays in the list, no longer dirty. A list, not a map: a hash map's clear walks its whole table, which a burst
     * of writes (a task's first commit, a restore) leaves large for good, at every commit of every store.
     */
    private final ArrayList<Entry<K, V>> dirty = new ArrayList<>();
    /**
     * The same keys in key order, so a range merges them with the store's: kept only once the store has been asked
     * for a range. Most stores never are (vehicle tracks, ledgers), and keeping every put sorted cost them a tree
     * insert with a UTF-8 comparison per put: about 6 % of the connected drain's CPU.
     */
    private TreeMap<K, Entry<K, V>> dirtyInKeyOrder;
    /** The stream thread that writes this store; every other thread reads the store beneath. */
    private volatile Thread writer;
    /**
     * The entry the writer touched last: a processor reads a key and then puts it back, so the put finds it here
     * without a second lookup in a large map (each a likely cache miss). Cleared with the entries it may outlive.
     */
    private Entry<K, V> recent;

    private static final class Entry<K, V> {
        final K key;
        V value;
        boolean dirty;
        /** Whether the store beneath may hold the key (false: known absent there). */
        boolean stored;

        Entry(K key, V value, boolean stored) {
            this.key = key;
            this.value = value;
            this.stored = stored;
        }
    }

    public ObjectCachingStore(KeyValueStore<K, V> beneath, int capacity, Comparator<? super K> keyOrder) {
        super(beneath);
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
        this.keyOrder = keyOrder;
        this.entries = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Entry<K, V>> eldest) {
                if (size() <= ObjectCachingStore.this.capacity) {
                    return false;
                }
                if (eldest.getValue() == recent) {
                    recent = null;
                }
                if (eldest.getValue().dirty) {
                    writeBeneath(eldest.getValue()); // no longer dirty: writeDirty skips it
                    if (dirtyInKeyOrder != null) {
                        dirtyInKeyOrder.remove(eldest.getKey());
                    }
                }
                return true;
            }
        };
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        forgetAll();
        super.init(context, root);
    }

    @Override
    public V get(K key) {
        Objects.requireNonNull(key, "key cannot be null");
        if (Thread.currentThread() != writer) {
            return wrapped().get(key);
        }
        Entry<K, V> entry = entries.get(key);
        if (entry == null) {
            V value = wrapped().get(key);
            entry = new Entry<>(key, value, value != null);
            entries.put(key, entry);
        }
        recent = entry;
        return entry.value;
    }

    @Override
    public void put(K key, V value) {
        Objects.requireNonNull(key, "key cannot be null");
        claim();
        Entry<K, V> entry = recent != null && recent.key.equals(key) ? recent : entries.get(key);
        if (entry == null) {
            entry = new Entry<>(key, value, true); // not read: the store beneath may hold it
            entries.put(key, entry);
        }
        recent = entry;
        entry.value = value;
        if (!entry.dirty) {
            entry.dirty = true;
            dirty.add(entry);
            if (dirtyInKeyOrder != null) {
                dirtyInKeyOrder.put(key, entry);
            }
        }
    }

    @Override
    public V putIfAbsent(K key, V value) {
        claim();
        V before = get(key);
        if (before == null) {
            put(key, value);
        }
        return before;
    }

    @Override
    public void putAll(List<KeyValue<K, V>> records) {
        for (KeyValue<K, V> record : records) {
            put(record.key, record.value);
        }
    }

    @Override
    public V delete(K key) {
        claim();
        V before = get(key);
        put(key, null);
        return before;
    }

    @Override
    public KeyValueIterator<K, V> range(K from, K to) {
        return merged(from, to, false);
    }

    @Override
    public KeyValueIterator<K, V> reverseRange(K from, K to) {
        return merged(from, to, true);
    }

    @Override
    public KeyValueIterator<K, V> all() {
        return merged(null, null, false);
    }

    @Override
    public KeyValueIterator<K, V> reverseAll() {
        return merged(null, null, true);
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<K, V> prefixScan(P prefix, PS prefixKeySerializer) {
        if (Thread.currentThread() == writer) {
            writeDirty(); // a prefix is matched on serialized keys: let the store beneath see every write
        }
        return wrapped().prefixScan(prefix, prefixKeySerializer);
    }

    @Override
    public long approximateNumEntries() {
        return wrapped().approximateNumEntries();
    }

    /** Streams flushes store caches before it flushes the record collector and commits the transaction. */
    @Override
    public void flushCache() {
        writeDirty();
        super.flushCache();
    }

    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
        writeDirty();
        super.commit(changelogOffsets);
    }

    @Override
    @SuppressWarnings("deprecation")
    public void flush() {
        writeDirty();
        wrapped().flush();
    }

    /** Streams drops a store's cache when what it holds must not be written (a task closed dirty). */
    @Override
    public void clearCache() {
        forgetAll();
        super.clearCache();
    }

    @Override
    public void close() {
        forgetAll();
        super.close();
    }

    private void claim() {
        Thread current = Thread.currentThread();
        if (writer != current) {
            writer = current;
        }
    }

    private void forgetAll() {
        recent = null;
        entries.clear();
        dirty.clear();
        if (dirtyInKeyOrder != null) {
            dirtyInKeyOrder.clear();
        }
    }

    private void writeDirty() {
        if (dirty.isEmpty()) {
            return;
        }
        for (Entry<K, V> written : dirty) {
            if (written.dirty) {
                writeBeneath(written);
            }
        }
        dirty.clear();
        if (dirtyInKeyOrder != null) {
            dirtyInKeyOrder.clear();
        }
    }

    private void writeBeneath(Entry<K, V> entry) {
        entry.dirty = false;
        if (entry.value == null && !entry.stored) {
            return; // never written beneath: nothing to delete
        }
        // put(key, null) deletes without reading the old value back, as delete() would.
        wrapped().put(entry.key, entry.value);
        entry.stored = entry.value != null;
    }

    private KeyValueIterator<K, V> merged(K from, K to, boolean reverse) {
        KeyValueIterator<K, V> beneath = reverse
                ? (from == null && to == null
                        ? wrapped().reverseAll()
                        : wrapped().reverseRange(from, to))
                : (from == null && to == null ? wrapped().all() : wrapped().range(from, to));
        if (Thread.currentThread() != writer
                || dirty.isEmpty()
                || (from != null && to != null && keyOrder.compare(from, to) > 0)) {
            return beneath;
        }
        NavigableMap<K, Entry<K, V>> written = inKeyOrder();
        if (from != null) {
            written = written.tailMap(from, true);
        }
        if (to != null) {
            written = written.headMap(to, true);
        }
        if (reverse) {
            written = written.descendingMap();
        }
        if (written.isEmpty()) {
            return beneath;
        }
        // A copy: the caller may write the store while it iterates.
        List<KeyValue<K, V>> copy = new ArrayList<>(written.size());
        written.forEach((key, entry) -> copy.add(KeyValue.pair(key, entry.value)));
        return new MergedIterator<>(beneath, copy, reverse ? keyOrder.reversed() : keyOrder);
    }

    /** The written keys in key order; from the first range on, kept so with every put. */
    private NavigableMap<K, Entry<K, V>> inKeyOrder() {
        if (dirtyInKeyOrder == null) {
            dirtyInKeyOrder = new TreeMap<>(keyOrder);
            for (Entry<K, V> written : dirty) {
                if (written.dirty) {
                    dirtyInKeyOrder.put(written.key, written);
                }
            }
        }
        return dirtyInKeyOrder;
    }

    /** The store beneath's range with the writes not yet written over it (a null value hides its key). */
    private static final class MergedIterator<K, V> implements KeyValueIterator<K, V> {
        private final KeyValueIterator<K, V> beneath;
        private final List<KeyValue<K, V>> written;
        private final Comparator<? super K> order;
        private int at;
        private KeyValue<K, V> next;

        MergedIterator(KeyValueIterator<K, V> beneath, List<KeyValue<K, V>> written, Comparator<? super K> order) {
            this.beneath = beneath;
            this.written = written;
            this.order = order;
        }

        @Override
        public boolean hasNext() {
            while (next == null) {
                boolean more = beneath.hasNext();
                if (!more && at == written.size()) {
                    return false;
                }
                KeyValue<K, V> mine = at < written.size() ? written.get(at) : null;
                int c = mine == null ? -1 : more ? order.compare(beneath.peekNextKey(), mine.key) : 1;
                if (c < 0) {
                    next = beneath.next();
                } else {
                    at++;
                    if (c == 0) {
                        beneath.next(); // written over
                    }
                    next = mine.value == null ? null : mine;
                }
            }
            return true;
        }

        @Override
        public KeyValue<K, V> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            KeyValue<K, V> result = next;
            next = null;
            return result;
        }

        @Override
        public K peekNextKey() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return next.key;
        }

        @Override
        public void close() {
            beneath.close();
        }
    }
}
