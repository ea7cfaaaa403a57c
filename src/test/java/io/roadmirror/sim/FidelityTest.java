package io.roadmirror.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.roadmirror.model.AdvisoryKind;
import io.roadmirror.model.AdvisorySeverity;
import io.roadmirror.model.CongestionLevel;
import io.roadmirror.model.Detour;
import io.roadmirror.model.IncidentReport;
import io.roadmirror.model.IncidentSource;
import io.roadmirror.model.IncidentStatus;
import io.roadmirror.model.IncidentType;
import io.roadmirror.model.RoutingAdvisory;
import io.roadmirror.model.SegmentState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FidelityTest {
    private static final long T = 1_800_000_000_000L;

    private static SegmentState state(String segment, long asOf, Double speed) {
        return new SegmentState(
                segment,
                Instant.ofEpochMilli(asOf),
                speed == null ? CongestionLevel.UNKNOWN : CongestionLevel.FREE_FLOW,
                speed,
                null,
                null,
                60.0,
                60.0,
                1,
                0,
                List.of(),
                null);
    }

    private static RoutingAdvisory advisory(String segment, long time, List<String> detour) {
        return new RoutingAdvisory(
                "a",
                segment,
                AdvisoryKind.INCIDENT,
                AdvisorySeverity.WARNING,
                Instant.ofEpochMilli(time),
                Instant.ofEpochMilli(time),
                CongestionLevel.CONGESTED,
                List.of(),
                "m",
                detour == null ? null : new Detour(detour, 1.0, 2.0, 1.0),
                List.of(),
                null);
    }

    @Test
    void judgesSpeedsDetectionsAdvisoriesAndDetours() {
        Fidelity.Truth truth = new Fidelity.Truth(
                Map.of("s1", List.of(new long[] {T, 500}, new long[] {T + 60_000, 400}, new long[] {T + 120_000, 300})),
                List.of(
                        new TrueIncident("c1", "s1", IncidentType.CRASH, 3, T, T + 600_000, null, 0, 0),
                        new TrueIncident("c2", "s2", IncidentType.CRASH, 3, T, T + 600_000, null, 0, 0)),
                T + 40 * 60_000);
        List<SegmentState> mirror = List.of(
                state("s1", T + 30_000, 48.0),
                state("s1", T + 90_000, 43.0),
                state("s1", T + 150_000, null),
                state("s9", T + 40 * 60_000, 50.0)); // the mirror kept up to the end
        List<IncidentReport> reports = List.of(
                new IncidentReport(
                        "d1",
                        "s1",
                        Instant.ofEpochMilli(T + 120_000),
                        IncidentType.CRASH,
                        3,
                        IncidentStatus.OPEN,
                        IncidentSource.DETECTED,
                        null),
                new IncidentReport(
                        "d2",
                        "s3",
                        Instant.ofEpochMilli(T + 120_000),
                        IncidentType.CRASH,
                        3,
                        IncidentStatus.OPEN,
                        IncidentSource.DETECTED,
                        null));
        List<RoutingAdvisory> advisories =
                List.of(advisory("s1", T + 90_000, List.of("x", "y")), advisory("s2", T + 30_000, List.of("s2")));

        Fidelity.Report r = Fidelity.judge(truth, mirror, reports, advisories, 0);

        assertEquals(3, r.segmentMinutes());
        assertEquals(2, r.segmentMinutesJudged(), "the third minute's state is UNKNOWN");
        assertEquals(2.5, r.speedMaeKph(), 1e-9, "|48-50| and |43-40|");
        assertEquals(0.5, r.precision(), 1e-9, "d2 is on a segment without a crash");
        assertEquals(0.5, r.recall(), 1e-9, "c2 was not detected");
        assertEquals(2, r.incidentsAdvised());
        assertEquals(30.0, r.medianSecondsToAdvisory(), 1e-9);
        assertEquals(90.0, r.p95SecondsToAdvisory(), 1e-9);
        assertEquals(0.5, r.detourAvoidanceShare(), 1e-9, "one detour ran through its own segment");
    }

    @Test
    void aMirrorThatFellBehindIsJudgedOnlyOnWhatItHadReached() {
        Fidelity.Truth truth = new Fidelity.Truth(
                Map.of(),
                List.of(
                        new TrueIncident("early", "s1", IncidentType.CRASH, 3, T, T + 600_000, null, 0, 0),
                        new TrueIncident(
                                "late", "s2", IncidentType.CRASH, 3, T + 20 * 60_000, T + 30 * 60_000, null, 0, 0)),
                T + 40 * 60_000);
        // The simulator ran 40 minutes, but the pipeline had only published up to minute 12 when the run stopped.
        List<SegmentState> mirror = List.of(state("s1", T + 12 * 60_000, 48.0));
        List<IncidentReport> reports = List.of(new IncidentReport(
                "d1",
                "s1",
                Instant.ofEpochMilli(T + 90_000),
                IncidentType.CRASH,
                3,
                IncidentStatus.OPEN,
                IncidentSource.DETECTED,
                null));

        Fidelity.Report r = Fidelity.judge(truth, mirror, reports, List.of(), 0);

        assertEquals(1, r.crashesJudged(), "the crash at minute 20 lies beyond what the mirror had reached");
        assertEquals(1.0, r.recall(), 1e-9);
    }
}
