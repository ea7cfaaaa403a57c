package io.roadmirror.routes;

import io.roadmirror.model.RouteOption;
import io.roadmirror.model.RouteResponse;
import io.roadmirror.model.RouteStatus;
import java.time.Instant;
import java.util.List;

/**
 * The answer to a {@link RouteQuestion} in plain form (the contract's RouteResponse without its
 * wall-clock {@code answeredAt}). Travel times in seconds, rounded to 0.1 s; times epoch milliseconds.
 */
public record RouteAnswer(
        String requestId,
        RouteStatus status,
        String detail,
        List<String> segmentIds,
        long departAt,
        Long arriveAt,
        Double travelTimeSeconds,
        Double liveTravelTimeSeconds,
        Double freeFlowTravelTimeSeconds,
        List<String> avoidedIncidentIds,
        List<Option> alternatives) {

    /** An alternative route and its predicted travel time. */
    public record Option(List<String> segmentIds, double travelTimeSeconds) {
        public Option {
            segmentIds = List.copyOf(segmentIds);
        }
    }

    public RouteAnswer {
        segmentIds = List.copyOf(segmentIds);
        avoidedIncidentIds = List.copyOf(avoidedIncidentIds);
        alternatives = List.copyOf(alternatives);
    }

    /** An answer without a route: INVALID, UNKNOWN_NODE or NO_ROUTE, with the reason. */
    static RouteAnswer refused(
            String requestId, RouteStatus status, String detail, long departAt, List<String> avoidedIncidentIds) {
        return new RouteAnswer(
                requestId, status, detail, List.of(), departAt, null, null, null, null, avoidedIncidentIds, List.of());
    }

    public RouteResponse toAvro(long answeredAtMs) {
        return RouteResponse.newBuilder()
                .setRequestId(requestId == null ? "" : requestId)
                .setStatus(status)
                .setDetail(detail)
                .setSegmentIds(segmentIds)
                .setDepartAt(Instant.ofEpochMilli(departAt))
                .setArriveAt(arriveAt == null ? null : Instant.ofEpochMilli(arriveAt))
                .setTravelTimeSeconds(travelTimeSeconds)
                .setLiveTravelTimeSeconds(liveTravelTimeSeconds)
                .setFreeFlowTravelTimeSeconds(freeFlowTravelTimeSeconds)
                .setAvoidedIncidentIds(avoidedIncidentIds)
                .setAlternatives(alternatives.stream()
                        .map(o -> new RouteOption(o.segmentIds(), o.travelTimeSeconds()))
                        .toList())
                .setAnsweredAt(Instant.ofEpochMilli(answeredAtMs))
                .build();
    }
}
