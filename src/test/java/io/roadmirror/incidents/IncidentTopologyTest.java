package io.roadmirror.incidents;

import static io.roadmirror.testing.TestRecords.T0;
import static io.roadmirror.testing.TestRecords.cleared;
import static io.roadmirror.testing.TestRecords.open;
import static io.roadmirror.testing.TestRecords.position;
import static io.roadmirror.testing.TestRecords.reading;
import static io.roadmirror.testing.TestRecords.sec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.model.IncidentReport;
import io.roadmirror.model.IncidentSource;
import io.roadmirror.model.IncidentStatus;
import io.roadmirror.model.IncidentType;
import io.roadmirror.model.SegmentState;
import io.roadmirror.testing.PipelineTestDriver;
import io.roadmirror.testing.TestNetworks;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Incident de-duplication and the stopped-vehicle crash detector (DESIGN.md "Incidents"). */
class IncidentTopologyTest {
    private PipelineTestDriver ttd;

    @BeforeEach
    void start() {
        ttd = new PipelineTestDriver(TestNetworks.triangle(), T0);
    }

    @AfterEach
    void stop() {
        ttd.close();
    }

    private void report(String vehicle, long second, double speed, double offset) {
        ttd.positions.pipeInput(vehicle, position(vehicle, "A-B", sec(second), speed, offset), sec(second));
    }

    /** What the pipeline itself wrote to incident.reports (the test's own inputs are not read back). */
    private List<IncidentReport> detected() {
        return ttd.incidentReportsOut.readValuesToList().stream()
                .filter(r -> r.getSource() == IncidentSource.DETECTED)
                .toList();
    }

    @Test
    void twoVehiclesStoppedAtOnePositionForFourReportsAreADetectedCrash() {
        for (int i = 0; i < 3; i++) {
            report("v1", i * 30L, 0, 300.0);
            report("v2", i * 30L + 5, 0, 302.5); // within the 10 m tolerance
        }
        report("v1", 90, 0, 300.0);
        assertTrue(detected().isEmpty(), "one stopped vehicle is no crash");

        report("v2", 95, 0, 302.5); // the 4th report of the second vehicle

        List<IncidentReport> crashes = detected();
        assertEquals(1, crashes.size());
        IncidentReport crash = crashes.get(0);
        assertEquals("det-A-B-" + sec(95).toEpochMilli(), crash.getIncidentId(), "a stable id from segment and time");
        assertEquals(IncidentType.CRASH, crash.getType());
        assertEquals(IncidentStatus.OPEN, crash.getStatus());
        assertEquals(sec(95), crash.getEventTime());
        assertEquals("A-B", crash.getSegmentId());
        assertTrue(crash.getDescription().contains("v1, v2"), crash.getDescription());
    }

    @Test
    void theDetectedCrashReachesTheMirrorAsAnOpenIncident() {
        for (int i = 0; i < 4; i++) {
            report("v1", i * 30L, 0, 300.0);
            report("v2", i * 30L + 5, 0, 300.0);
        }
        List<KeyValue<String, SegmentState>> states = ttd.mirror.readKeyValuesToList();
        SegmentState last = states.get(states.size() - 1).value;
        assertEquals(List.of("det-A-B-" + sec(95).toEpochMilli()), last.getOpenIncidentIds());
        assertEquals(
                sec(95),
                last.getAsOf(),
                "the crash is on the segment as of the report that completed it, not a loop later");
    }

    @Test
    void theCrashClearsWhenTheVehiclesMove() {
        for (int i = 0; i < 4; i++) {
            report("v1", i * 30L, 0, 300.0);
            report("v2", i * 30L + 5, 0, 300.0);
        }
        assertEquals(1, detected().size());
        report("v1", 120, 18, 320.0);

        List<IncidentReport> after = detected();
        assertEquals(1, after.size());
        assertEquals(IncidentStatus.CLEARED, after.get(0).getStatus());
        assertEquals("det-A-B-" + sec(95).toEpochMilli(), after.get(0).getIncidentId(), "the same id clears it");
    }

    @Test
    void vehiclesStoppedAtDifferentPositionsAreNoCrash() {
        for (int i = 0; i < 5; i++) {
            report("v1", i * 30L, 0, 100.0);
            report("v2", i * 30L + 5, 0, 400.0); // a queue, not a pile-up
        }
        assertTrue(detected().isEmpty());
    }

    @Test
    void aVehicleThatCreepsIsNotStopped() {
        for (int i = 0; i < 5; i++) {
            report("v1", i * 30L, i == 2 ? 3 : 0, 300.0);
            report("v2", i * 30L + 5, 0, 300.0);
        }
        assertTrue(detected().isEmpty(), "v1's run of zeros was broken at the third report");
    }

    @Test
    void aRepeatedOperatorReportOpensTheIncidentOnceAndClearedClosesIt() {
        ttd.readings.pipeInput("s1", reading("s1", "A-B", sec(0), 40.0), sec(0));
        ttd.incidents.pipeInput("op-1", open("op-1", "A-B", sec(10), IncidentType.ROADWORK, 2), sec(10));
        ttd.incidents.pipeInput("op-1", open("op-1", "A-B", sec(20), IncidentType.ROADWORK, 2), sec(20));
        ttd.incidents.pipeInput("op-1", open("op-1", "A-B", sec(10), IncidentType.ROADWORK, 2), sec(10));
        List<SegmentState> states = ttd.mirror.readValuesToList();
        assertEquals(2, states.size(), "the first reading, then the opening; repeats change nothing");
        assertEquals(List.of("op-1"), states.get(1).getOpenIncidentIds());

        ttd.incidents.pipeInput("op-1", cleared("op-1", "A-B", sec(30)), sec(30));
        assertEquals(List.of(), ttd.mirror.readValuesToList().get(0).getOpenIncidentIds());
    }

    @Test
    void aClearanceOlderThanTheOpeningDoesNotCloseIt() {
        ttd.incidents.pipeInput("op-2", open("op-2", "A-B", sec(100), IncidentType.HAZARD, 3), sec(100));
        ttd.incidents.pipeInput("op-2", cleared("op-2", "A-B", sec(50)), sec(50));
        List<SegmentState> states = ttd.mirror.readValuesToList();
        assertEquals(List.of("op-2"), states.get(states.size() - 1).getOpenIncidentIds());
    }
}
