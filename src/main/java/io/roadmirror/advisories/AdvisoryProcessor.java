package io.roadmirror.advisories;

import io.roadmirror.hotspots.HotspotUpdate;
import io.roadmirror.mirror.LiveState;
import io.roadmirror.mirror.MirrorTopology;
import io.roadmirror.mirror.MirrorUpdate;
import io.roadmirror.mirror.OpenIncident;
import io.roadmirror.model.AdvisoryKind;
import io.roadmirror.model.AdvisorySeverity;
import io.roadmirror.model.CongestionLevel;
import io.roadmirror.model.Detour;
import io.roadmirror.model.RoutingAdvisory;
import io.roadmirror.model.SegmentState;
import io.roadmirror.network.NetworkView;
import io.roadmirror.network.Segment;
import io.roadmirror.streams.PipelineMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Judges each transition of a segment with {@link Condition} and {@link AdvisoryPolicy}, and
 * issues advisories: with the detour (fastest path around the segment over live travel times,
 * closed segments excluded) and the approach segments for a raised condition, CLEARED when it
 * ends, and an INFO advisory when the segment becomes a HOTSPOT. Routing happens only here, on
 * transitions, never per reading.
 */
final class AdvisoryProcessor implements Processor<String, AdvisoryInput, String, RoutingAdvisory> {
    private final AdvisoryThresholds rules;
    private final long hotspotWindowHours;
    private final NetworkView networkView;
    private final RoutingGraphCache graphs;
    private final PipelineMetrics metrics;
    private ProcessorContext<String, RoutingAdvisory> context;
    private KeyValueStore<String, AdvisoryMemory> memories;
    private KeyValueStore<String, RoutingAdvisory> log;
    private NetworkView.Reader network;
    private TimestampedKeyValueStore<String, SegmentState> mirror;
    private KeyValueStore<String, String> congestion;
    private TimestampedKeyValueStore<String, SegmentClosures> closures;

    AdvisoryProcessor(
            AdvisoryThresholds rules,
            long hotspotWindowHours,
            NetworkView networkView,
            RoutingGraphCache graphs,
            PipelineMetrics metrics) {
        this.rules = rules;
        this.hotspotWindowHours = hotspotWindowHours;
        this.networkView = networkView;
        this.graphs = graphs;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, RoutingAdvisory> context) {
        this.context = context;
        this.memories = context.getStateStore(AdvisoryTopology.STORE);
        this.log = context.getStateStore(AdvisoryTopology.LOG_STORE);
        this.network = networkView.reader(context);
        this.mirror = context.getStateStore(MirrorTopology.GLOBAL_STORE);
        this.congestion = context.getStateStore(AdvisoryTopology.CONGESTION_STORE);
        this.closures = context.getStateStore(AdvisoryTopology.CLOSURES_STORE);
    }

    @Override
    public void process(Record<String, AdvisoryInput> record) {
        if (record.value().tick() != null) {
            forgetOldAdvisories(record.value().tick());
            return;
        }
        Optional<Segment> segment = network.segment(record.key());
        if (segment.isEmpty()) {
            return;
        }
        if (record.value().mirror() != null) {
            onTransition(segment.get(), record.value().mirror(), record.timestamp());
        } else {
            onHotspot(segment.get(), record.value().hotspot(), record.timestamp());
        }
    }

    private void onTransition(Segment segment, MirrorUpdate update, long eventTime) {
        LiveState state = update.state();
        congestion.put(segment.id(), state.congestion().name());
        Optional<Condition> condition = Condition.of(state.congestion(), update.openIncidents(), rules);
        AdvisoryMemory last = memories.get(segment.id());
        // Routing only while a condition is active: a segment back to normal needs no detour.
        Optional<RoutingGraph.Route> route = condition.isEmpty() ? Optional.empty() : detour(segment.id());
        Double detourSeconds = route.map(RoutingGraph.Route::travelTimeSeconds).orElse(null);
        switch (AdvisoryPolicy.decide(last, condition, eventTime, detourSeconds, rules)) {
            case NOTHING -> {}
            case CLEAR -> {
                memories.delete(segment.id());
                Condition cleared = AdvisoryPolicy.clearing(last);
                emit(
                        segment,
                        cleared.kind(),
                        cleared.severity(),
                        eventTime,
                        state.congestion(),
                        cleared.incidentIds(),
                        AdvisoryText.cleared(segment, last.kind(), state.congestion()),
                        null,
                        null);
            }
            case RAISE -> raise(segment, update, condition.get(), route, detourSeconds, eventTime);
        }
    }

    private Optional<RoutingGraph.Route> detour(String segmentId) {
        RoutingGraph graph = graphs.graphOf(network.network());
        return graph.detour(segmentId, id -> travelTime(graph, id), this::isClosed);
    }

