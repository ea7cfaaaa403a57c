package io.roadmirror.ingest;

import static io.roadmirror.testing.TestRecords.T0;
import static io.roadmirror.testing.TestRecords.position;
import static io.roadmirror.testing.TestRecords.reading;
import static io.roadmirror.testing.TestRecords.sec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.model.SensorReading;
import io.roadmirror.testing.PipelineTestDriver;
import io.roadmirror.testing.TestNetworks;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Lateness is judged at ingest against a stream time that the wall clock caps (DESIGN.md "Mirror"):
 * a gateway with a fast clock cannot make punctual sensors late, and a store-and-forward flush
 * within the horizon is accepted. The test driver has one partition per topic, so every reading
 * shares one; lateness is judged by a reading's own partition, never by another topic's.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StreamTimeTopologyTest {
    private PipelineTestDriver ttd;

    @BeforeEach
    void start() {
        ttd = new PipelineTestDriver(TestNetworks.triangle(), T0);
        ttd.setWallClock(sec(600));
    }

    @AfterEach
    void stop() {
        ttd.close();
    }

    private void send(SensorReading r) {
        ttd.readings.pipeInput(r.getSensorId(), r, r.getEventTime());
    }

    @Test
    void aGatewayWithAFastClockDoesNotMakePunctualSensorsLate() {
        // The fast gateway reports 4 minutes ahead of the wall clock: allowed (under 5), but its time is capped at now.
        send(reading("fast-1", "A-B", sec(600 + 240), 50.0));
        for (int t = 0; t < 4; t++) {
            ttd.setWallClock(sec(600 + t * 30));
            send(reading("punctual-" + t, "A-C", sec(600 + t * 30 - 5), 40.0));
            send(reading("fast-1", "A-B", sec(600 + t * 30 + 240), 50.0));
        }
        assertTrue(ttd.readDeadLetters().isEmpty(), "no punctual reading is LATE");
        assertEquals(
                9.0,
                ttd.metrics.count("roadmirror.records.in", "sensor.readings"),
                "all nine readings passed validation");
        assertTrue(
                ttd.mirror.readKeyValuesToList().stream().anyMatch(kv -> kv.key.equals("A-C")),
                "the punctual sensors are mirrored");
    }

    @Test
    void aStoreAndForwardFlushOfTwoMinuteOldReadingsIsAccepted() {
        // Live readings reach now; then a gateway back from a 2-minute outage flushes what it stored.
        send(reading("live", "A-B", sec(600), 50.0));
        for (int t = 480; t < 600; t += 30) {
            send(reading("stored", "A-C", sec(t), 40.0));
        }
        assertTrue(ttd.readDeadLetters().isEmpty(), "nothing of the flush is LATE");
        assertEquals(5.0, ttd.metrics.count("roadmirror.records.in", "sensor.readings"));
    }

    @Test
    void aReadingOlderThanTheHorizonBehindTheCappedStreamTimeIsStillLate() {
        send(reading("fast-1", "A-B", sec(600 + 240), 50.0)); // capped at 600
        send(reading("slow", "A-C", sec(600 - 181), 40.0));
        assertEquals(1, ttd.readDeadLetters().size());
        assertEquals(1.0, ttd.metrics.deadLetters("LATE"));
    }

    @Test
    void positionsReadAheadOfTheReadingsDoNotMakeTheReadingsLate() {
        // Draining a backlog, the task may read vehicle.positions minutes ahead of sensor.readings (whose fetch
        // has not come back yet): the task's stream time is then the positions' time, but a reading is judged by its
        // own partition.
        ttd.positions.pipeInput("v1", position("v1", "A-B", sec(600), 50.0, 10.0), sec(600));
        send(reading("s1", "A-B", sec(300), 40.0));
        send(reading("s2", "A-B", sec(330), 40.0));
        assertTrue(ttd.readDeadLetters().isEmpty(), "readings within the grace of their own partition are not LATE");
        assertEquals(2.0, ttd.metrics.count("roadmirror.records.in", "sensor.readings"));

        send(reading("s3", "A-B", sec(330 - 181), 40.0));
        assertEquals(1, ttd.readDeadLetters().size());
        assertEquals(1.0, ttd.metrics.deadLetters("LATE"), "judged against the readings' own newest time, 330 s");
    }
}
