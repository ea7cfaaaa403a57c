package io.roadmirror.cli;

import io.roadmirror.hotspots.HotspotTopology;
import io.roadmirror.hotspots.IncidentHistory;
import io.roadmirror.mirror.MirrorTopology;
import io.roadmirror.model.CongestionLevel;
import io.roadmirror.model.HotspotLevel;
import io.roadmirror.model.SegmentState;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/**
 * What the mirror knows right now, read from this instance's stores (the demo runs one instance,
 * so it holds every partition): segments by congestion, open incidents, hotspots.
 */
record MirrorSnapshot(Map<CongestionLevel, Integer> byCongestion, List<SegmentState> states, TreeSet<String> openIncidents,
                      List<String> hotspots) {

    /** Null while the stores are not queryable (starting, rebalancing). */
    static MirrorSnapshot of(KafkaStreams streams) {
        try {
            Map<CongestionLevel, Integer> counts = new EnumMap<>(CongestionLevel.class);
            List<SegmentState> states = new ArrayList<>();
            TreeSet<String> incidents = new TreeSet<>();
            var mirror = streams.store(StoreQueryParameters.fromNameAndType(MirrorTopology.GLOBAL_STORE, QueryableStoreTypes.<String, SegmentState>keyValueStore()));
            try (KeyValueIterator<String, SegmentState> all = mirror.all()) {
                all.forEachRemaining(kv -> {
                    counts.merge(kv.value.getCongestion(), 1, Integer::sum);
                    incidents.addAll(kv.value.getOpenIncidentIds());
                    states.add(kv.value);
                });
            }
            List<String> hotspots = new ArrayList<>();
            var histories = streams.store(StoreQueryParameters.fromNameAndType(HotspotTopology.STORE, QueryableStoreTypes.<String, IncidentHistory>keyValueStore()));
            try (KeyValueIterator<String, IncidentHistory> all = histories.all()) {
                all.forEachRemaining(kv -> {
                    if (kv.value.lastPublished() != null && kv.value.lastPublished().level() == HotspotLevel.HOTSPOT) {
                        hotspots.add(kv.key);
                    }
                });
            }
            return new MirrorSnapshot(counts, states, incidents, hotspots);
        } catch (InvalidStateStoreException e) {
            return null;
        }
    }

    int count(CongestionLevel level) {
        return byCongestion.getOrDefault(level, 0);
    }
}
