package io.roadmirror.incidents;

import static io.roadmirror.testing.TestRecords.T0;
import static io.roadmirror.testing.TestRecords.at;
import static io.roadmirror.testing.TestRecords.open;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.config.PipelineSettings;
import io.roadmirror.model.IncidentReport;
import io.roadmirror.model.IncidentSource;
import io.roadmirror.model.IncidentStatus;
import io.roadmirror.model.IncidentType;
import io.roadmirror.testing.PipelineTestDriver;
import io.roadmirror.testing.TestNetworks;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** incident.max-open (DESIGN.md "Incidents"): every OPEN incident ends, even when its source never clears it. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IncidentExpiryTopologyTest {
    private static final Duration MAX_OPEN = Duration.ofHours(12);
    private PipelineTestDriver ttd;

    @BeforeEach
    void start() {
        PipelineSettings defaults = PipelineSettings.defaults();
        assertEquals(MAX_OPEN, defaults.detector().maxOpen(), "the default of incident.max-open");
        ttd = new PipelineTestDriver(defaults, TestNetworks.triangle(), T0);
    }

    @AfterEach
    void stop() {
        ttd.close();
    }

    private void send(IncidentReport report) {
        ttd.incidents.pipeInput(report.getIncidentId(), report, report.getEventTime());
    }

    /** Moves stream time on with another incident on another segment. */
    private void streamTimeTo(Instant time) {
        send(open("clock-" + time.toEpochMilli(), "E-F", time, IncidentType.WEATHER, 1));
    }

    private List<IncidentReport> expiries() {
        return expiries(ttd.incidentReportsOut.readValuesToList());
    }

    private static List<IncidentReport> expiries(List<IncidentReport> reports) {
        return reports.stream()
                .filter(r -> r.getStatus() == IncidentStatus.CLEARED
                        && r.getIncidentId().startsWith("i"))
                .toList();
    }

    @Test
    void anIncidentNothingTouchesForMaxOpenIsClearedByThePipelineAtTheBoundary() {
        IncidentReport crowd = new IncidentReport(
                "i1",
                "A-B",
                at(Duration.ZERO),
                IncidentType.HAZARD,
                2,
                IncidentStatus.OPEN,
                IncidentSource.CROWD,
                "debris");
        send(crowd);
        streamTimeTo(at(MAX_OPEN).minusMillis(1));
        List<IncidentReport> early = expiries(ttd.incidentReportsOut.readValuesAsTheyAre());
        assertTrue(early.isEmpty(), "one millisecond before max-open it is still open: " + early);

        streamTimeTo(at(MAX_OPEN));

        List<IncidentReport> cleared = expiries();
        assertEquals(1, cleared.size());
        IncidentReport expiry = cleared.get(0);
        assertEquals("i1", expiry.getIncidentId());
        assertEquals(IncidentType.HAZARD, expiry.getType(), "same type");
        assertEquals(IncidentSource.CROWD, expiry.getSource(), "same source");
        assertEquals("A-B", expiry.getSegmentId());
        assertEquals(at(MAX_OPEN), expiry.getEventTime());
        assertTrue(expiry.getDescription().contains("expired"), expiry.getDescription());
        assertTrue(ttd.readDeadLetters().isEmpty(), "the expiry passes validation when it flows back in");
    }

    @Test
    void theExpiryFlowsBackAndClearsTheIncidentOnce() {
        send(open("i1", "A-B", at(Duration.ZERO), IncidentType.CRASH, 4));
        streamTimeTo(at(MAX_OPEN));
        assertEquals(1, expiries().size());
        var segment = ttd.mirror.readKeyValuesToList().stream()
                .filter(kv -> kv.key.equals("A-B"))
                .reduce((a, b) -> b)
                .orElseThrow();
        assertTrue(segment.value.getOpenIncidentIds().isEmpty(), "the mirror no longer shows it open");

        streamTimeTo(at(MAX_OPEN.multipliedBy(3)));
        assertTrue(expiries().isEmpty(), "a cleared incident does not expire again");
    }

    @Test
    void aRepeatedOpenReportTouchesTheIncidentAndPostponesItsExpiry() {
        send(open("i1", "A-B", at(Duration.ZERO), IncidentType.ROADWORK, 2));
        send(open("i1", "A-B", at(Duration.ofHours(6)), IncidentType.ROADWORK, 2)); // the same report again, later
        streamTimeTo(at(MAX_OPEN));
        assertTrue(expiries().isEmpty(), "touched at 6 h: open until 18 h");

        streamTimeTo(at(Duration.ofHours(18)));
        List<IncidentReport> cleared = expiries();
        assertEquals(1, cleared.size());
        assertEquals(at(Duration.ofHours(18)), cleared.get(0).getEventTime());
    }

    @Test
    void maxOpenIsConfigurable() {
        ttd.close();
        ttd = new PipelineTestDriver(
                PipelineSettings.defaults()
                        .withDetector(PipelineSettings.defaults().detector().withMaxOpen(Duration.ofHours(1))),
                TestNetworks.triangle(),
                T0);
        send(open("i1", "A-B", at(Duration.ZERO), IncidentType.HAZARD, 1));
        streamTimeTo(at(Duration.ofHours(1)));
        assertEquals(1, expiries().size());
    }
}
