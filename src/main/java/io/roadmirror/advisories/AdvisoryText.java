package io.roadmirror.advisories;

import io.roadmirror.model.AdvisoryKind;
import io.roadmirror.model.CongestionLevel;
import io.roadmirror.network.Segment;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** The one human sentence of an advisory. */
public final class AdvisoryText {
    private AdvisoryText() {}

    public static String raised(
            Segment segment,
            Condition condition,
            String incidentWhat,
            Double speedKph,
            RoutingGraph.Route detour,
            Double currentSeconds,
            Function<String, String> nameOf) {
        String situation = switch (condition.kind()) {
            case CLOSURE -> segment.name() + " is closed";
            case INCIDENT -> incidentWhat + " on " + segment.name();
            default ->
                (condition.severity() == io.roadmirror.model.AdvisorySeverity.CRITICAL
                                ? "Stopped traffic"
                                : "Congestion")
                        + " on " + segment.name()
                        + (speedKph == null ? "" : String.format(Locale.ROOT, " (%.0f km/h)", speedKph));
        };
        if (detour == null) {
            return situation + "; no detour avoids it.";
        }
        String via = "detour via " + String.join(", ", roadNames(detour.segmentIds(), nameOf));
        String time = " (" + minutes(detour.travelTimeSeconds()) + ")";
        if (currentSeconds == null) {
            return situation + "; " + via + time + ".";
        }
        double saved = currentSeconds - detour.travelTimeSeconds();
        String gain = saved >= 30
                ? ", saves " + minutes(saved)
                : saved <= -30 ? ", " + minutes(-saved) + " slower than staying" : ", about as fast as staying";
        return situation + "; " + via + time + gain + ".";
    }

    public static String hotspot(Segment segment, int incidents, long windowHours) {
        return segment.name() + " is accident-prone: " + incidents + " incident" + (incidents == 1 ? "" : "s")
                + " in the last " + windowHours + " h; drive with care.";
    }

    public static String cleared(Segment segment, AdvisoryKind endedKind, CongestionLevel congestion) {
        String what = switch (endedKind) {
            case CLOSURE -> "reopened";
            case INCIDENT -> "clear of incidents";
            default -> "flowing again";
        };
        return segment.name() + " is " + what
                + (congestion == CongestionLevel.UNKNOWN
                        ? "."
                        : " (" + congestion.name().toLowerCase(Locale.ROOT).replace('_', ' ') + ").");
    }

    static String incidentName(io.roadmirror.model.IncidentType type) {
        return switch (type) {
            case CRASH -> "Crash";
            case STALLED_VEHICLE -> "Stalled vehicle";
            case ROADWORK -> "Roadwork";
            case HAZARD -> "Hazard";
            case WEATHER -> "Weather hazard";
            case CLOSURE -> "Closure";
        };
    }

    /** Distinct road names along a path, in order, consecutive repeats collapsed, at most three. */
    static List<String> roadNames(List<String> segmentIds, Function<String, String> nameOf) {
        List<String> names = new ArrayList<>();
        for (String id : segmentIds) {
            String name = nameOf.apply(id);
            if (names.isEmpty() || !names.get(names.size() - 1).equals(name)) {
                names.add(name);
            }
        }
        if (names.size() > 3) {
            List<String> shortList = new ArrayList<>(names.subList(0, 3));
            shortList.add("...");
            return shortList;
        }
        return names;
    }

    static String minutes(double seconds) {
        if (seconds < 120) {
            return Math.round(seconds) + " s";
        }
        return Math.round(seconds / 60) + " min";
    }
}
