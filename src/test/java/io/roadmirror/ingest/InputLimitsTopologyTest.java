package io.roadmirror.ingest;

import static io.roadmirror.testing.TestRecords.T0;
import static io.roadmirror.testing.TestRecords.sec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.model.IncidentReport;
import io.roadmirror.model.IncidentSource;
import io.roadmirror.model.IncidentStatus;
import io.roadmirror.model.IncidentType;
import io.roadmirror.model.SensorReading;
import io.roadmirror.model.VehiclePosition;
import io.roadmirror.network.NetworkCodec;
import io.roadmirror.network.Segment;
import io.roadmirror.testing.PipelineTestDriver;
import io.roadmirror.testing.TestNetworks;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * DESIGN.md "Limits on input", each at its boundary: exactly at the limit is accepted, one over is
 * an INVALID_VALUE dead letter. A-B is 1,000 m with one lane; W3 (added here) is 400 m with three.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InputLimitsTopologyTest {
    private PipelineTestDriver ttd;

    @BeforeEach
    void start() {
        ttd = new PipelineTestDriver(TestNetworks.triangle(), T0);
        Segment wide = new Segment(
                "W3",
                "Wide Road (W3)",
                "A",
                "W",
                400,
                3,
                80,
                List.of(
                        new io.roadmirror.network.GeoPoint(52.0, 4.0),
                        new io.roadmirror.network.GeoPoint(52.0036, 4.0)));
        ttd.roadNetwork.pipeInput("W3", NetworkCodec.toAvro(wide), T0);
    }

    @AfterEach
    void stop() {
        ttd.close();
    }

    private void accepted(Runnable send) {
        double before = ttd.metrics.deadLetters("INVALID_VALUE");
        send.run();
        List<TestRecord<byte[], byte[]>> letters = ttd.readDeadLetters();
        assertTrue(
                letters.isEmpty(),
                () -> "expected no dead letter, got "
                        + DeadLetters.header(letters.get(0).headers(), DeadLetters.DETAIL));
        assertEquals(before, ttd.metrics.deadLetters("INVALID_VALUE"));
    }

    private void invalid(Runnable send, String detailPart) {
        send.run();
        List<TestRecord<byte[], byte[]>> letters = ttd.readDeadLetters();
        assertEquals(1, letters.size(), "one dead letter");
        assertEquals("INVALID_VALUE", DeadLetters.header(letters.get(0).headers(), DeadLetters.REASON));
        String detail = DeadLetters.header(letters.get(0).headers(), DeadLetters.DETAIL);
        assertTrue(detail.contains(detailPart), detail);
    }

    private void reading(
            String sensorId, String gateway, String segment, Double speed, int count, Double occupancy, int interval) {
        ttd.readings.pipeInput(
                sensorId,
                new SensorReading(sensorId, gateway, segment, sec(0), speed, count, occupancy, interval),
                sec(0));
    }

    private void position(String vehicleId, String segment, double speed, double offset, int lane) {
        ttd.positions.pipeInput(
                vehicleId, new VehiclePosition(vehicleId, segment, sec(0), speed, offset, lane), sec(0));
    }

    private void incident(String id, String description) {
        ttd.incidents.pipeInput(
                id,
                new IncidentReport(
                        id,
                        "A-B",
                        sec(0),
                        IncidentType.HAZARD,
                        2,
                        IncidentStatus.OPEN,
                        IncidentSource.CROWD,
                        description),
                sec(0));
    }

    @Test
    void idsUpTo128Characters() {
        String id128 = "s".repeat(128);
        accepted(() -> reading(id128, "g".repeat(128), "A-B", 50.0, 1, null, 30));
        invalid(() -> reading("s".repeat(129), "gw", "A-B", 50.0, 1, null, 30), "129 characters, more than 128");
        invalid(() -> reading("s1", "g".repeat(129), "A-B", 50.0, 1, null, 30), "129 characters");
        invalid(() -> position("v".repeat(129), "A-B", 10, 5, 1), "129 characters");
        invalid(() -> incident("i".repeat(129), null), "129 characters");
    }

    @Test
    void aMegabyteIdIsInvalidNotAFailure() {
        invalid(() -> reading("s".repeat(1_000_000), "gw", "A-B", 50.0, 1, null, 30), "1000000 characters");
    }

    @Test
    void descriptionsUpTo1000Characters() {
        accepted(() -> incident("i1", "d".repeat(1000)));
        invalid(() -> incident("i2", "d".repeat(1001)), "description has 1001 characters");
    }

    @Test
    void vehicleCountAtMostOnePerHalfSecondPerLane() {
        accepted(() -> reading("s1", "gw", "A-B", 50.0, 60, null, 30));
        invalid(
                () -> reading("s2", "gw", "A-B", 50.0, 61, null, 30),
                "more than 60 vehicles can pass 1 lane(s) in 30 s");
        accepted(() -> reading("s3", "gw", "W3", 50.0, 180, null, 30));
        invalid(() -> reading("s4", "gw", "W3", 50.0, 181, null, 30), "more than 180");
    }

    @Test
    void offsetWithinTheSegmentLengthPlusTenMetres() {
        accepted(() -> position("v1", "A-B", 10, 1010, 1));
        invalid(() -> position("v2", "A-B", 10, 1010.001, 1), "past the end of segment A-B");
        accepted(() -> position("v3", "W3", 10, 410, 1));
        invalid(() -> position("v4", "W3", 10, 411, 1), "past the end of segment W3");
    }

    @Test
    void laneWithinTheSegmentsLanes() {
        accepted(() -> position("v1", "A-B", 10, 5, 1));
        invalid(() -> position("v2", "A-B", 10, 5, 2), "segment A-B has 1 lane(s)");
        accepted(() -> position("v3", "W3", 10, 5, 3));
        invalid(() -> position("v4", "W3", 10, 5, 4), "segment W3 has 3 lane(s)");
    }

    @Test
    void nanAndInfinitiesAreRejectedEverywhere() {
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            invalid(() -> reading("s1", "gw", "A-B", bad, 1, null, 30), "speedKph");
            invalid(() -> reading("s1", "gw", "A-B", 50.0, 1, bad, 30), "occupancyPct");
            invalid(() -> position("v1", "A-B", bad, 5, 1), "speedKph");
            invalid(() -> position("v1", "A-B", 10, bad, 1), "offsetMeters");
        }
    }
}
