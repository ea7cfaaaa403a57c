package io.roadmirror.whatif;

import io.roadmirror.mirror.Congestion;
import io.roadmirror.mirror.MirrorThresholds;
import io.roadmirror.model.CongestionLevel;
import io.roadmirror.model.IncidentType;
import io.roadmirror.model.RouteStatus;
import io.roadmirror.model.SegmentState;
import io.roadmirror.network.RoadNetwork;
import io.roadmirror.network.Segment;
import io.roadmirror.routes.RoadConditions;
import io.roadmirror.routes.RouteAnswer;
import io.roadmirror.routes.RoutePlanner;
import io.roadmirror.routes.RouteQuestion;
import io.roadmirror.sim.CongestionModel;
import io.roadmirror.sim.TrueIncident;
import io.roadmirror.whatif.WhatIfAnswer.Cause;
import io.roadmirror.whatif.WhatIfAnswer.SegmentEffect;
import io.roadmirror.whatif.WhatIfAnswer.TripEffect;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Answers a what-if from the mirror as it stands, with the simulator's traffic model
 * (docs/whatif.md):
 * <ol>
 *   <li>each segment's demand at the start is read from the mirror: the load ratio at which the BPR
 *       curve gives its expected speed (its forecast for the start, else its live speed), or its
 *       measured flow over capacity when that is more (the flow alone near free flow,
 *       {@link WhatIfRules#FLAT_SPEED_RATIO}), at most {@link WhatIfRules#MAX_DEMAND_LOAD};</li>
 *   <li>a closure leaves the segment no capacity, an incident what a crash of its severity leaves;</li>
 *   <li>traffic moves onto the detour (the fastest path between the segment's junctions without
 *       it): the simulator's {@link CongestionModel#DETOUR_SHARE} for a closure; for an incident the
 *       share at which the obstructed segment and the loaded detour take equally long (none when the
 *       detour is slower anyway);</li>
 *   <li>a segment's speed after follows the BPR curve from its new load, relative to its speed
 *       before, no slower than {@link CongestionModel#CRAWL_KPH}, and a load beyond the simulator's
 *       spill load (what cannot go round, or a detour's) backs a queue up two junctions upstream.</li>
 * </ol>
 * Pure, and writes nothing: the same question and conditions give the same answer.
 */
public final class WhatIfPlanner {
    private static final int BISECTION_STEPS = 40;

    /** A segment as it is expected at the start, before the changes. */
    private record Base(
            Segment segment,
            double travelTime,
            double speedKph,
            double load,
            double demandVehPerHour,
            double capacityVehPerHour) {
        /**
         * Travel time at another load, relative to this one along the BPR curve, but no slower than the
         * crawl of a queue (the BPR curve knows no queue: it would send an overloaded street to walking pace).
         */
        double travelTimeAt(double load) {
            double crawl = Math.max(travelTime, segment.lengthMeters() / (CongestionModel.CRAWL_KPH / 3.6));
            return Math.min(
                    crawl, travelTime * CongestionModel.speedRatio(this.load) / CongestionModel.speedRatio(load));
        }
    }

    private final RoadConditions conditions;
    private final Function<String, SegmentState> mirror;
    private final MirrorThresholds thresholds;
    private final long start;
    private final Map<String, Base> bases = new HashMap<>();
    private boolean forecastUsed;

    private WhatIfPlanner(
            RoadConditions conditions, Function<String, SegmentState> mirror, MirrorThresholds thresholds, long start) {
        this.conditions = conditions;
        this.mirror = mirror;
        this.thresholds = thresholds;
        this.start = start;
    }

    /**
     * @param mirror a segment's state in mirror.segments (its flow), or null
     * @throws WhatIfRefusal when the question cannot be answered as asked
     */
    public static WhatIfAnswer answer(
            WhatIfQuestion q,
            long nowMs,
            RoadConditions conditions,
            Function<String, SegmentState> mirror,
            MirrorThresholds thresholds) {
        long start = q.startMs() == null ? nowMs : q.startMs();
        check(q, start, nowMs, conditions.network());
        return new WhatIfPlanner(conditions, mirror, thresholds, start).answer(q);
    }

    static void check(WhatIfQuestion q, long start, long nowMs, RoadNetwork network) {
        int changes = q.closures().size() + q.incidents().size();
        if (changes == 0) {
            throw new WhatIfRefusal("name at least one closure or incident", false);
        }
        if (changes > WhatIfRules.MAX_CHANGES) {
            throw new WhatIfRefusal(changes + " closures and incidents, at most " + WhatIfRules.MAX_CHANGES, false);
        }
        if (q.durationMinutes() < 1 || q.durationMinutes() > WhatIfRules.MAX_DURATION_MINUTES) {
            throw new WhatIfRefusal(
                    "durationMinutes: " + q.durationMinutes() + " is not from 1 to " + WhatIfRules.MAX_DURATION_MINUTES,
                    false);
        }
        if (Math.abs(start - nowMs) > WhatIfRules.MAX_START_OFFSET.toMillis()) {
            throw new WhatIfRefusal(
                    "start: " + Instant.ofEpochMilli(start) + " is more than " + WhatIfRules.MAX_START_OFFSET.toHours()
                            + " h from now",
                    false);
        }
        List<String> named = new ArrayList<>(q.closures());
        for (WhatIfQuestion.IncidentAt incident : q.incidents()) {
            if (incident == null) {
                throw new WhatIfRefusal("incidents: an entry is empty; give {\"segmentId\", \"severity\"}", false);
            }
            if (incident.severity() < 1 || incident.severity() > 5) {
                throw new WhatIfRefusal(
                        "incidents: severity " + incident.severity() + " on '" + incident.segmentId()
                                + "' is not from 1 to 5",
                        false);
            }
            named.add(incident.segmentId() == null ? "" : incident.segmentId());
        }
        for (String id : named) {
            if (id.isBlank()) {
                throw new WhatIfRefusal("a segment id must not be empty", false);
            }
            if (!network.contains(id)) {
                throw new WhatIfRefusal(
                        "there is no segment '" + (id.length() > 128 ? id.substring(0, 128) + "..." : id)
                                + "' in the road network",
                        true);
            }
        }
    }

    private WhatIfAnswer answer(WhatIfQuestion q) {
        RoadNetwork network = conditions.network();
        // Closures first, then incidents from the most severe: each change's detour sees the ones before it.
        Map<String, Double> capacityLeft = new LinkedHashMap<>();
        q.closures().forEach(id -> capacityLeft.put(id, 0.0));
        q.incidents().stream()
                .sorted(Comparator.comparingInt(WhatIfQuestion.IncidentAt::severity)
                        .reversed())
                .forEach(i -> capacityLeft.merge(
                        i.segmentId(), 1 - TrueIncident.capacityTaken(IncidentType.CRASH, i.severity()), Math::min));
        Set<String> closed = new LinkedHashSet<>();
        capacityLeft.forEach((id, left) -> {
            if (left <= 0) {
                closed.add(id);
            }
        });

        Map<String, Double> extraDemand = new HashMap<>();
        Map<String, Double> kept = new HashMap<>();
        Map<String, List<Segment>> detours = new HashMap<>();
        Map<String, Double> diverted = new HashMap<>();
        for (Map.Entry<String, Double> change : capacityLeft.entrySet()) {
            Segment segment = network.segment(change.getKey()).orElseThrow();
            Base base = base(segment);
            List<Segment> detour = detour(segment, closed);
            detours.put(segment.id(), detour);
            boolean closure = change.getValue() <= 0;
            double share = detour.isEmpty()
                    ? 0
                    : closure
                            ? CongestionModel.DETOUR_SHARE
                            : equalizingShare(base, change.getValue(), detour, extraDemand);
            double moved = base.demandVehPerHour() * share;
            // A closure's traffic that does not take the detour goes elsewhere, as in the simulator: none stays.
            kept.put(segment.id(), closure && !detour.isEmpty() ? 0 : 1 - share);
            diverted.put(segment.id(), moved);
            for (Segment s : detour) {
                extraDemand.merge(s.id(), moved, Double::sum);
            }
        }

        // Queues: what stays on an obstructed segment, or what a detour takes on, beyond the spill load backs up
        // two junctions (the base load is at most the spill load, so only the change can spill).
        Map<String, Double> extraLoad = new HashMap<>();
        Set<String> loaded = new LinkedHashSet<>(capacityLeft.keySet());
        loaded.addAll(extraDemand.keySet());
        for (String id : loaded) {
            Segment segment = network.segment(id).orElseThrow();
            double excess = ownLoad(
                            base(segment),
                            kept.getOrDefault(id, 1.0),
                            capacityLeft.getOrDefault(id, 1.0),
                            extraDemand.getOrDefault(id, 0.0))
                    - CongestionModel.SPILL_LOAD;
            if (excess > 0) {
                for (Segment up : network.entering(segment.fromNode())) {
                    extraLoad.merge(up.id(), CongestionModel.SPILL_ONE_HOP * excess, Double::sum);
                    for (Segment upUp : network.entering(up.fromNode())) {
                        extraLoad.merge(upUp.id(), CongestionModel.SPILL_TWO_HOPS * excess, Double::sum);
                    }
                }
            }
        }

        Set<String> touched = new LinkedHashSet<>(capacityLeft.keySet());
        touched.addAll(extraDemand.keySet());
        touched.addAll(extraLoad.keySet());
        Map<String, Double> after = new HashMap<>();
        List<SegmentEffect> effects = new ArrayList<>();
        for (String id : touched) {
            Segment segment = network.segment(id).orElseThrow();
            Base base = base(segment);
            Double left = capacityLeft.get(id);
            Cause cause = left == null
                    ? (extraDemand.containsKey(id) ? Cause.DETOUR : Cause.QUEUE)
                    : left <= 0 ? Cause.CLOSED : Cause.INCIDENT;
            CongestionLevel before = Congestion.level(base.speedKph(), segment.speedLimitKph(), thresholds);
            if (cause == Cause.CLOSED) {
                effects.add(new SegmentEffect(
                        id,
                        segment.name(),
                        cause,
                        before,
                        CongestionLevel.STOPPED,
                        round(base.speedKph()),
                        null,
                        round(base.travelTime()),
                        null,
                        null));
                continue;
            }
            double load = ownLoad(
                            base,
                            kept.getOrDefault(id, 1.0),
                            left == null ? 1.0 : left,
                            extraDemand.getOrDefault(id, 0.0))
                    + extraLoad.getOrDefault(id, 0.0);
            double seconds = base.travelTimeAt(load);
            after.put(id, seconds);
            if (Math.abs(seconds - base.travelTime()) <= WhatIfRules.REPORTED_CHANGE * base.travelTime()) {
                continue;
            }
            double speed = segment.lengthMeters() / seconds * 3.6;
            effects.add(new SegmentEffect(
                    id,
                    segment.name(),
                    cause,
                    before,
                    Congestion.level(speed, segment.speedLimitKph(), thresholds),
                    round(base.speedKph()),
                    round(speed),
                    round(base.travelTime()),
                    round(seconds),
                    round(seconds - base.travelTime())));
        }
        effects.sort(Comparator.comparing((SegmentEffect e) -> e.cause() != Cause.CLOSED)
                .thenComparing(e -> -Math.abs(e.changeSeconds() == null ? 0 : e.changeSeconds()))
                .thenComparing(SegmentEffect::segmentId));

        List<TripEffect> trips = new ArrayList<>();
        for (String id : capacityLeft.keySet()) {
            Segment segment = network.segment(id).orElseThrow();
            Double direct = after.get(id);
            List<Segment> detour = detours.get(id);
            Double viaDetour = detour.isEmpty()
                    ? null
                    : detour.stream()
                            .mapToDouble(s -> after.getOrDefault(s.id(), base(s).travelTime()))
                            .sum();
            boolean takeDetour = direct == null || viaDetour != null && viaDetour < direct;
            Double seconds = takeDetour ? viaDetour : direct;
            double beforeSeconds = base(segment).travelTime();
            trips.add(new TripEffect(
                    id,
                    segment.fromNode(),
                    segment.toNode(),
                    round(beforeSeconds),
                    seconds == null ? null : round(seconds),
                    seconds == null ? null : round(seconds - beforeSeconds),
                    round(diverted.get(id)),
                    seconds == null
                            ? List.of()
                            : takeDetour ? detour.stream().map(Segment::id).toList() : List.of(id)));
        }
        return new WhatIfAnswer(
                start,
                start + q.durationMinutes() * 60_000L,
                WhatIfAnswer.METHOD,
                forecastUsed ? "forecast" : "live",
                effects,
                trips);
    }

    /** Load ratio on a segment: the demand that stays on it and what detours bring, over the capacity it has left. */
    private static double ownLoad(Base base, double keptShare, double capacityLeft, double extraVehPerHour) {
        return (base.demandVehPerHour() * keptShare + extraVehPerHour)
                / (base.capacityVehPerHour() * Math.max(0.05, capacityLeft));
    }

    /** The share of the obstructed segment's traffic that moves to the detour until both take equally long. */
    private double equalizingShare(
            Base base, double capacityLeft, List<Segment> detour, Map<String, Double> extraDemand) {
        Function<Double, Double> gap = share -> base.travelTimeAt(ownLoad(base, 1 - share, capacityLeft, 0))
                - detourSeconds(detour, extraDemand, base.demandVehPerHour() * share);
        if (gap.apply(0.0) <= 0) {
            return 0;
        }
        if (gap.apply(1.0) >= 0) {
            return 1;
        }
        double low = 0;
        double high = 1;
        for (int i = 0; i < BISECTION_STEPS; i++) {
            double mid = (low + high) / 2;
            if (gap.apply(mid) > 0) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return (low + high) / 2;
    }

    private double detourSeconds(List<Segment> detour, Map<String, Double> extraDemand, double moved) {
        double seconds = 0;
        for (Segment s : detour) {
            Base b = base(s);
            seconds += b.travelTimeAt(ownLoad(b, 1, 1, extraDemand.getOrDefault(s.id(), 0.0) + moved));
        }
        return seconds;
    }

    /** The fastest path between the segment's junctions without it and the closed segments, over the expected times; empty if none. */
    private List<Segment> detour(Segment segment, Set<String> closed) {
        Set<String> avoid = new LinkedHashSet<>(closed);
        avoid.add(segment.id());
        RouteAnswer route = RoutePlanner.answer(
                new RouteQuestion(
                        "what-if-" + segment.id(), segment.fromNode(), segment.toNode(), start, List.copyOf(avoid), 0),
                start,
                conditions);
        if (route.status() != RouteStatus.OK) {
            return List.of();
        }
        return route.segmentIds().stream()
                .map(id -> conditions.network().segment(id).orElseThrow())
                .toList();
    }

    private Base base(Segment segment) {
        return bases.computeIfAbsent(segment.id(), id -> {
            double expected = conditions.predicted().secondsAt(segment, start);
            double live = conditions.live().secondsAt(segment, start);
            forecastUsed |= expected != live;
            double freeFlow = segment.freeFlowTravelTimeSeconds();
            double seconds = expected;
            double capacity = segment.lanes() * CongestionModel.LANE_CAPACITY_VEH_PER_HOUR;
            SegmentState state = mirror.apply(id);
            boolean flowKnown = state != null
                    && state.getCongestion() != CongestionLevel.UNKNOWN
                    && state.getFlowVehPerHour() != null;
            double flow = flowKnown ? state.getFlowVehPerHour() : 0;
            double speedRatio = freeFlow / seconds;
            // Near free flow the BPR curve is flat: a few percent of speed (a road's own free speed is not its
            // limit) read as most of its capacity. There the measured flow tells the load; on the steep part, the
            // speed.
            double read = flowKnown && speedRatio >= WhatIfRules.FLAT_SPEED_RATIO
                    ? flow / capacity
                    : Math.max(CongestionModel.loadRatioAt(speedRatio), flow / capacity);
            double load = Math.min(WhatIfRules.MAX_DEMAND_LOAD, read);
            return new Base(segment, seconds, segment.lengthMeters() / seconds * 3.6, load, load * capacity, capacity);
        });
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
