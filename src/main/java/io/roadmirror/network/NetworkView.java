package io.roadmirror.network;

import io.roadmirror.model.RoadSegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
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
 * network, shared by all tasks of the instance, because reading and decoding a segment from the
 * store on every record was a large share of the pipeline's CPU. The snapshot is rebuilt only when
 * road.network has changed since it was built ({@link #changed}, called by the store's updater),
 * and then at most once per refresh interval of wall-clock time, so a network loading in does not
 * make every lookup decode it whole.
 *
 * <p>Staleness: a segment the snapshot does not have is read from the store, so a segment added
 * to road.network is known at once; a segment changed or removed in road.network is seen within
 * one refresh interval. That is the staleness routing always had, and it breaks no ordering: the
 * global store is applied asynchronously, so there never was one between road.network and the
 * input. A record in road.network that is not a valid segment reads as absent. A snapshot that
 * cannot be built is logged and retried after the interval; until then lookups read the store.
 */
public final class NetworkView {
    private static final Logger log = LoggerFactory.getLogger(NetworkView.class);
    private final long refreshMs;
    private final ReentrantLock rebuilding = new ReentrantLock();
    private final AtomicLong changes = new AtomicLong();
    private volatile Snapshot snapshot;

    /**
     * @param network  null when it could not be built
     * @param changes  the count of changes to road.network that it includes
     * @param complete false when the store could not be read whole (the previous network, if any, was kept)
     */
    private record Snapshot(RoadNetwork network, long builtAtWallMs, long changes, boolean complete) {}

    public NetworkView(Duration refresh) {
        this.refreshMs = refresh.toMillis();
    }

    /** road.network changed (a segment was written or removed in the store): the snapshot is out of date. */
    public void changed() {
        changes.incrementAndGet();
    }

    /** Counts the changes to road.network seen so far: equal versions, equal networks (within this process). */
    public long version() {
        return changes.get();
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
                return value == null || value.value() == null
                        ? Optional.empty()
                        : Optional.of(NetworkCodec.fromAvro(value.value()));
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
                long including = changes.get(); // read first: a change during the build makes the next one due
                current = rebuilt(store, current, including, wallNowMs);
                snapshot = current;
            }
            return current.network();
        } finally {
            rebuilding.unlock();
        }
    }

    private boolean isDue(Snapshot snapshot, long wallNowMs) {
        boolean outdated = !snapshot.complete() || snapshot.changes() != changes.get();
        return outdated && wallNowMs - snapshot.builtAtWallMs() >= refreshMs;
    }

    /** A new snapshot; its network is the previous one if nothing in it changed, or (maybe null) if the store cannot be read whole now. */
    private static Snapshot rebuilt(
            TimestampedKeyValueStore<String, RoadSegment> store, Snapshot previous, long including, long wallNowMs) {
        RoadNetwork before = previous == null ? null : previous.network();
        try {
            RoadNetwork fresh = load(store);
            // The same segments again: keep the old one, whose identity tells routing (RoutingGraphCache) that its
            // graph still holds.
            return new Snapshot(
                    before != null && before.sameSegmentsAs(fresh) ? before : fresh, wallNowMs, including, true);
        } catch (RuntimeException e) {
            log.warn(
                    "Could not read road.network whole from its global store; segments are read one by one until the next try",
                    e);
            return new Snapshot(before, wallNowMs, including, false);
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
