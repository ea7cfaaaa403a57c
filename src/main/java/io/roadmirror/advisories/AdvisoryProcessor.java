package io.roadmirror.advisories;

import io.roadmirror.mirror.OpenIncident;
import io.roadmirror.model.AdvisoryKind;
import io.roadmirror.model.AdvisorySeverity;
import io.roadmirror.model.CongestionLevel;
import io.roadmirror.model.Detour;
import io.roadmirror.model.RoutingAdvisory;
import io.roadmirror.network.NetworkView;
import io.roadmirror.network.Segment;
import io.roadmirror.state.AdvisoryEvent;
import io.roadmirror.state.BecameHotspot;
import io.roadmirror.state.RoutingChange;
import io.roadmirror.state.RoutingWeight;
import io.roadmirror.state.SegmentChange;
import io.roadmirror.streams.PipelineMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Judges each transition of a segment with {@link Condition} and {@link AdvisoryPolicy}, and
 * issues advisories: with the detour (fastest path around the segment over live travel times,
 * closed segments excluded) and the approach segments for a raised condition, CLEARED when it
 * ends, and an INFO advisory when the segment becomes a HOTSPOT. Routing happens only here, on
 * transitions, never per reading.
 *
 * <p>One task sees the whole network: every segment partition sends its segments' new states and
 * hotspots, and how far it has evaluated, and {@link AdvisoryOrder} hands them on in event-time order
 * once every partition has passed them. The routing times are this task's own ({@code
 * advisory-routing-store}, kept whole in memory too), as of the time being judged: the same detour
 * at real-time pace and in a backlog.
 */
final class AdvisoryProcessor implements Processor<String, AdvisoryEvent, String, RoutingAdvisory> {
    /** The advisory log is trimmed at most this often, in event time. */
    private static final long FORGET_EVERY_MS = 10_000;

    private final AdvisoryThresholds rules;
    private final long hotspotWindowHours;
    private final NetworkView networkView;
    private final RoutingGraphCache graphs;
    private final PipelineMetrics metrics;
    private final int partitions;
    private ProcessorContext<String, RoutingAdvisory> context;
    private KeyValueStore<String, AdvisoryMemory> memories;
    private KeyValueStore<String, RoutingAdvisory> log;
    private KeyValueStore<String, RoutingWeight> routingStore;
    private final Map<String, RoutingWeight> routing = new HashMap<>();
    private NetworkView.Reader network;
    private AdvisoryOrder order;
    private long lastForgotten = Long.MIN_VALUE;

    AdvisoryProcessor(
            AdvisoryThresholds rules,
            long hotspotWindowHours,
            NetworkView networkView,
            RoutingGraphCache graphs,
            PipelineMetrics metrics,
            int partitions) {
        this.rules = rules;
        this.hotspotWindowHours = hotspotWindowHours;
        this.networkView = networkView;
        this.graphs = graphs;
        this.metrics = metrics;
        this.partitions = partitions;
    }

    @Override
    public void init(ProcessorContext<String, RoutingAdvisory> context) {
        this.context = context;
        this.memories = context.getStateStore(AdvisoryTopology.STORE);
        this.log = context.getStateStore(AdvisoryTopology.LOG_STORE);
        this.routingStore = context.getStateStore(AdvisoryTopology.ROUTING_STORE);
        this.network = networkView.reader(context);
        this.order = new AdvisoryOrder(
                context.getStateStore(AdvisoryTopology.ORDER_STORE),
                context.getStateStore(AdvisoryTopology.CLOCK_STORE),
                partitions);
        routing.clear(); // init runs again on the same processor when Kafka Streams revives a corrupted task
        try (KeyValueIterator<String, RoutingWeight> all = routingStore.all()) {
            all.forEachRemaining(kv -> routing.put(kv.key, kv.value));
        }
    }

    @Override
    public void process(Record<String, AdvisoryEvent> record) {
        AdvisoryEvent event = record.value();
        long arrival = context.recordMetadata().map(RecordMetadata::offset).orElse(-1L);
        if (event.getEvaluated() != null) {
            for (AdvisoryEvent behind : order.fileRouting(event.getRouting(), arrival)) {
                metrics.advisoryInputBehind();
                take(new AdvisoryOrder.Due(AdvisoryOrder.Phase.ROUTING, "", behind));
            }
            if (order.evaluated(event.getEvaluated().getPartition(), event.getTime())) {
                order.takeDue().forEach(this::take);
                forgetOldAdvisories(order.through());
            }
            return;
        }
        if (!order.file(record.key(), event, arrival)) {
            // Behind what every partition has passed: only input the mirror itself counted late comes here.
            metrics.advisoryInputBehind();
            if (event.getSegment() != null) {
                take(new AdvisoryOrder.Due(AdvisoryOrder.Phase.ROUTING, record.key(), event));
            }
            take(new AdvisoryOrder.Due(AdvisoryOrder.Phase.JUDGING, record.key(), event));
        }
    }

