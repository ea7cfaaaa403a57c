package io.roadmirror.api;

import io.roadmirror.advisories.AdvisoryTopology;
import io.roadmirror.forecasts.ForecastTopology;
import io.roadmirror.hotspots.HotspotTopology;
import io.roadmirror.hotspots.IncidentHistory;
import io.roadmirror.mirror.LiveStates;
import io.roadmirror.mirror.MirrorTopology;
import io.roadmirror.mirror.StateHistory;
import io.roadmirror.model.HotspotLevel;
import io.roadmirror.model.RoadSegment;
import io.roadmirror.model.RoutingAdvisory;
import io.roadmirror.model.SegmentForecast;
import io.roadmirror.model.SegmentState;
import io.roadmirror.network.NetworkCodec;
import io.roadmirror.network.NetworkTopology;
import io.roadmirror.network.Segment;
import io.roadmirror.routes.RouteBlocks;
import io.roadmirror.routes.RouteTopology;
import io.roadmirror.state.SegmentLedger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.query.FailureReason;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.RangeQuery;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads this instance's own state stores through interactive queries: the global road network,
 * and the active partitions it owns of the mirror, hotspot and advisory-log stores. Nothing here
 * asks another instance; any read may throw InvalidStateStoreException during a rebalance, which
 * callers retry ({@link Retry}). Every iterator is closed. The query API reads through it, and so
 * does the demo's summary.
 */
public final class LocalStores {
    private final KafkaStreams streams;

    public LocalStores(KafkaStreams streams) {
        this.streams = streams;
    }

    /** Every valid segment of the road network (a global store: complete on every instance). */
    List<Segment> network() {
        List<Segment> segments = new ArrayList<>();
        try (KeyValueIterator<String, RoadSegment> all =
                this.<RoadSegment>store(NetworkTopology.STORE).all()) {
            all.forEachRemaining(kv -> decode(kv.value).ifPresent(segments::add));
        }
        segments.sort(Comparator.comparing(Segment::id));
        return segments;
    }

    Optional<Segment> segment(String id) {
        return decode(this.<RoadSegment>store(NetworkTopology.STORE).get(id));
    }

    /** mirror.segments as every instance holds it whole (a global store): what routes are planned over. */
    ReadOnlyKeyValueStore<String, SegmentState> mirrorSegments() {
        return store(MirrorTopology.GLOBAL_STORE);
    }

    /** mirror.forecasts as every instance holds it whole (a global store): what routes are predicted over. */
    ReadOnlyKeyValueStore<String, SegmentForecast> mirrorForecasts() {
        return store(ForecastTopology.GLOBAL_STORE);
    }

    /** Each segment's blocking incidents (a global store). */
    ReadOnlyKeyValueStore<String, RouteBlocks> routeBlocks() {
        return store(RouteTopology.BLOCKS_STORE);
    }

    /** The segment's state and history, from the given partition, which must be active on this instance. */
    MirrorEntry mirrorEntry(String segmentId, int partition) {
        SegmentLedger ledger =
                this.<SegmentLedger>store(MirrorTopology.STORE, partition).get(segmentId);
        if (ledger == null || ledger.getLastEmitted() == null) {
            return MirrorEntry.EMPTY;
        }
        StateHistory history = this.<StateHistory>store(MirrorTopology.HISTORY_STORE, partition)
                .get(segmentId);
        return new MirrorEntry(
                LiveStateView.of(LiveStates.fromStored(segmentId, ledger.getLastEmitted())),
                history == null
                        ? List.of()
                        : history.states().stream().map(LiveStateView::of).toList());
    }

    /** The current state of every segment whose partition is active here. */
    public List<LiveStateView> liveStates() {
        List<LiveStateView> states = new ArrayList<>();
        try (KeyValueIterator<String, SegmentLedger> all =
                this.<SegmentLedger>store(MirrorTopology.STORE).all()) {
            all.forEachRemaining(kv -> {
                if (kv.value != null && kv.value.getLastEmitted() != null) {
                    states.add(LiveStateView.of(LiveStates.fromStored(kv.key, kv.value.getLastEmitted())));
                }
            });
        }
        return states;
    }

