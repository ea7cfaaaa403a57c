package io.roadmirror.mirror;

import static io.roadmirror.testing.TestRecords.T0;
import static io.roadmirror.testing.TestRecords.cleared;
import static io.roadmirror.testing.TestRecords.open;
import static io.roadmirror.testing.TestRecords.position;
import static io.roadmirror.testing.TestRecords.reading;
import static io.roadmirror.testing.TestRecords.sec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.model.CongestionLevel;
import io.roadmirror.model.IncidentType;
import io.roadmirror.model.SegmentState;
import io.roadmirror.state.PendingChanges;
import io.roadmirror.state.SegmentLedger;
import io.roadmirror.state.Tally;
import io.roadmirror.streams.VersionedSerde;
import io.roadmirror.testing.PipelineTestDriver;
import io.roadmirror.testing.TestNetworks;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The mirror topology driven in event time (DESIGN.md "Mirror"). */
class MirrorTopologyTest {
    /** The grid the mirror evaluates on: a state's asOf is on it. */
    private static final Duration STEP = MirrorThresholds.DEFAULTS.tick();

    private PipelineTestDriver ttd;

    @BeforeEach
    void start() {
        ttd = new PipelineTestDriver(TestNetworks.triangle(), T0);
    }

    @AfterEach
    void stop() {
        ttd.close();
    }

    private List<KeyValue<String, SegmentState>> states() {
        return ttd.mirror.readKeyValuesToList();
    }

    /** mirror.segments as published, without the harness settling the clock first. */
    private TestOutputTopic<String, SegmentState> rawMirror() {
        return ttd.driver.createOutputTopic(
                "mirror.segments",
                new StringDeserializer(),
                ttd.topics.mirrorSegments.valueSerde().deserializer());
    }

    /** Sensors s{from}..s{to - 1} on A-B report at 08:00:30, one every 100 ms of wall clock: never quiet, never later. */
    private void readingsAtHalfPastEvery100Ms(int from, int to) {
        for (int i = from; i < to; i++) {
            ttd.readings.pipeInput("s" + i, reading("s" + i, "A-B", sec(30), 40.0), sec(30));
            ttd.advanceWallClock(Duration.ofMillis(100));
        }
    }

    private SegmentState last(String segmentId) {
        List<KeyValue<String, SegmentState>> all = states();
        SegmentState found = null;
        for (KeyValue<String, SegmentState> kv : all) {
            if (kv.key.equals(segmentId)) {
                found = kv.value;
            }
        }
        return found;
    }

    @Test
    void readingsOfSeveralSensorsAreFusedByVehicleWeightedMeanSpeed() {
        ttd.readings.pipeInput("s1", reading("s1", "A-B", sec(0), 40.0, 10, 10.0), sec(0));
        ttd.readings.pipeInput("s2", reading("s2", "A-B", sec(5), 20.0, 30, 30.0), sec(5));

        SegmentState state = last("A-B");
        assertEquals(25.0, state.getSpeedKph(), 1e-9, "(40*10 + 20*30) / 40");
        assertEquals(CongestionLevel.SLOW, state.getCongestion(), "25/50 = 0.50: SLOW, inclusive");
        assertEquals(2400.0, state.getFlowVehPerHour(), 1e-9, "mean of 1200 and 3600 veh/h");
        assertEquals(20.0, state.getOccupancyPct(), 1e-9);
        assertEquals(144.0, state.getTravelTimeSeconds(), 1e-9, "1000 m at 25 km/h");
        assertEquals(72.0, state.getFreeFlowTravelTimeSeconds(), 1e-9);
        assertEquals(2, state.getSensorsReporting());
        assertEquals(sec(5), state.getLastReadingTime());
        assertEquals(sec(5), state.getAsOf());
    }

