package io.roadmirror.routes;

import io.roadmirror.model.RouteRequest;
import java.util.List;

/**
 * A route request in plain form, as asked (nothing checked yet: {@link RoutePlanner} judges it).
 *
 * @param departAt epoch milliseconds, or null for "at the request's time"
 */
public record RouteQuestion(
        String requestId,
        String fromNode,
        String toNode,
        Long departAt,
        List<String> avoidSegmentIds,
        int alternatives) {
    public RouteQuestion {
        avoidSegmentIds = avoidSegmentIds == null
                ? List.of()
                : avoidSegmentIds.stream().map(id -> id == null ? "" : id).toList();
    }

    /** @param key the record's key, the request id when the value has none */
    public static RouteQuestion of(String key, RouteRequest request) {
        if (request == null) {
            return new RouteQuestion(key, null, null, null, List.of(), 0);
        }
        String id = request.getRequestId() == null || request.getRequestId().isEmpty() ? key : request.getRequestId();
        return new RouteQuestion(
                id,
                request.getFromNode(),
                request.getToNode(),
                request.getDepartAt() == null ? null : request.getDepartAt().toEpochMilli(),
                request.getAvoidSegmentIds(),
                request.getAlternatives());
    }
}
