package io.roadmirror.network;

import io.roadmirror.model.RoadSegment;
import io.roadmirror.serde.RegistryPatientDeserializer;
import io.roadmirror.streams.PipelineContext;
import io.roadmirror.topics.Topics;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * road.network as a global store: every instance knows every segment, so validation ("is this
 * segment in the network?"), the mirror (length, speed limit) and routing (the whole graph) can
 * look any segment up locally. A global store with its own small processor rather than a global
 * table, so that every change also tells the instance's {@link NetworkView} that its decoded
 * snapshot is out of date: an unchanged network is never decoded again.
 */
public final class NetworkTopology {
    public static final String STORE = "road-network-store";

    private final Topics topics;
    private final NetworkView view;

    public NetworkTopology(PipelineContext context) {
        this.topics = context.topics();
        this.view = context.networkView();
    }

    /** Registers the global store; nothing flows on from it but lookups through the {@link NetworkView}. */
    public void build(StreamsBuilder builder) {
        builder.addGlobalStore(
                Stores.timestampedKeyValueStoreBuilder(
                                Stores.persistentTimestampedKeyValueStore(STORE),
                                topics.roadNetwork.keySerde(),
                                topics.roadNetwork.valueSerde())
                        .withLoggingDisabled(),
                topics.roadNetwork.name(),
                Consumed.with(
                                topics.roadNetwork.keySerde(),
                                RegistryPatientDeserializer.patient(topics.roadNetwork.valueSerde()))
                        .withName("road-network-global"),
                () -> new NetworkUpdater(view));
    }

    /** Applies road.network to the store (a tombstone removes the segment) and reports the change. */
    private static final class NetworkUpdater implements Processor<String, RoadSegment, Void, Void> {
        private final NetworkView view;
        private TimestampedKeyValueStore<String, RoadSegment> store;

        NetworkUpdater(NetworkView view) {
            this.view = view;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, RoadSegment> record) {
            if (record.value() == null) {
                store.delete(record.key());
            } else {
                store.put(record.key(), ValueAndTimestamp.make(record.value(), record.timestamp()));
            }
            view.changed(); // after the store: a snapshot built from now on sees the change
        }
    }
}