    private void raise(
            Segment segment,
            MirrorUpdate update,
            Condition c,
            Optional<RoutingGraph.Route> route,
            Double detourSeconds,
            long eventTime) {
        LiveState state = update.state();
        RoutingGraph graph = graphs.graphOf(network.network());
        memories.put(segment.id(), AdvisoryMemory.of(c, eventTime, detourSeconds));
        Double current = c.isClosure() ? null : state.travelTimeSeconds();
        Detour detour = route.map(r -> new Detour(
                        r.segmentIds(),
                        round(r.travelTimeSeconds()),
                        current,
                        current == null ? null : round(current - r.travelTimeSeconds())))
                .orElse(null);
        String message = AdvisoryText.raised(
                segment,
                c,
                incidentWhat(update.openIncidents()),
                state.speedKph(),
                route.orElse(null),
                current,
                id -> graph.segment(id).map(Segment::name).orElse(id));
        emit(
                segment,
                c.kind(),
                c.severity(),
                eventTime,
                state.congestion(),
                c.incidentIds(),
                message,
                detour,
                eventTime + rules.validity().toMillis());
    }

    private void onHotspot(Segment segment, HotspotUpdate update, long eventTime) {
        if (!update.becameHotspot()) {
            return;
        }
        emit(
                segment,
                AdvisoryKind.HOTSPOT,
                AdvisorySeverity.INFO,
                eventTime,
                currentCongestion(segment.id()),
                update.assessment().incidentIds(),
                AdvisoryText.hotspot(segment, update.assessment().incidentCount(), hotspotWindowHours),
                null,
                null);
    }

    private void emit(
            Segment segment,
            AdvisoryKind kind,
            AdvisorySeverity severity,
            long eventTime,
            CongestionLevel congestion,
            List<String> incidentIds,
            String message,
            Detour detour,
            Long validUntil) {
        RoutingGraph graph = graphs.graphOf(network.network());
        String id = AdvisoryIds.next(
                segment.id(),
                eventTime,
                kind,
                issued -> log.get(AdvisoryTopology.logKey(eventTime, segment.id(), issued)) != null);
        RoutingAdvisory advisory = RoutingAdvisory.newBuilder()
                .setAdvisoryId(id)
                .setSegmentId(segment.id())
                .setKind(kind)
                .setSeverity(severity)
                .setEventTime(Instant.ofEpochMilli(eventTime))
                .setIssuedAt(Instant.ofEpochMilli(context.currentSystemTimeMs()))
                .setCongestion(congestion)
                .setIncidentIds(incidentIds)
                .setMessage(message)
                .setDetour(detour)
                .setApproachSegmentIds(graph.approaches(segment.id(), rules.approachMeters()))
                .setValidUntil(validUntil == null ? null : Instant.ofEpochMilli(validUntil))
                .build();
        metrics.advisory(kind.name());
        log.put(AdvisoryTopology.logKey(eventTime, segment.id(), advisory.getAdvisoryId()), advisory);
        context.forward(new Record<>(segment.id(), advisory, eventTime));
    }

    /** Keeps the advisory log to its retention: the keys sort by event time, so this is one range from the start. */
    private void forgetOldAdvisories(long now) {
        List<String> old = new ArrayList<>();
        try (var expired = log.range(
                AdvisoryTopology.logKey(0, "", ""),
                AdvisoryTopology.logKey(now - AdvisoryTopology.LOG_RETENTION.toMillis(), "", ""))) {
            expired.forEachRemaining(kv -> old.add(kv.key));
        }
        old.forEach(log::delete);
    }

    /** Live travel time of a segment from the mirror; its free-flow time where the mirror does not know. */
    private double travelTime(RoutingGraph graph, String segmentId) {
        ValueAndTimestamp<SegmentState> state = mirror.get(segmentId);
        if (state != null && state.value() != null && state.value().getCongestion() != CongestionLevel.UNKNOWN) {
            return state.value().getTravelTimeSeconds();
        }
        return graph.segment(segmentId).map(Segment::freeFlowTravelTimeSeconds).orElse(Double.POSITIVE_INFINITY);
    }

    private boolean isClosed(String segmentId) {
        ValueAndTimestamp<SegmentClosures> closed = closures.get(segmentId);
        return closed != null
                && closed.value() != null
                && !closed.value().incidentIds().isEmpty();
    }

    /** The segment's congestion as of its last mirror transition (every change of congestion is one). */
    private CongestionLevel currentCongestion(String segmentId) {
        String level = congestion.get(segmentId);
        return level == null ? CongestionLevel.UNKNOWN : CongestionLevel.valueOf(level);
    }

    private String incidentWhat(List<OpenIncident> open) {
        return open.stream()
                .filter(i -> i.severity() >= rules.minIncidentSeverity())
                .max(Comparator.comparingInt(OpenIncident::severity).thenComparing(OpenIncident::incidentId))
                .map(i -> AdvisoryText.incidentName(i.type()) + " (severity " + i.severity() + ")")
                .orElse("Incident");
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
