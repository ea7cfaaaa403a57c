package io.roadmirror.advisories;

import io.roadmirror.model.AdvisoryKind;
import io.roadmirror.model.AdvisorySeverity;
import java.util.List;

/**
 * What the advisory topology remembers per segment: the condition it last advised about (null when
 * none is active), when, and with which detour time — enough to suppress repeats and to clear.
 *
 * @param detourSeconds travel time of the last advised detour, or null when there was none
 */
public record AdvisoryMemory(
        AdvisoryKind kind,
        AdvisorySeverity severity,
        List<String> incidentIds,
        long issuedEventTime,
        Double detourSeconds) {

    public AdvisoryMemory {
        incidentIds = List.copyOf(incidentIds);
    }

    public static AdvisoryMemory of(Condition condition, long eventTime, Double detourSeconds) {
        return new AdvisoryMemory(
                condition.kind(), condition.severity(), condition.incidentIds(), eventTime, detourSeconds);
    }
}
