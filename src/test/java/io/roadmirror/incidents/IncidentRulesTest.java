package io.roadmirror.incidents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.model.IncidentReport;
import io.roadmirror.model.IncidentSource;
import io.roadmirror.model.IncidentStatus;
import io.roadmirror.model.IncidentType;
import io.roadmirror.model.VehiclePosition;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Incident de-duplication and the stopped-vehicle rules as plain Java. */
class IncidentRulesTest {
    private static final DetectorThresholds RULES = DetectorThresholds.DEFAULTS;

    private static IncidentReport report(IncidentStatus status, long seconds, int severity) {
        return new IncidentReport(
                "i1",
                "A-B",
                Instant.ofEpochSecond(seconds),
                IncidentType.CRASH,
                severity,
                status,
                IncidentSource.CROWD,
                null);
    }

    private static VehiclePosition at(long seconds, double speed, double offset) {
        return new VehiclePosition("v1", "A-B", Instant.ofEpochSecond(seconds), speed, offset, 1);
    }

    @Test
    void lifecycleOpensUpdatesClearsAndIgnoresRepeats() {
        IncidentLifecycle.Outcome opened = IncidentLifecycle.apply(null, report(IncidentStatus.OPEN, 100, 3));
        assertEquals(IncidentChange.Kind.OPENED, opened.change().orElseThrow().kind());
        assertEquals(
                Optional.empty(),
                IncidentLifecycle.apply(opened.state(), report(IncidentStatus.OPEN, 110, 3))
                        .change());
        IncidentLifecycle.Outcome updated =
                IncidentLifecycle.apply(opened.state(), report(IncidentStatus.OPEN, 120, 5));
        assertEquals(IncidentChange.Kind.UPDATED, updated.change().orElseThrow().kind());
        assertEquals(5, updated.state().severity());
        assertEquals(100_000, updated.state().openedAt(), "the opening time stays");
        IncidentLifecycle.Outcome cleared =
                IncidentLifecycle.apply(updated.state(), report(IncidentStatus.CLEARED, 200, 5));
        assertEquals(IncidentChange.Kind.CLEARED, cleared.change().orElseThrow().kind());
        assertFalse(cleared.state().open());
        assertEquals(
                Optional.empty(),
                IncidentLifecycle.apply(cleared.state(), report(IncidentStatus.CLEARED, 210, 5))
                        .change());
        assertEquals(
                Optional.empty(),
                IncidentLifecycle.apply(cleared.state(), report(IncidentStatus.OPEN, 150, 5))
                        .change(),
                "an OPEN from before the clearance is stale");
        assertEquals(
                IncidentChange.Kind.OPENED,
                IncidentLifecycle.apply(cleared.state(), report(IncidentStatus.OPEN, 300, 5))
                        .change()
                        .orElseThrow()
                        .kind(),
                "reopened later");
    }

    @Test
    void aClearanceBeforeItsOpeningArrivesKeepsTheLateOpeningClosed() {
        IncidentLifecycle.Outcome cleared = IncidentLifecycle.apply(null, report(IncidentStatus.CLEARED, 200, 3));
        assertTrue(cleared.change().isEmpty());
        assertEquals(
                Optional.empty(),
                IncidentLifecycle.apply(cleared.state(), report(IncidentStatus.OPEN, 100, 3))
                        .change());
    }

    @Test
    void aVehicleIsStoppedAtTheFourthStillReportAtOnePosition() {
        VehicleTrack track = VehicleTrack.first(at(0, 0, 100), RULES);
        assertFalse(track.stopped());
        VehicleTrack.Step step = track.next(at(30, 0, 104), RULES); // within 10 m
        step = step.track().next(at(60, 0, 100), RULES);
        assertEquals(VehicleTrack.Transition.NONE, step.transition());
        step = step.track().next(at(90, 0, 101), RULES);
        assertEquals(VehicleTrack.Transition.STOPPED, step.transition());
        assertEquals(100, step.track().offsetMeters(), "the position where the run started");
        step = step.track().next(at(120, 0, 100), RULES);
        assertEquals(VehicleTrack.Transition.NONE, step.transition(), "still stopped: nothing new");
        step = step.track().next(at(150, 12, 130), RULES);
        assertEquals(VehicleTrack.Transition.MOVED, step.transition());
        assertEquals(100, step.before().offsetMeters());
        assertNull(step.track().next(at(150, 0, 130), RULES), "a duplicate is ignored");
    }

    @Test
    void aVehicleThatStopsJustAfterAMovingReportIsAnchoredWhereItStopped() {
        VehicleTrack track = VehicleTrack.first(at(0, 30, 243), RULES); // still moving, 7 m before it stops
        VehicleTrack.Step step = track.next(at(30, 0, 250), RULES);
        assertEquals(250, step.track().offsetMeters(), "the moving report is not where the vehicle stands");
        assertEquals(1, step.track().zeroReports());
    }

    @Test
    void aStillVehicleThatJumpsPositionStartsCountingAgain() {
        VehicleTrack track = VehicleTrack.first(at(0, 0, 100), RULES);
        VehicleTrack.Step step = track.next(at(30, 0, 100), RULES).track().next(at(60, 0, 100), RULES);
        step = step.track().next(at(90, 0, 200), RULES);
        assertEquals(1, step.track().zeroReports());
        assertFalse(step.track().stopped());
    }

    @Test
    void twoStoppedVehiclesAtOnePositionAreACrashUntilOneMoves() {
        SegmentStops stops = SegmentStops.empty("A-B");
        SegmentStops.Step s1 = stops.apply(new VehicleStop("v1", "A-B", 100, true, 1000), RULES);
        assertTrue(s1.change().isEmpty());
        SegmentStops.Step s2 = s1.stops().apply(new VehicleStop("v2", "A-B", 108, true, 2000), RULES);
        SegmentStops.CrashChange opened = s2.change().orElseThrow();
        assertTrue(opened.opened());
        assertEquals("det-A-B-2000", opened.crash().incidentId());
        SegmentStops.Step s3 = s2.stops().apply(new VehicleStop("v3", "A-B", 103, true, 3000), RULES);
        assertTrue(s3.change().isEmpty(), "a third vehicle joins the same crash");
        SegmentStops.Step s4 = s3.stops().apply(new VehicleStop("v1", "A-B", 100, false, 4000), RULES);
        assertTrue(s4.change().isEmpty(), "two still there");
        SegmentStops.Step s5 = s4.stops().apply(new VehicleStop("v2", "A-B", 108, false, 5000), RULES);
        assertFalse(s5.change().orElseThrow().opened());
        assertEquals("det-A-B-2000", s5.change().orElseThrow().crash().incidentId());
    }
}
