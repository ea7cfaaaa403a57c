package io.roadmirror.advisories;

import io.roadmirror.mirror.OpenIncident;
import io.roadmirror.model.AdvisoryKind;
import io.roadmirror.model.AdvisorySeverity;
import io.roadmirror.model.CongestionLevel;
import io.roadmirror.model.IncidentType;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A condition of a segment that warrants an advisory with a detour: an open CLOSURE, an open
 * incident of at least the minimum severity, or CONGESTED/STOPPED traffic — the most serious wins.
 * Severity: a closure, STOPPED traffic or an incident of severity 5 is CRITICAL, else WARNING.
 */
public record Condition(AdvisoryKind kind, AdvisorySeverity severity, List<String> incidentIds) {

    public Condition {
        incidentIds = List.copyOf(incidentIds);
    }

    public boolean isClosure() {
        return kind == AdvisoryKind.CLOSURE;
    }

    public static Optional<Condition> of(
            CongestionLevel congestion, Collection<OpenIncident> open, AdvisoryThresholds rules) {
        List<String> closures = open.stream()
                .filter(i -> i.type() == IncidentType.CLOSURE)
                .map(OpenIncident::incidentId)
                .sorted()
                .toList();
        if (!closures.isEmpty()) {
            return Optional.of(new Condition(AdvisoryKind.CLOSURE, AdvisorySeverity.CRITICAL, closures));
        }
        List<OpenIncident> serious = open.stream()
                .filter(i -> i.severity() >= rules.minIncidentSeverity())
                .toList();
        boolean stopped = congestion == CongestionLevel.STOPPED;
        if (!serious.isEmpty()) {
            boolean critical = stopped || serious.stream().anyMatch(i -> i.severity() >= 5);
            return Optional.of(new Condition(
                    AdvisoryKind.INCIDENT,
                    critical ? AdvisorySeverity.CRITICAL : AdvisorySeverity.WARNING,
                    serious.stream().map(OpenIncident::incidentId).sorted().toList()));
        }
        if (stopped || congestion == CongestionLevel.CONGESTED) {
            return Optional.of(new Condition(
                    AdvisoryKind.CONGESTION,
                    stopped ? AdvisorySeverity.CRITICAL : AdvisorySeverity.WARNING,
                    open.stream().map(OpenIncident::incidentId).sorted().toList()));
        }
        return Optional.empty();
    }
}
