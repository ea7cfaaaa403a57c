package io.roadmirror.api;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Which instance answers for what, from the Streams metadata every instance announces through
 * {@code application.server}: the active owner of a key's partition in a store, and every instance
 * that hosts a store. Keys are segment ids, partitioned like the topics (UTF-8 string keys).
 */
final class InstanceLocator {
    private static final Serializer<String> KEYS = new StringSerializer();

    /** The instance owning a key's partition; {@code local} when that is this instance. */
    record Owner(HostInfo host, int partition, boolean local) {}

    private final KafkaStreams streams;
    private final HostInfo self;

    InstanceLocator(KafkaStreams streams, HostInfo self) {
        this.streams = streams;
        this.self = self;
    }

    HostInfo self() {
        return self;
    }

    /** @throws NotYetAvailable while the partition has no active owner (KeyQueryMetadata.NOT_AVAILABLE during a rebalance) */
    Owner ownerOf(String store, String key) {
        requireRunning();
        KeyQueryMetadata metadata = streams.queryMetadataForKey(store, key, KEYS);
        if (metadata == null
                || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata)
                || metadata.activeHost() == null
                || metadata.activeHost().equals(KeyQueryMetadata.NOT_AVAILABLE.activeHost())) {
            throw new NotYetAvailable("no instance owns the partition of '" + key + "' in " + store + " at the moment");
        }
        return new Owner(
                metadata.activeHost(),
                metadata.partition(),
                metadata.activeHost().equals(self));
    }

    /** Every instance hosting the store, in a stable order. @throws NotYetAvailable before the first assignment */
    List<HostInfo> hostsOf(String store) {
        requireRunning();
        Collection<StreamsMetadata> all = streams.streamsMetadataForStore(store);
        if (all.isEmpty()) {
            throw new NotYetAvailable("no instance hosts " + store + " yet");
        }
        return all.stream()
                .map(StreamsMetadata::hostInfo)
                .distinct()
                .sorted(Comparator.comparing(HostInfo::host).thenComparingInt(HostInfo::port))
                .toList();
    }

    /** A stopped or failed pipeline will not recover within a retry: say so at once. */
    private void requireRunning() {
        KafkaStreams.State state = streams.state();
        if (!state.isRunningOrRebalancing() && state != KafkaStreams.State.CREATED) {
            throw ApiException.unavailable(
                    "the pipeline of this instance is " + state + "; its stores cannot be queried");
        }
    }

    static String describe(HostInfo host) {
        return host.host() + ":" + host.port();
    }
}
