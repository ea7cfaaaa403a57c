package io.roadmirror.network;

import io.roadmirror.model.RoadSegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Read access to the road network's global store for processors: point lookups (always current)
 * and a whole-network snapshot for routing, rebuilt at most once per refresh interval of wall-clock
 * time and shared by all tasks of the instance. A record in road.network that is not a valid
 * segment reads as absent.
 */
public final class NetworkView {
    private final Duration refresh;
    private volatile Snapshot snapshot;

    private record Snapshot(RoadNetwork network, long builtAtWallMs) {
    }

    public NetworkView(Duration refresh) {
        this.refresh = refresh;
    }

    /** The store as seen from a processor of this topology. */
    public static TimestampedKeyValueStore<String, RoadSegment> store(ProcessingContext context) {
        return context.getStateStore(NetworkTopology.STORE);
    }

    public static Optional<Segment> segment(TimestampedKeyValueStore<String, RoadSegment> store, String id) {
        try {
            ValueAndTimestamp<RoadSegment> value = store.get(id);
            return value == null || value.value() == null ? Optional.empty() : Optional.of(NetworkCodec.fromAvro(value.value()));
        } catch (SerializationException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public static boolean contains(TimestampedKeyValueStore<String, RoadSegment> store, String id) {
        return segment(store, id).isPresent();
    }

    /** The whole network, at most {@code refresh} old (in wall-clock time). */
    public RoadNetwork network(TimestampedKeyValueStore<String, RoadSegment> store, long wallNowMs) {
        Snapshot current = snapshot;
        if (current != null && wallNowMs - current.builtAtWallMs() < refresh.toMillis()) {
            return current.network();
        }
        synchronized (this) {
            current = snapshot;
            if (current == null || wallNowMs - current.builtAtWallMs() >= refresh.toMillis()) {
                current = new Snapshot(load(store), wallNowMs);
                snapshot = current;
            }
            return current.network();
        }
    }

    private static RoadNetwork load(TimestampedKeyValueStore<String, RoadSegment> store) {
        List<Segment> segments = new ArrayList<>();
        try (KeyValueIterator<String, ValueAndTimestamp<RoadSegment>> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, ValueAndTimestamp<RoadSegment>> next = all.next();
                try {
                    if (next.value != null && next.value.value() != null) {
                        segments.add(NetworkCodec.fromAvro(next.value.value()));
                    }
                } catch (IllegalArgumentException invalid) {
                    // an invalid segment is dead-lettered by ingest and left out of the graph
                }
            }
        }
        return new RoadNetwork(segments);
    }
}
