package io.roadmirror.streams;

import java.util.Comparator;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The pipeline's state stores: persistent (RocksDB), changelogged, values on a versioned schema
 * ({@link VersionedSerde}), behind an {@link ObjectCachingStore}, which keeps values as objects and
 * writes (and encodes) a key written many times between two commits once per commit. It replaces
 * Kafka Streams' record cache, which keeps bytes and so encoded the value on every put.
 */
public final class StoreBuilders {
    /** Keys kept as objects per store and task when a store does not say. */
    public static final int DEFAULT_CACHED = 1024;

    /** The order of Strings' UTF-8 bytes (code point order), the order of a String-keyed store's ranges. */
    public static final Comparator<String> UTF8_ORDER = StoreBuilders::compareUtf8;

    private StoreBuilders() {}

    /** A store of plain-Java values kept as a versioned internal record ({@link VersionedSerde#mapped}). */
    public static <V> StoreBuilder<KeyValueStore<String, V>> keyValue(String name, Serde<V> values) {
        return keyValue(name, values, DEFAULT_CACHED);
    }

    /** The same, keeping up to {@code cached} keys of a task as objects. */
    public static <V> StoreBuilder<KeyValueStore<String, V>> keyValue(String name, Serde<V> values, int cached) {
        return new Cached<>(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), values),
                cached,
                UTF8_ORDER);
    }

    /** A store with byte-array keys (whose ranges follow the bytes), keeping up to {@code cached} keys as objects. */
    public static <V> StoreBuilder<KeyValueStore<Bytes, V>> bytesKeyed(String name, Serde<V> values, int cached) {
        return new Cached<>(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.Bytes(), values),
                cached,
                Comparator.naturalOrder());
    }

    /** A store of versioned internal records ({@link VersionedSerde}): a later release reads it in place. */
    public static <V extends SpecificRecord> StoreBuilder<KeyValueStore<String, V>> versioned(
            String name, Class<V> valueType) {
        return keyValue(name, VersionedSerde.of(valueType));
    }

    /** The same, keeping up to {@code cached} keys of a task as objects. */
    public static <V extends SpecificRecord> StoreBuilder<KeyValueStore<String, V>> versioned(
            String name, Class<V> valueType, int cached) {
        return keyValue(name, VersionedSerde.of(valueType), cached);
    }

    /** UTF-16 order differs from UTF-8's only between surrogates and U+E000..U+FFFF: moving those two apart fixes it. */
    static int compareUtf8(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                return codePointRank(x) - codePointRank(y);
            }
        }
        return a.length() - b.length();
    }

    private static int codePointRank(char c) {
        if (c < 0xD800) {
            return c;
        }
        return c >= 0xE000 ? c - 0x800 : c + 0x2000;
    }

    /** An {@link ObjectCachingStore} over the store a Streams builder makes, without Streams' byte cache. */
    private static final class Cached<K, V> implements StoreBuilder<KeyValueStore<K, V>> {
        private final StoreBuilder<KeyValueStore<K, V>> beneath;
        private final int capacity;
        private final Comparator<? super K> keyOrder;

        Cached(StoreBuilder<KeyValueStore<K, V>> beneath, int capacity, Comparator<? super K> keyOrder) {
            this.beneath = beneath.withCachingDisabled();
            this.capacity = capacity;
            this.keyOrder = keyOrder;
        }

        @Override
        public StoreBuilder<KeyValueStore<K, V>> withCachingEnabled() {
            return this; // this is the cache
        }

        @Override
        public StoreBuilder<KeyValueStore<K, V>> withCachingDisabled() {
            throw new UnsupportedOperationException("the pipeline's stores keep their object cache");
        }

        @Override
        public StoreBuilder<KeyValueStore<K, V>> withLoggingEnabled(Map<String, String> config) {
            beneath.withLoggingEnabled(config);
            return this;
        }

        @Override
        public StoreBuilder<KeyValueStore<K, V>> withLoggingDisabled() {
            beneath.withLoggingDisabled();
            return this;
        }

        @Override
        public KeyValueStore<K, V> build() {
            return new ObjectCachingStore<>(beneath.build(), capacity, keyOrder);
        }

        @Override
        public Map<String, String> logConfig() {
            return beneath.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return beneath.loggingEnabled();
        }

        @Override
        public String name() {
            return beneath.name();
        }
    }
}
