package io.roadmirror.advisories;

import io.roadmirror.model.AdvisoryKind;
import io.roadmirror.model.AdvisorySeverity;
import java.util.Optional;

/**
 * One record per change, never a flood (DESIGN.md "Advisories"). Given what was last advised on a
 * segment and its condition now:
 * <ul>
 *   <li>a condition where none was active is RAISED;</li>
 *   <li>another kind, or a higher severity (WARNING to CRITICAL), is RAISED at once;</li>
 *   <li>a lower severity within the repeat window is not news yet: traffic hovering at the
 *       STOPPED/CONGESTED boundary must not flip a crash's advisory every few seconds;</li>
 *   <li>the same kind and severity within the repeat window (60 s of event time) is RAISED only
 *       if the detour's travel time moved by more than the change ratio (20 %);</li>
 *   <li>after the window, it is RAISED if the detour moved that much or the incidents changed;</li>
 *   <li>otherwise NOTHING new is said; no condition where one was active is CLEARED.</li>
 * </ul>
 * The processor acts on this decision as it is: what is tested here is what runs.
 */
public final class AdvisoryPolicy {
    private AdvisoryPolicy() {}

    public enum Decision {
        RAISE,
        CLEAR,
        NOTHING
    }

    public static Decision decide(
            AdvisoryMemory last,
            Optional<Condition> now,
            long eventTime,
            Double detourSeconds,
            AdvisoryThresholds rules) {
        if (now.isEmpty()) {
            return last == null ? Decision.NOTHING : Decision.CLEAR;
        }
        if (last == null) {
            return Decision.RAISE;
        }
        Condition c = now.get();
        boolean detourMoved = detourChanged(last.detourSeconds(), detourSeconds, rules.detourChangeRatio());
        boolean withinWindow =
                eventTime - last.issuedEventTime() < rules.repeatWindow().toMillis();
        if (c.kind() != last.kind() || c.severity().compareTo(last.severity()) > 0) {
            return Decision.RAISE;
        }
        if (c.severity() != last.severity()) {
            return withinWindow ? Decision.NOTHING : Decision.RAISE;
        }
        boolean sameIncidents = c.incidentIds().equals(last.incidentIds());
        if (withinWindow) {
            return detourMoved ? Decision.RAISE : Decision.NOTHING;
        }
        return detourMoved || !sameIncidents ? Decision.RAISE : Decision.NOTHING;
    }

    /**
     * What a CLEARED advisory says: the condition advised last has ended (INFO), about the incidents
     * that advisory named, so a subscriber can retire it.
     */
    public static Condition clearing(AdvisoryMemory last) {
        return new Condition(AdvisoryKind.CLEARED, AdvisorySeverity.INFO, last.incidentIds());
    }

    static boolean detourChanged(Double before, Double now, double ratio) {
        if (before == null || now == null) {
            return (before == null) != (now == null);
        }
        if (before == 0) {
            return now != 0;
        }
        return Math.abs(now - before) / before > ratio;
    }
}
