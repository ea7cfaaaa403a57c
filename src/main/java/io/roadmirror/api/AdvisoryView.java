package io.roadmirror.api;

import io.roadmirror.model.Detour;
import io.roadmirror.model.RoutingAdvisory;
import java.util.List;

/** A routing advisory as the API shows it (the fields of the contract's RoutingAdvisory). */
public record AdvisoryView(
        String advisoryId,
        String segmentId,
        String kind,
        String severity,
        String eventTime,
        String issuedAt,
        String congestion,
        List<String> incidentIds,
        String message,
        DetourView detour,
        List<String> approachSegmentIds,
        String validUntil) {

    /** The fastest way around the segment; the travel times are seconds. */
    public record DetourView(
            List<String> segmentIds, double travelTimeSeconds, Double currentTravelTimeSeconds, Double savedSeconds) {
        static DetourView of(Detour d) {
            return d == null
                    ? null
                    : new DetourView(
                            List.copyOf(d.getSegmentIds()),
                            d.getTravelTimeSeconds(),
                            d.getCurrentTravelTimeSeconds(),
                            d.getSavedSeconds());
        }
    }

    static AdvisoryView of(RoutingAdvisory a) {
        return new AdvisoryView(
                a.getAdvisoryId(),
                a.getSegmentId(),
                a.getKind().name(),
                a.getSeverity().name(),
                Times.iso(a.getEventTime()),
                Times.iso(a.getIssuedAt()),
                a.getCongestion().name(),
                List.copyOf(a.getIncidentIds()),
                a.getMessage(),
                DetourView.of(a.getDetour()),
                List.copyOf(a.getApproachSegmentIds()),
                Times.iso(a.getValidUntil()));
    }
}
