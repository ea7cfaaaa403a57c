package io.roadmirror.cli;

import io.roadmirror.api.HotspotView;
import io.roadmirror.api.LiveStateView;
import io.roadmirror.api.LocalStores;
import io.roadmirror.model.CongestionLevel;
import io.roadmirror.model.HotspotLevel;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * What the mirror knows right now, read from this instance's stores as the query API reads them
 * ({@link LocalStores}; the demo runs one instance, so it holds every partition): segments by
 * congestion, open incidents, hotspots.
 */
record MirrorSnapshot(
        Map<CongestionLevel, Integer> byCongestion,
        List<LiveStateView> states,
        TreeSet<String> openIncidents,
        List<String> hotspots) {

    /** Null while the stores are not queryable (starting, rebalancing). */
    static MirrorSnapshot of(KafkaStreams streams) {
        try {
            LocalStores stores = new LocalStores(streams);
            List<LiveStateView> states = stores.liveStates();
            Map<CongestionLevel, Integer> counts = new EnumMap<>(CongestionLevel.class);
            TreeSet<String> incidents = new TreeSet<>();
            for (LiveStateView s : states) {
                counts.merge(CongestionLevel.valueOf(s.congestion()), 1, Integer::sum);
                incidents.addAll(s.openIncidentIds());
            }
            List<String> hotspots = stores.hotspots().stream()
                    .filter(h -> h.level().equals(HotspotLevel.HOTSPOT.name()))
                    .map(HotspotView::segmentId)
                    .toList();
            return new MirrorSnapshot(counts, states, incidents, hotspots);
        } catch (InvalidStateStoreException e) {
            return null;
        }
    }

    int count(CongestionLevel level) {
        return byCongestion.getOrDefault(level, 0);
    }
}