    @Test
    void aWatermarkHeldStillOnAGridTimeIsEvaluatedThereWithoutWaitingForLaterInput() {
        // Gateways stamping aligned times: both readings at exactly 08:00:30, and nothing later yet.
        TestOutputTopic<String, SegmentState> raw = rawMirror();
        ttd.readings.pipeInput("s1", reading("s1", "A-B", sec(30), 40.0), sec(30));
        ttd.readings.pipeInput("s2", reading("s2", "C-B", sec(30), 20.0), sec(30));
        assertTrue(raw.isEmpty(), "more input at 08:00:30 may still come: not evaluated yet");
        ttd.advanceWallClock(Duration.ofMillis(300));
        assertTrue(raw.isEmpty(), "not settled after 300 ms");

        ttd.advanceWallClock(
                Duration.ofMillis(300)); // held for 600 ms: settled, well before the sources turn idle (2 s)
        List<KeyValue<String, SegmentState>> states = raw.readKeyValuesToList();
        assertEquals(
                List.of("A-B", "C-B"),
                states.stream().map(kv -> kv.key).sorted().toList());
        states.forEach(kv -> assertEquals(sec(30), kv.value.getAsOf(), "as of the settled time itself"));

        // A reading at that very time arriving later still counts, from the segment's next evaluation.
        ttd.readings.pipeInput("s3", reading("s3", "A-B", sec(30), 20.0), sec(30));
        SegmentState withLate = last("A-B");
        assertEquals(2, withLate.getSensorsReporting());
        assertEquals(sec(30).plus(STEP), withLate.getAsOf());
    }

    @Test
    void aSourceWhoseStreamTimeStandsStillSettlesItWhileInputsAtThatTimeKeepArriving() {
        // A generator stamping a whole model step with one time, sent over the step: never quiet, never past 08:00:30.
        TestOutputTopic<String, SegmentState> raw = rawMirror();
        readingsAtHalfPastEvery100Ms(0, 6);
        List<SegmentState> states = raw.readValuesToList();
        assertEquals(1, states.size(), "08:00:30 settled after 400 ms although its inputs kept coming");
        assertEquals(sec(30), states.get(0).getAsOf());
        assertTrue(states.get(0).getSensorsReporting() >= 4, "the inputs of its first 400 ms in it");

        ttd.readings.pipeInput("s9", reading("s9", "A-B", sec(30), 40.0), sec(30));
        ttd.settle();
        SegmentState later = raw.readValuesToList().get(0);
        assertEquals(
                sec(30).plus(STEP), later.getAsOf(), "one more at 08:00:30 after it settled counts a grid step later");
        assertEquals(7, later.getSensorsReporting());
    }

    @Test
    void inputsAtASettledTimeThatKeepArrivingAreEvaluatedWithinAGridStepNotAtTheNextBatchOfTimes() {
        // Thousands of gateways sending their 08:00:30 readings over several seconds: never quiet, never past :30.
        TestOutputTopic<String, SegmentState> raw = rawMirror();
        readingsAtHalfPastEvery100Ms(0, 25);
        raw.readValuesToList();
        ttd.readings.pipeInput("late", reading("late", "C-B", sec(30), 20.0), sec(30)); // 2.1 s after it settled
        readingsAtHalfPastEvery100Ms(25, 37);
        List<SegmentState> late = raw.readValuesToList().stream()
                .filter(s -> s.getSegmentId().equals("C-B"))
                .toList();
        assertEquals(1, late.size(), "evaluated within 1.2 s, while the stream time still stands at 08:00:30");
        Instant asOf = late.get(0).getAsOf();
        assertTrue(
                !asOf.isBefore(sec(32)) && !asOf.isAfter(sec(33)),
                "counted at the promise its source had made when it arrived, about 2 s on: " + asOf);
        assertEquals(0.0, ttd.metrics.total("roadmirror.mirror.inputs.behind"));
    }