    private void take(AdvisoryOrder.Due due) {
        SegmentChange change = due.event().getSegment();
        if (due.phase() == AdvisoryOrder.Phase.ROUTING) {
            if (change != null) {
                route(
                        due.segmentId(),
                        change.getRoutingSeconds(),
                        AdvisoryEvents.closed(change),
                        change.getCongestion());
            }
            for (RoutingChange c : due.event().getRouting()) {
                route(c.getSegmentId(), c.getRoutingSeconds(), c.getClosed(), c.getCongestion());
            }
            return;
        }
        Optional<Segment> segment = network.segment(due.segmentId());
        if (segment.isEmpty()) {
            return;
        }
        long eventTime = due.event().getTime();
        if (change != null) {
            onTransition(segment.get(), change, eventTime);
        } else {
            onHotspot(segment.get(), due.event().getHotspot(), eventTime);
        }
    }

    private void route(String segmentId, double seconds, boolean closed, String congestion) {
        RoutingWeight weight = new RoutingWeight(seconds, closed, congestion);
        routing.put(segmentId, weight);
        routingStore.put(segmentId, weight);
    }

    private void onTransition(Segment segment, SegmentChange change, long eventTime) {
        CongestionLevel congestion = AdvisoryEvents.congestion(change);
        List<OpenIncident> open = AdvisoryEvents.openIncidents(change);
        Optional<Condition> condition = Condition.of(congestion, open, rules);
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
                        congestion,
                        cleared.incidentIds(),
                        AdvisoryText.cleared(segment, last.kind(), congestion),
                        null,
                        null);
            }
            case RAISE -> raise(segment, change, open, condition.get(), route, detourSeconds, eventTime);
        }
    }

    private Optional<RoutingGraph.Route> detour(String segmentId) {
        RoutingGraph graph = graphs.graphOf(network.network());
        return graph.detour(segmentId, id -> travelTime(graph, id), this::isClosed);
    }

    private void raise(
            Segment segment,
            SegmentChange change,
            List<OpenIncident> open,
            Condition c,
            Optional<RoutingGraph.Route> route,
            Double detourSeconds,
            long eventTime) {
        RoutingGraph graph = graphs.graphOf(network.network());
        memories.put(segment.id(), AdvisoryMemory.of(c, eventTime, detourSeconds));
        Double current = c.isClosure() ? null : change.getTravelTimeSeconds();
        Detour detour = route.map(r -> new Detour(
                        r.segmentIds(),
                        round(r.travelTimeSeconds()),
                        current,
                        current == null ? null : round(current - r.travelTimeSeconds())))
                .orElse(null);
        String message = AdvisoryText.raised(
                segment,
                c,
                incidentWhat(open),
                change.getSpeedKph(),
                route.orElse(null),
                current,
                id -> graph.segment(id).map(Segment::name).orElse(id));
        emit(
                segment,
                c.kind(),
                c.severity(),
                eventTime,
                AdvisoryEvents.congestion(change),
                c.incidentIds(),
                message,
                detour,
                eventTime + rules.validity().toMillis());
    }

    private void onHotspot(Segment segment, BecameHotspot hotspot, long eventTime) {
        emit(
                segment,
                AdvisoryKind.HOTSPOT,
                AdvisorySeverity.INFO,
                eventTime,
                currentCongestion(segment.id()),
                hotspot.getIncidentIds(),
                AdvisoryText.hotspot(segment, hotspot.getIncidentCount(), hotspotWindowHours),
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
        if (lastForgotten != Long.MIN_VALUE && now - lastForgotten < FORGET_EVERY_MS) {
            return;
        }
        lastForgotten = now;
        List<String> old = new ArrayList<>();
        try (var expired = log.range(
                AdvisoryTopology.logKey(0, "", ""),
                AdvisoryTopology.logKey(now - AdvisoryTopology.LOG_RETENTION.toMillis(), "", ""))) {
            expired.forEachRemaining(kv -> old.add(kv.key));
        }
        old.forEach(log::delete);
    }

    /** A segment's routing time as of the time judged; its free-flow time where the mirror has said nothing yet. */
    private double travelTime(RoutingGraph graph, String segmentId) {
        RoutingWeight weight = routing.get(segmentId);
        if (weight != null) {
            return weight.getRoutingSeconds();
        }
        return graph.segment(segmentId).map(Segment::freeFlowTravelTimeSeconds).orElse(Double.POSITIVE_INFINITY);
    }

    private boolean isClosed(String segmentId) {
        RoutingWeight weight = routing.get(segmentId);
        return weight != null && weight.getClosed();
    }

    /** The segment's congestion as of the time judged. */
    private CongestionLevel currentCongestion(String segmentId) {
        RoutingWeight weight = routing.get(segmentId);
        return weight == null ? CongestionLevel.UNKNOWN : CongestionLevel.valueOf(weight.getCongestion());
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
