package io.roadmirror.routes;

import io.roadmirror.mirror.OpenIncident;
import io.roadmirror.model.IncidentType;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * The rules of routes on request (DESIGN.md "v2 topics"): what blocks a segment, what a request
 * may ask, and what makes an alternative worth offering.
 */
public final class RouteRules {
    /** An open incident of this severity or more closes a segment to routes (as it raises an advisory). */
    public static final int MIN_BLOCKING_SEVERITY = 3;

    public static final int MAX_ALTERNATIVES = 3;
    /** Ids, as every input's (DESIGN.md "Limits on input"). */
    public static final int MAX_ID_LENGTH = 128;

    public static final int MAX_AVOIDED_SEGMENTS = 1000;
    /** departAt within this of the request's time: forecasts reach 30 minutes, a day is generous. */
    public static final Duration MAX_DEPART_OFFSET = Duration.ofHours(24);
    /** An alternative at most this much slower than the fastest route ... */
    public static final double MAX_ALTERNATIVE_STRETCH = 1.5;
    /** ... sharing at most this share of its length with each route offered before it. */
    public static final double MAX_SHARED_LENGTH = 0.8;
    /** Each search for an alternative makes the segments of the routes found so far this much dearer. */
    static final double PENALTY = 1.4;

    private RouteRules() {}

    /** Whether an open incident closes its segment to routes: a CLOSURE, or severity 3 or more. */
    public static boolean blocks(OpenIncident incident) {
        return incident.type() == IncidentType.CLOSURE || incident.severity() >= MIN_BLOCKING_SEVERITY;
    }

    /** The ids of the open incidents that block the segment, sorted. */
    public static List<String> blockingIds(Collection<OpenIncident> open) {
        return open.stream()
                .filter(RouteRules::blocks)
                .map(OpenIncident::incidentId)
                .sorted()
                .toList();
    }
}