    @Test
    void aSourceWhoseInputIsStillBeingFetchedDoesNotSettleItsTime() {
        TestOutputTopic<String, SegmentState> raw = rawMirror();
        ttd.readings.pipeInput("s1", reading("s1", "A-B", sec(30), 40.0), sec(30));
        ttd.inputLags.set("sensor.readings", 0, 800); // more at 08:00:30 may be on the broker, not fetched yet
        ttd.advanceWallClock(Duration.ofMillis(600));
        assertTrue(raw.isEmpty(), "a backlog is evaluated strictly: the rest of 08:00:30 may still come");

        ttd.inputLags.set("sensor.readings", 0, 0);
        ttd.inputLags.set("vehicle.positions", 0, 0);
        ttd.inputLags.set("incident.reports", 0, 0);
        ttd.advanceWallClock(Duration.ofMillis(600));
        assertEquals(sec(30), raw.readValuesToList().get(0).getAsOf(), "caught up and quiet: settled");
    }

    @Test
    void inputAfterAnIdleSpellCountsFromWhatTheSourcePromisedAndNothingLandsBehindTheMirror() {
        ttd.readings.pipeInput("s1", reading("s1", "A-B", sec(30).plusMillis(200), 40.0), sec(30).plusMillis(200));
        ttd.settle(); // idle: the source promised it was done up to about 08:00:33
        assertEquals(sec(30).plus(STEP), last("A-B").getAsOf());

        // A gateway forwarding what it stored: behind the promise, so it counts from it, not at its own time.
        ttd.readings.pipeInput("s2", reading("s2", "C-B", sec(31), 20.0), sec(31));
        SegmentState late = last("C-B");
        assertTrue(late.getAsOf().isAfter(sec(33)), "counted from the promise: " + late.getAsOf());
        assertEquals(1, late.getSensorsReporting());
        assertEquals(
                0.0, ttd.metrics.total("roadmirror.mirror.inputs.behind"), "nothing reached a time already evaluated");
    }

    @Test
    void aSourceStarvedByABusyThreadIsNotTakenForSilentAndHoldsTheWatermark() {
        TestOutputTopic<String, SegmentState> raw = rawMirror();
        ttd.readings.pipeInput("s1", reading("s1", "A-B", sec(30).plusMillis(200), 40.0), sec(30).plusMillis(200));
        // The stream thread spends 5 s on other tasks: one late heartbeat, no chance to process input.
        ttd.jumpWallClock(Duration.ofSeconds(5));
        assertTrue(raw.isEmpty(), "a starved source is not idle: the watermark waits for it");

        // What it processes next, at a time the mirror has not evaluated, counts at its own time.
        ttd.readings.pipeInput("s2", reading("s2", "A-B", sec(30).plusMillis(300), 20.0), sec(30).plusMillis(300));
        ttd.settle();
        SegmentState first = raw.readValuesToList().get(0);
        assertEquals(sec(30).plus(STEP), first.getAsOf());
        assertEquals(2, first.getSensorsReporting(), "both readings in the first state, as a real-time run has it");
    }

    @Test
    void aQuietSourceWhoseInputIsStillBeingFetchedIsNotIdle() {
        ttd.readings.pipeInput("s1", reading("s1", "A-B", sec(30).plusMillis(200), 40.0), sec(30).plusMillis(200));
        // Its consumer knows of 5,000 positions on the broker not fetched yet: quiet, but not silent.
        ttd.inputLags.set("vehicle.positions", 0, 5_000);
        ttd.advanceWallClock(Duration.ofSeconds(5));
        assertTrue(states().isEmpty(), "the watermark waits for input the source has not fetched");

        ttd.inputLags.set("vehicle.positions", 0, 0);
        ttd.inputLags.set("sensor.readings", 0, 0);
        ttd.inputLags.set("incident.reports", 0, 0);
        ttd.settle();
        assertEquals(sec(30).plus(STEP), last("A-B").getAsOf(), "caught up and quiet: idle, the watermark moves on");
    }

