package io.roadmirror.network;

import io.roadmirror.model.RoadSegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The road network's global store as processors read it: from a decoded snapshot of the whole
 * network, shared by all tasks of the instance and rebuilt at most once per refresh interval of
 * wall-clock time, because reading and decoding a segment from the store on every record was a
 * large share of the pipeline's CPU.
 *
 * <p>Staleness: a segment the snapshot does not have is read from the store, so a segment added
 * to road.network is known at once; a segment changed or removed in road.network is seen within
 * one refresh interval. That is the staleness routing always had, and it breaks no ordering: the
 * global table is applied asynchronously, so there never was one between road.network and the
 * input. A record in road.network that is not a valid segment reads as absent. A snapshot that
 * cannot be built is logged and retried after the interval; until then lookups read the store.
 */
public final class NetworkView {
    private static final Logger log = LoggerFactory.getLogger(NetworkView.class);
    private final long refreshMs;
    private final ReentrantLock rebuilding = new ReentrantLock();
    private volatile Snapshot snapshot;

    /** @param network null when it could not be built */
    private record Snapshot(RoadNetwork network, long builtAtWallMs) {
    }

    public NetworkView(Duration refresh) {
        this.refreshMs = refresh.toMillis();
    }

    /** The network as one processor reads it: through its task's handle on the store, on its wall clock. */
    public Reader reader(ProcessingContext context) {
        return reader(context.getStateStore(NetworkTopology.STORE), context::currentSystemTimeMs);
    }

    Reader reader(TimestampedKeyValueStore<String, RoadSegment> store, LongSupplier wallClock) {
        return new Reader(store, wallClock);
    }

    /** One processor's handle on the network: its task's store and its wall clock, the snapshot shared. */
    public final class Reader {
        private final TimestampedKeyValueStore<String, RoadSegment> store;
        private final LongSupplier wallClock;

        private Reader(TimestampedKeyValueStore<String, RoadSegment> store, LongSupplier wallClock) {
            this.store = store;
            this.wallClock = wallClock;
        }

        public Optional<Segment> segment(String id) {
            RoadNetwork known = current(store, wallClock.getAsLong());
            Optional<Segment> segment = known == null ? Optional.empty() : known.segment(id);
            // Not in the snapshot: added since, or not in the network at all (a store read, as for every id before).
            return segment.isPresent() ? segment : fromStore(id);
        }

        public boolean contains(String id) {
            return segment(id).isPresent();
        }

        /** The whole network, at most one refresh interval old (in wall-clock time). */
        public RoadNetwork network() {
            RoadNetwork known = current(store, wallClock.getAsLong());
            return known != null ? known : load(store); // none could be built: routing needs one, so this one may throw
        }

        private Optional<Segment> fromStore(String id) {
            try {
                ValueAndTimestamp<RoadSegment> value = store.get(id);
                return value == null || value.value() == null ? Optional.empty() : Optional.of(NetworkCodec.fromAvro(value.value()));
            } catch (SerializationException | IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }

    /** The snapshot's network, rebuilt if due; null if none could be built. */
    private RoadNetwork current(TimestampedKeyValueStore<String, RoadSegment> store, long wallNowMs) {
        Snapshot current = snapshot;
        if (current != null && !isDue(current, wallNowMs)) {
            return current.network();
        }
        if (current != null && current.network() != null) {
            if (!rebuilding.tryLock()) {
                return current.network(); // another task is rebuilding it: go on with the old one rather than wait
            }
        } else {
            rebuilding.lock();
        }
        try {
            current = snapshot;
            if (current == null || isDue(current, wallNowMs)) {
                current = new Snapshot(rebuilt(store, current), wallNowMs);
                snapshot = current;
            }
            return current.network();
        } finally {
            rebuilding.unlock();
        }
    }

    private boolean isDue(Snapshot snapshot, long wallNowMs) {
        return wallNowMs - snapshot.builtAtWallMs() >= refreshMs;
    }

    /** A new snapshot's network, or the previous one (maybe null) if it has not changed or the store cannot be read whole now. */
    private static RoadNetwork rebuilt(TimestampedKeyValueStore<String, RoadSegment> store, Snapshot previous) {
        try {
            RoadNetwork fresh = load(store);
            // Unchanged: keep the old one, whose identity tells routing (RoutingGraphCache) that its graph still holds.
            return previous != null && previous.network() != null && previous.network().sameSegmentsAs(fresh) ? previous.network() : fresh;
        } catch (RuntimeException e) {
            log.warn("Could not read road.network whole from its global store; segments are read one by one until the next try", e);
            return previous == null ? null : previous.network();
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
                    // not a valid segment: it reads as absent, as in a lookup by id
                }
            }
        }
        return new RoadNetwork(segments);
    }
}
