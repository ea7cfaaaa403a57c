package io.roadmirror.routes;

import io.roadmirror.model.RouteStatus;
import io.roadmirror.network.RoadNetwork;
import io.roadmirror.network.Segment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Routes on request (DESIGN.md "v2 topics"): judges a {@link RouteQuestion} and answers it with a
 * time-dependent fastest path — each segment costs its expected travel time at the moment the trip
 * reaches it ({@link RoadConditions#predicted}) — that uses no segment the question avoids and no
 * segment blocked by an open CLOSURE or an incident of severity 3 or more. Alternatives come from
 * searching again with the segments of the routes found so far made dearer ({@link RouteRules#PENALTY}),
 * keeping a route only if it is at most {@link RouteRules#MAX_ALTERNATIVE_STRETCH} times slower than
 * the fastest and shares at most {@link RouteRules#MAX_SHARED_LENGTH} of its length with each route
 * before it. Every question gets an answer: a bad one INVALID or UNKNOWN_NODE with the reason.
 * Pure: the same question and conditions give the same answer.
 */
public final class RoutePlanner {
    /** A path in driving order with its cost in seconds (real or penalized, as searched). */
    private record Path(List<Segment> segments, double seconds) {
        List<String> ids() {
            return segments.stream().map(Segment::id).toList();
        }

        double length() {
            return segments.stream().mapToDouble(Segment::lengthMeters).sum();
        }
    }

    @FunctionalInterface
    private interface Cost {
        double seconds(Segment segment, long enterAtMs);
    }

    private RoutePlanner() {}

    /**
     * @param requestTimeMs the request's event time: departAt when the question has none, and what
     *                      departAt is judged against
     */
    public static RouteAnswer answer(RouteQuestion q, long requestTimeMs, RoadConditions conditions) {
        long departAt = q.departAt() == null ? requestTimeMs : q.departAt();
        String invalid = invalidity(q, departAt, requestTimeMs);
        if (invalid != null) {
            return RouteAnswer.refused(q.requestId(), RouteStatus.INVALID, invalid, departAt, List.of());
        }
        RoadNetwork network = conditions.network();
        for (String node : List.of(q.fromNode(), q.toNode())) {
            if (network.leaving(node).isEmpty() && network.entering(node).isEmpty()) {
                return RouteAnswer.refused(
                        q.requestId(),
                        RouteStatus.UNKNOWN_NODE,
                        "there is no junction '" + node + "' in the road network",
                        departAt,
                        List.of());
            }
        }
        for (String id : q.avoidSegmentIds()) {
            if (!network.contains(id)) {
                return RouteAnswer.refused(
                        q.requestId(),
                        RouteStatus.INVALID,
                        "avoidSegmentIds: there is no segment '" + id + "' in the road network",
                        departAt,
                        List.of());
            }
        }
        Set<String> avoided = Set.copyOf(q.avoidSegmentIds());
        Map<String, List<String>> blocks = new HashMap<>();
        boolean[] metBlock = {false};
        Predicate<Segment> allowed = s -> !avoided.contains(s.id());
        Predicate<Segment> open = allowed.and(s -> {
            boolean blocked = !blocks.computeIfAbsent(s.id(), conditions::blockingIncidents)
                    .isEmpty();
            metBlock[0] |= blocked;
            return !blocked;
        });
        TravelTimes predicted = conditions.predicted();
        Cost cost = predicted::secondsAt;

        Path best = fastest(network, q.fromNode(), q.toNode(), departAt, open, cost);
        // The search met no blocked segment: without blocks it would have found the same route.
        Path unblocked = metBlock[0] ? fastest(network, q.fromNode(), q.toNode(), departAt, allowed, cost) : best;
        List<String> avoidedIncidents = unblocked == null
                ? List.of()
                : unblocked.segments().stream()
                        .flatMap(s -> blocks.computeIfAbsent(s.id(), conditions::blockingIncidents).stream())
                        .collect(Collectors.toCollection(TreeSet::new))
                        .stream()
                        .toList();
        if (best == null) {
            String why = unblocked == null
                    ? "no road leads from " + q.fromNode() + " to " + q.toNode()
                            + (avoided.isEmpty() ? "" : " without the avoided segments")
                    : "every road from " + q.fromNode() + " to " + q.toNode() + " is closed or blocked by an incident";
            return RouteAnswer.refused(q.requestId(), RouteStatus.NO_ROUTE, why, departAt, avoidedIncidents);
        }
        double seconds = timeAlong(best.segments(), departAt, predicted);
        double live = timeAlong(best.segments(), departAt, conditions.live());
        double freeFlow = timeAlong(best.segments(), departAt, TravelTimes.FREE_FLOW);
        List<RouteAnswer.Option> alternatives = alternatives(network, q, departAt, open, predicted, best, seconds);
        double predictedSeconds = round(seconds);
        return new RouteAnswer(
                q.requestId(),
                RouteStatus.OK,
                null,
                best.ids(),
                departAt,
                departAt + Math.round(predictedSeconds * 1000),
                predictedSeconds,
                round(live),
                round(freeFlow),
                avoidedIncidents,
                alternatives);
    }

    /** What is wrong with the question, or null. */
    static String invalidity(RouteQuestion q, long departAt, long requestTimeMs) {
        String id = checkId("requestId", q.requestId());
        if (id != null) {
            return id;
        }
        String from = checkId("fromNode", q.fromNode());
        if (from != null) {
            return from;
        }
        String to = checkId("toNode", q.toNode());
        if (to != null) {
            return to;
        }
        if (q.fromNode().equals(q.toNode())) {
            return "fromNode and toNode are the same junction ('" + q.fromNode() + "'): there is no trip to route";
        }
        if (q.alternatives() < 0 || q.alternatives() > RouteRules.MAX_ALTERNATIVES) {
            return "alternatives: " + q.alternatives() + " is not from 0 to " + RouteRules.MAX_ALTERNATIVES;
        }
        if (q.avoidSegmentIds().size() > RouteRules.MAX_AVOIDED_SEGMENTS) {
            return "avoidSegmentIds: " + q.avoidSegmentIds().size() + " segments, at most "
                    + RouteRules.MAX_AVOIDED_SEGMENTS;
        }
        for (String avoid : q.avoidSegmentIds()) {
            String bad = checkId("avoidSegmentIds", avoid);
            if (bad != null) {
                return bad;
            }
        }
        if (Math.abs(departAt - requestTimeMs) > RouteRules.MAX_DEPART_OFFSET.toMillis()) {
            return "departAt: " + Instant.ofEpochMilli(departAt) + " is more than "
                    + RouteRules.MAX_DEPART_OFFSET.toHours() + " h from the request's time ("
                    + Instant.ofEpochMilli(requestTimeMs) + ")";
        }
        return null;
    }

    private static String checkId(String field, String value) {
        if (value == null || value.isBlank()) {
            return field + ": must not be empty";
        }
        if (value.length() > RouteRules.MAX_ID_LENGTH) {
            return field + ": " + value.length() + " characters, at most " + RouteRules.MAX_ID_LENGTH;
        }
        return null;
    }

    private static List<RouteAnswer.Option> alternatives(
            RoadNetwork network,
            RouteQuestion q,
            long departAt,
            Predicate<Segment> open,
            TravelTimes predicted,
            Path best,
            double bestSeconds) {
        List<RouteAnswer.Option> options = new ArrayList<>();
        if (q.alternatives() == 0) {
            return options;
        }
        List<Path> offered = new ArrayList<>(List.of(best));
        Map<String, Double> penalty = new HashMap<>();
        Set<List<String>> seen = new HashSet<>(List.of(best.ids()));
        Path last = best;
        for (int attempt = 0; attempt < 4 * q.alternatives() && options.size() < q.alternatives(); attempt++) {
            last.segments().forEach(s -> penalty.merge(s.id(), RouteRules.PENALTY, (a, b) -> a * b));
            Path candidate = fastest(
                    network,
                    q.fromNode(),
                    q.toNode(),
                    departAt,
                    open,
                    (s, t) -> predicted.secondsAt(s, t) * penalty.getOrDefault(s.id(), 1.0));
            if (candidate == null) {
                break;
            }
            last = candidate;
            if (!seen.add(candidate.ids())) {
                continue;
            }
            double seconds = timeAlong(candidate.segments(), departAt, predicted);
            if (seconds > bestSeconds * RouteRules.MAX_ALTERNATIVE_STRETCH) {
                continue;
            }
            if (offered.stream()
                    .allMatch(o -> sharedLength(candidate, o) <= RouteRules.MAX_SHARED_LENGTH * candidate.length())) {
                offered.add(candidate);
                options.add(new RouteAnswer.Option(candidate.ids(), round(seconds)));
            }
        }
        options.sort(Comparator.comparingDouble(RouteAnswer.Option::travelTimeSeconds));
        return options;
    }

    private static double sharedLength(Path a, Path b) {
        Set<String> other = new HashSet<>(b.ids());
        return a.segments().stream()
                .filter(s -> other.contains(s.id()))
                .mapToDouble(Segment::lengthMeters)
                .sum();
    }

    /** Seconds to drive the segments in order from departAt, each at its time when the trip reaches it. */
    static double timeAlong(List<Segment> segments, long departAt, TravelTimes times) {
        double seconds = 0;
        for (Segment s : segments) {
            seconds += times.secondsAt(s, departAt + Math.round(seconds * 1000));
        }
        return seconds;
    }

    /** A label of the search: a junction reached so many seconds after departure. */
    private record Label(String node, double seconds) {}

    private static final Comparator<Label> EARLIEST =
            Comparator.comparingDouble(Label::seconds).thenComparing(Label::node);

    /**
     * Time-dependent Dijkstra: a junction's label is the earliest arrival there, and a segment is
     * costed at that arrival. Exact when costs are FIFO (leaving later never arrives earlier).
     * Null when {@code to} cannot be reached.
     */
    private static Path fastest(
            RoadNetwork network, String from, String to, long departAt, Predicate<Segment> usable, Cost cost) {
        Map<String, Double> arrival = new HashMap<>();
        Map<String, Segment> via = new HashMap<>();
        Set<String> done = new HashSet<>();
        PriorityQueue<Label> queue = new PriorityQueue<>(EARLIEST);
        arrival.put(from, 0.0);
        queue.add(new Label(from, 0.0));
        while (!queue.isEmpty()) {
            Label label = queue.poll();
            if (!done.add(label.node())) {
                continue;
            }
            if (label.node().equals(to)) {
                break;
            }
            for (Segment s : network.leaving(label.node())) {
                if (done.contains(s.toNode()) || !usable.test(s)) {
                    continue;
                }
                double reached = label.seconds() + cost.seconds(s, departAt + Math.round(label.seconds() * 1000));
                Double known = arrival.get(s.toNode());
                if (known == null || reached < known) {
                    arrival.put(s.toNode(), reached);
                    via.put(s.toNode(), s);
                    queue.add(new Label(s.toNode(), reached));
                }
            }
        }
        if (!done.contains(to)) {
            return null;
        }
        List<Segment> path = new ArrayList<>();
        for (String node = to; !node.equals(from); node = via.get(node).fromNode()) {
            path.add(via.get(node));
        }
        Collections.reverse(path);
        return new Path(path, arrival.get(to));
    }

    private static double round(double seconds) {
        return Math.round(seconds * 10) / 10.0;
    }
}