    /** The WATCH and HOTSPOT segments among the partitions active here. */
    public List<HotspotView> hotspots() {
        List<HotspotView> hotspots = new ArrayList<>();
        try (KeyValueIterator<String, IncidentHistory> all =
                this.<IncidentHistory>store(HotspotTopology.STORE).all()) {
            all.forEachRemaining(kv -> {
                IncidentHistory.Assessment published = kv.value == null ? null : kv.value.lastPublished();
                if (published != null && published.level() != HotspotLevel.NONE) {
                    hotspots.add(HotspotView.of(kv.key, published));
                }
            });
        }
        return hotspots;
    }

    /**
     * The newest advisories matching the query, from every active partition here, or from one (the
     * segment's) when {@code partition} is given. The log's keys sort by event time: each partition
     * is read newest first from the cursor down to {@code since} and stops at {@code limit}
     * matches, so a page never reads (or holds) the whole day.
     */
    List<AdvisoryView> advisories(AdvisoryQuery query, Integer partition) {
        RangeQuery<String, RoutingAdvisory> range = RangeQuery.<String, RoutingAdvisory>withRange(
                        query.since() == null ? null : AdvisoryTopology.logKeyFrom(query.since()), query.before())
                .withDescendingKeys();
        StateQueryRequest<KeyValueIterator<String, RoutingAdvisory>> request = StateQueryRequest.inStore(
                        AdvisoryTopology.LOG_STORE)
                .withQuery(range)
                .requireActive();
        if (partition != null) {
            request = request.withPartitions(Set.of(partition));
        }
        StateQueryResult<KeyValueIterator<String, RoutingAdvisory>> result = streams.query(request);
        List<AdvisoryView> found = new ArrayList<>();
        RuntimeException failure = null;
        List<QueryResult<KeyValueIterator<String, RoutingAdvisory>>> parts =
                List.copyOf(result.getPartitionResults().values());
        try {
            for (QueryResult<KeyValueIterator<String, RoutingAdvisory>> part : parts) {
                if (part.isSuccess()) {
                    found.addAll(newest(part.getResult(), query));
                } else if (part.getFailureReason() != FailureReason.NOT_ACTIVE || partition != null) {
                    // A standby copy is no answer (its active copy answers, maybe elsewhere); anything else is retried.
                    failure = new InvalidStateStoreException(AdvisoryTopology.LOG_STORE + ": " + part.getFailureReason()
                            + " " + part.getFailureMessage());
                }
            }
        } finally {
            parts.stream()
                    .filter(QueryResult::isSuccess)
                    .forEach(part -> part.getResult().close());
        }
        if (failure != null) {
            throw failure;
        }
        return AdvisoryQuery.newestFirst(found, query.limit());
    }

    /** Up to {@code limit} matches from one partition's log, read newest first. */
    private static List<AdvisoryView> newest(
            KeyValueIterator<String, RoutingAdvisory> newestFirst, AdvisoryQuery query) {
        List<AdvisoryView> found = new ArrayList<>();
        while (found.size() < query.limit() && newestFirst.hasNext()) {
            KeyValue<String, RoutingAdvisory> next = newestFirst.next();
            if (next.key.equals(query.before())) {
                continue; // the cursor is the last advisory of the previous page
            }
            AdvisoryView advisory = AdvisoryView.of(next.value);
            if (query.matches(advisory)) {
                found.add(advisory);
            }
        }
        return found;
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name) {
        return streams.store(
                StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()));
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name, int partition) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore())
                .withPartition(partition));
    }

    /** A record in road.network that is not a valid segment is left out, as the pipeline does. */
    private static Optional<Segment> decode(RoadSegment value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(NetworkCodec.fromAvro(value));
        } catch (IllegalArgumentException invalid) {
            return Optional.empty();
        }
    }
}
