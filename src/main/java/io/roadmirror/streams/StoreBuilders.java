package io.roadmirror.streams;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The pipeline's state stores: persistent (RocksDB), changelogged, String keys, values on a
 * versioned schema ({@link VersionedSerde}), behind Kafka Streams' record cache, so a key written
 * many times between two commits reaches RocksDB and its changelog once per commit instead of every
 * time (what is read is the same either way).
 */
public final class StoreBuilders {
    private StoreBuilders() {}

    /** A store of plain-Java values kept as a versioned internal record ({@link VersionedSerde#mapped}). */
    public static <V> StoreBuilder<KeyValueStore<String, V>> keyValue(String name, Serde<V> values) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), values)
                .withCachingEnabled();
    }

    /** A store of versioned internal records ({@link VersionedSerde}): a later release reads it in place. */
    public static <V extends SpecificRecord> StoreBuilder<KeyValueStore<String, V>> versioned(
            String name, Class<V> valueType) {
        return keyValue(name, VersionedSerde.of(valueType));
    }
}