    @Test
    void aSourceWhosePartitionsWereNeverFetchedWaitsForThemOnlyForAWhile() {
        ttd.readings.pipeInput("s1", reading("s1", "A-B", sec(30).plusMillis(200), 40.0), sec(30).plusMillis(200));
        ttd.inputLags.set("sensor.readings", 0, 0); // lags are reported, but positions and incidents not fetched yet
        ttd.advanceWallClock(Duration.ofSeconds(5));
        assertTrue(states().isEmpty(), "partitions not fetched yet may hold input: the watermark waits");

        ttd.advanceWallClock(SourceProgress.UNKNOWN_LAG_GRACE);
        assertEquals(
                sec(30).plus(STEP),
                last("A-B").getAsOf(),
                "a lag never reported does not hold the mirror back for ever");
    }

    @Test
    void probeVehiclesCountAsOneVehicleEach() {
        ttd.readings.pipeInput("s1", reading("s1", "A-B", sec(0), 40.0, 3, null), sec(0));
        ttd.positions.pipeInput("v1", position("v1", "A-B", sec(10), 0.0, 100), sec(10));
        SegmentState state = last("A-B");
        assertEquals(30.0, state.getSpeedKph(), 1e-9, "(40*3 + 0) / 4");
        assertEquals(1, state.getProbeVehicles());
        assertNull(state.getOccupancyPct());
    }

    @Test
    void aDuplicateReadingChangesNothingAndEmitsNothing() {
        ttd.readings.pipeInput("s1", reading("s1", "A-B", sec(0), 40.0), sec(0));
        assertEquals(1, states().size());
        ttd.readings.pipeInput("s1", reading("s1", "A-B", sec(0), 40.0), sec(0));
        ttd.readings.pipeInput("s1", reading("s1", "A-B", sec(0), 12.0), sec(0)); // same sensor, same event time
        assertTrue(states().isEmpty());
    }

    @Test
    void aReadingThatChangesNothingVisibleEmitsNothing() {
        ttd.readings.pipeInput("s1", reading("s1", "A-B", sec(0), 40.0), sec(0));
        ttd.readings.pipeInput("s1", reading("s1", "A-B", sec(30), 40.0), sec(30));
        assertEquals(1, states().size(), "only the first: the second gives the same state");
    }

    @Test
    void aSegmentWhoseSensorsFallSilentTurnsUnknownWhileOthersReport() {
        ttd.readings.pipeInput("s1", reading("s1", "A-B", sec(0), 40.0), sec(0));
        for (int s = 30; s <= 240; s += 30) { // another segment keeps the stream time moving
            ttd.readings.pipeInput("s9", reading("s9", "C-B", sec(s), 45.0 + s % 60 / 30), sec(s));
        }
        SegmentState state = last("A-B");
        assertEquals(
                CongestionLevel.UNKNOWN, state.getCongestion(), "nothing from A-B for more than the 3 min horizon");
        assertNull(state.getSpeedKph());
        assertEquals(72.0, state.getTravelTimeSeconds(), 1e-9, "free-flow time when UNKNOWN");
        assertEquals(0, state.getSensorsReporting());
        assertEquals(sec(0), state.getLastReadingTime(), "still says when it last heard");
    }

    @Test
    void whenTheWholeInputFallsSilentTheWallClockNoticesIt() {
        ttd.readings.pipeInput("s1", reading("s1", "A-B", sec(0), 40.0), sec(0));
        assertEquals(CongestionLevel.FREE_FLOW, last("A-B").getCongestion());
        for (int i = 0; i < 50; i++) { // 4 min 10 s of wall-clock silence, in punctuation steps
            ttd.advanceWallClock(Duration.ofSeconds(5));
        }
        assertEquals(CongestionLevel.UNKNOWN, last("A-B").getCongestion());
    }

    @Test
    void openIncidentsAreListedUntilCleared() {
        ttd.readings.pipeInput("s1", reading("s1", "A-B", sec(0), 40.0), sec(0));
        ttd.incidents.pipeInput("inc-1", open("inc-1", "A-B", sec(10), IncidentType.HAZARD, 2), sec(10));
        assertEquals(List.of("inc-1"), last("A-B").getOpenIncidentIds());
        ttd.incidents.pipeInput("inc-1", cleared("inc-1", "A-B", sec(20)), sec(20));
        assertEquals(List.of(), last("A-B").getOpenIncidentIds());
    }

