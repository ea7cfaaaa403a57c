package io.roadmirror.api;

import io.roadmirror.routes.RouteAnswer;
import java.util.List;

/** A route as the API answers it: the fields of the contract's RouteResponse, times as ISO-8601, travel times in seconds. */
public record RouteView(
        String requestId,
        String status,
        String detail,
        List<String> segmentIds,
        String departAt,
        String arriveAt,
        Double travelTimeSeconds,
        Double liveTravelTimeSeconds,
        Double freeFlowTravelTimeSeconds,
        List<String> avoidedIncidentIds,
        List<OptionView> alternatives,
        String answeredAt) {

    public record OptionView(List<String> segmentIds, double travelTimeSeconds) {}

    static RouteView of(RouteAnswer a, long answeredAt) {
        return new RouteView(
                a.requestId(),
                a.status().name(),
                a.detail(),
                a.segmentIds(),
                Times.iso(a.departAt()),
                Times.iso(a.arriveAt()),
                a.travelTimeSeconds(),
                a.liveTravelTimeSeconds(),
                a.freeFlowTravelTimeSeconds(),
                a.avoidedIncidentIds(),
                a.alternatives().stream()
                        .map(o -> new OptionView(o.segmentIds(), o.travelTimeSeconds()))
                        .toList(),
                Times.iso(answeredAt));
    }
}
