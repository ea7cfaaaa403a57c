package io.roadmirror.network;

import io.roadmirror.model.RoadSegment;
import io.roadmirror.topics.Topics;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.GlobalKTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * road.network as a global table: every instance knows every segment, so validation ("is this
 * segment in the network?"), the mirror (length, speed limit) and routing (the whole graph) can
 * look any segment up locally.
 */
public final class NetworkTopology {
    public static final String STORE = "road-network-store";

    private final Topics topics;

    public NetworkTopology(Topics topics) {
        this.topics = topics;
    }

    public GlobalKTable<String, RoadSegment> build(StreamsBuilder builder) {
        return builder.globalTable(topics.roadNetwork.name(),
                Consumed.with(topics.roadNetwork.keySerde(), topics.roadNetwork.valueSerde()).withName("road-network-global"),
                Materialized.<String, RoadSegment, KeyValueStore<Bytes, byte[]>>as(STORE)
                        .withKeySerde(topics.roadNetwork.keySerde()).withValueSerde(topics.roadNetwork.valueSerde()));
    }
}