    @Test
    void aLateReadingIsDeadLetteredAndDoesNotReachTheMirror() {
        ttd.readings.pipeInput("s1", reading("s1", "A-B", sec(300), 40.0), sec(300));
        states();
        ttd.readings.pipeInput(
                "s2", reading("s2", "A-B", sec(100), 5.0), sec(100)); // 200 s behind, grace 3 min (the horizon)
        assertTrue(states().isEmpty());
        assertEquals(
                "LATE",
                io.roadmirror.ingest.DeadLetters.header(
                        ttd.readDeadLetters().get(0).headers(), "dlq.reason"));
    }

    @Test
    void aReadingWithinTheGracePeriodStillCounts() {
        ttd.readings.pipeInput("s1", reading("s1", "A-B", sec(300), 40.0), sec(300));
        ttd.readings.pipeInput("s2", reading("s2", "A-B", sec(280), 20.0), sec(280)); // 20 s behind
        ttd.settle(); // sec(300) was evaluated already: it counts from the next evaluation
        assertEquals(2, last("A-B").getSensorsReporting());
        assertTrue(ttd.readDeadLetters().isEmpty());
    }

    @Test
    void theLastPublishedStatesAreKeptForQueries() {
        ttd.readings.pipeInput("s1", reading("s1", "A-B", sec(0), 40.0), sec(0));
        ttd.readings.pipeInput("s1", reading("s1", "A-B", sec(30), 20.0), sec(30));
        ttd.settle();
        StateHistory history = ttd.driver
                .<String, StateHistory>getKeyValueStore(MirrorTopology.HISTORY_STORE)
                .get("A-B");
        assertEquals(
                List.of(40.0, 20.0),
                history.states().stream().map(LiveState::speedKph).toList());
        SegmentLedger ledger = ttd.driver
                .<String, SegmentLedger>getKeyValueStore(MirrorTopology.STORE)
                .get("A-B");
        assertEquals(20.0, ledger.getLastEmitted().getSpeedKph());
    }

    @Test
    void aPendingChangeTheReleaseBeforeBlocksFiledIsFoldedAtItsOwnTime() {
        ttd.positions.pipeInput("v1", position("v1", "A-B", sec(10), 40.0, 100), sec(10));
        assertEquals(1, last("A-B").getProbeVehicles());
        // What that release left in the store (one Tally per grid time), as a restore from its changelog reads it: a
        // probe at 20 km/h filed at 08:00:20.5, inside a block of this release but not at its start.
        Bytes key = ChangeKeys.of("A-B", sec(20).toEpochMilli() + 500);
        Tally filed = Tallies.ofProbe(sec(20).toEpochMilli() + 500, 20.0, 1);
        KeyValueStore<Bytes, PendingChanges> changes = ttd.driver.getKeyValueStore(MirrorTopology.CHANGES_STORE);
        changes.put(
                key,
                VersionedSerde.of(PendingChanges.class)
                        .deserializer()
                        .deserialize(
                                null,
                                VersionedSerde.of(Tally.class).serializer().serialize(null, filed)));

        ttd.positions.pipeInput("v2", position("v2", "A-B", sec(25), 30.0, 200), sec(25));
        SegmentState state = last("A-B");
        assertEquals(3, state.getProbeVehicles(), "v1, the old release's probe and v2");
        assertEquals(30.0, state.getSpeedKph(), 1e-9, "(40 + 20 + 30) / 3");
        assertNull(changes.get(key), "folded, then dropped");
    }

    @Test
    void theMirrorIsPublishedOnTheSegmentKeyInEventTime() {
        Instant t = sec(42);
        ttd.readings.pipeInput("s1", reading("s1", "A-B", t, 40.0), t);
        var record = ttd.mirror.readRecord();
        assertEquals("A-B", record.key());
        assertEquals(t, record.getRecordTime());
    }
}
