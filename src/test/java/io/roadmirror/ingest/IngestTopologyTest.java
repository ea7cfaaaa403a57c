package io.roadmirror.ingest;

import static io.roadmirror.testing.TestRecords.T0;
import static io.roadmirror.testing.TestRecords.open;
import static io.roadmirror.testing.TestRecords.position;
import static io.roadmirror.testing.TestRecords.reading;
import static io.roadmirror.testing.TestRecords.sec;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.model.IncidentType;
import io.roadmirror.model.SensorReading;
import io.roadmirror.network.NetworkCodec;
import io.roadmirror.runtime.Pipeline;
import io.roadmirror.testing.PipelineTestDriver;
import io.roadmirror.testing.TestNetworks;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every kind of bad input goes to deadletter.events with the right reason; good input flows on. */
class IngestTopologyTest {
    /** The wall clock runs days ahead of the event times, which span hours: none of them is in the future. */
    private static final Instant WALL_CLOCK = T0.plus(Duration.ofDays(3));

    private PipelineTestDriver ttd;

    @BeforeEach
    void start() {
        ttd = new PipelineTestDriver(TestNetworks.triangle(), WALL_CLOCK);
    }

    @AfterEach
    void stop() {
        ttd.close();
    }

    private TestRecord<byte[], byte[]> onlyDeadLetter() {
        List<TestRecord<byte[], byte[]>> letters = ttd.readDeadLetters();
        assertEquals(1, letters.size(), "exactly one dead letter");
        return letters.get(0);
    }

    private static String header(TestRecord<byte[], byte[]> r, String name) {
        return DeadLetters.header(r.headers(), name);
    }

    private void assertRejected(String reason, Runnable send) {
        send.run();
        TestRecord<byte[], byte[]> letter = onlyDeadLetter();
        assertEquals(reason, header(letter, DeadLetters.REASON), header(letter, DeadLetters.DETAIL));
        assertTrue(ttd.mirror.isEmpty(), "a rejected record changes nothing in the mirror");
        assertEquals(1.0, ttd.metrics.deadLetters(reason));
    }

    private void sendReading(SensorReading r) {
        ttd.readings.pipeInput(r.getSensorId(), r, r.getEventTime());
    }

    @Test
    void bytesThatAreNotTheWireFormatAreDeserializationDeadLettersWithTheirOriginalBytes() {
        byte[] key = "s1".getBytes(StandardCharsets.UTF_8);
        byte[] value = "{\"speed\": 12}".getBytes(StandardCharsets.UTF_8);
        ttd.pipeRaw("sensor.readings", key, value);

        TestRecord<byte[], byte[]> letter = onlyDeadLetter();
        assertEquals("DESERIALIZATION", header(letter, DeadLetters.REASON));
        assertTrue(header(letter, DeadLetters.DETAIL).contains("magic byte"), header(letter, DeadLetters.DETAIL));
        assertEquals("sensor.readings", header(letter, DeadLetters.SOURCE_TOPIC));
        assertEquals("0", header(letter, DeadLetters.SOURCE_PARTITION));
        assertEquals("0", header(letter, DeadLetters.SOURCE_OFFSET));
        assertArrayEquals(key, letter.key(), "original key bytes");
        assertArrayEquals(value, letter.value(), "original value bytes");
        assertEquals(1.0, ttd.metrics.deadLetters("DESERIALIZATION"));
    }

    @Test
    void anUnknownSchemaIdIsAnUnknownSchemaDeadLetter() {
        assertRejected(
                "UNKNOWN_SCHEMA",
                () -> ttd.pipeRaw("vehicle.positions", "v1".getBytes(), new byte[] {0, 0, 0, 0x27, 0x0f, 2, 4}));
    }

    @Test
    void anotherRecordTypeOnTheTopicIsADeserializationDeadLetter() {
        byte[] position = ttd.topics
                .vehiclePositions
                .valueSerde()
                .serializer()
                .serialize("vehicle.positions", position("v1", "A-B", sec(0), 10, 5));
        assertRejected("DESERIALIZATION", () -> ttd.pipeRaw("sensor.readings", "s1".getBytes(), position));
    }

    @Test
    void physicallyImpossibleValuesAreInvalidValueDeadLetters() {
        assertRejected("INVALID_VALUE", () -> sendReading(reading("s1", "A-B", sec(0), 301.0)));
    }

    @Test
    void occupancyAbove100IsInvalid() {
        assertRejected("INVALID_VALUE", () -> sendReading(reading("s1", "A-B", sec(0), 50.0, 3, 120.0)));
    }

    @Test
    void negativeSpeedOfAProbeIsInvalid() {
        assertRejected(
                "INVALID_VALUE", () -> ttd.positions.pipeInput("v1", position("v1", "A-B", sec(0), -3, 5), sec(0)));
    }

    @Test
    void severityOutsideOneToFiveIsInvalid() {
        assertRejected(
                "INVALID_VALUE",
                () -> ttd.incidents.pipeInput("i1", open("i1", "A-B", sec(0), IncidentType.CRASH, 9), sec(0)));
    }

    @Test
    void anEmptyIdIsInvalid() {
        assertRejected("INVALID_VALUE", () -> ttd.readings.pipeInput("", reading("", "A-B", sec(0), 30.0), sec(0)));
    }

    @Test
    void aKeyThatIsNotTheRecordsIdIsInvalid() {
        assertRejected(
                "INVALID_VALUE", () -> ttd.readings.pipeInput("gw-1", reading("s1", "A-B", sec(0), 30.0), sec(0)));
    }

    @Test
    void aSegmentNotInTheNetworkIsAnUnknownSegmentDeadLetter() {
        assertRejected("UNKNOWN_SEGMENT", () -> sendReading(reading("s1", "Q-R", sec(0), 30.0)));
    }

    @Test
    void aSegmentAddedToTheNetworkWhileRunningIsValidAndMirroredAtOnce() {
        sendReading(reading("s1", "A-B", sec(0), 30.0)); // the pipeline has read the network by now
        ttd.roadNetwork.pipeInput(
                "Q-R", NetworkCodec.toAvro(TestNetworks.segment("Q-R", "Quay", "Q", "R", 400, 50)), sec(1));
        sendReading(reading("s2", "Q-R", sec(2), 30.0));

        assertTrue(ttd.readDeadLetters().isEmpty());
        assertTrue(ttd.mirror.readKeyValuesToList().stream().anyMatch(kv -> kv.key.equals("Q-R")), "Q-R is mirrored");
    }

    @Test
    void aSegmentRemovedFromTheNetworkIsAnUnknownSegmentWithinTheRefreshInterval() {
        sendReading(reading("s1", "E-F", sec(0), 30.0));
        ttd.roadNetwork.pipeInput("E-F", null, sec(1));
        ttd.advanceWallClock(Pipeline.NETWORK_REFRESH);
        sendReading(reading("s1", "E-F", sec(2), 30.0));

        assertEquals("UNKNOWN_SEGMENT", header(onlyDeadLetter(), DeadLetters.REASON));
    }

    @Test
    void anEventTimeTooFarAheadOfTheWallClockIsAFutureTimestampDeadLetter() {
        ttd.setWallClock(sec(0));
        Instant future = sec(5 * 60).plusMillis(1);
        assertRejected(
                "FUTURE_TIMESTAMP", () -> ttd.readings.pipeInput("s1", reading("s1", "A-B", future, 30.0), future));
        // ... and did not drag the stream time ahead: a punctual reading still counts.
        sendReading(reading("s2", "A-B", sec(-170), 30.0));
        assertEquals(1, ttd.mirror.readValuesToList().size());
    }

    @Test
    void exactlyTheAllowedTimeAheadOfTheWallClockIsAccepted() {
        ttd.setWallClock(sec(0));
        sendReading(reading("s1", "A-B", sec(5 * 60), 30.0));
        assertTrue(ttd.readDeadLetters().isEmpty());
        assertTrue(
                ttd.mirror.readValuesToList().isEmpty(),
                "the mirror evaluates it when event time gets there, not before");
        ttd.advanceWallClock(Duration.ofMinutes(5)); // the quiet source's clock runs on at wall-clock speed
        assertEquals(1, ttd.mirror.readValuesToList().size());
    }

    @Test
    void aReadingBeyondTheGraceIsLate() {
        sendReading(reading("s1", "A-B", sec(300), 30.0));
        ttd.mirror.readValuesToList();
        assertRejected("LATE", () -> sendReading(reading("s2", "A-B", sec(119).minusMillis(1), 30.0)));
    }

    @Test
    void aReadingExactlyAtTheGraceCounts() {
        sendReading(reading("s1", "A-B", sec(300), 30.0));
        sendReading(reading("s2", "A-B", sec(120), 30.0));
        assertTrue(ttd.readDeadLetters().isEmpty(), "the grace is the horizon, 3 minutes");
        // A-B had not been evaluated yet: s2 shows as of its own time, then both as of sec(300).
        assertTrue(ttd.mirror.readValuesToList().stream().anyMatch(state -> state.getSensorsReporting() == 2));
    }

    @Test
    void aSensorWhoseClockLagsTheOthersByMoreThanTheGraceIsLateWithinItCounts() {
        // s1's clock is right; s2 lags 170 s (within the 3 min grace); s3 lags 200 s (beyond).
        for (int t = 0; t <= 90; t += 30) {
            sendReading(reading("s1", "A-B", sec(t + 300), 40.0));
            sendReading(reading("s2", "A-B", sec(t + 300 - 170), 40.0));
            sendReading(reading("s3", "A-B", sec(t + 300 - 200), 40.0));
        }
        List<TestRecord<byte[], byte[]>> letters = ttd.readDeadLetters();
        assertEquals(4, letters.size(), "every reading of s3");
        letters.forEach(l -> assertEquals("LATE", header(l, DeadLetters.REASON)));
        assertEquals(4.0, ttd.metrics.deadLetters("LATE"));
    }

    @Test
    void anIncidentReportIsNeverLate() {
        sendReading(reading("s1", "A-B", sec(3600), 30.0));
        ttd.incidents.pipeInput(
                "i1", open("i1", "A-B", sec(0), IncidentType.CRASH, 3), sec(0)); // reported an hour after it happened
        assertTrue(ttd.readDeadLetters().isEmpty());
    }

    @Test
    void anAvroLengthBombOnTheGlobalRoadNetworkIsSkippedAndTheThreadLives() {
        byte[] segment = ttd.topics
                .roadNetwork
                .valueSerde()
                .serializer()
                .serialize("road.network", NetworkCodec.toAvro(TestNetworks.segment("Q-R", "Quay", "Q", "R", 400, 50)));
        // The schema id of RoadSegment, then a first string declaring 2 GiB: 20 bytes in all.
        byte[] bomb = Arrays.copyOf(segment, 20);
        System.arraycopy(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x10}, 0, bomb, 5, 5);
        ttd.pipeRaw("road.network", "Q-R".getBytes(StandardCharsets.UTF_8), bomb);

        // (The test driver does not route global records through the handler; HostileInputIT counts the skip on a real
        // broker.)
        sendReading(reading("s1", "A-B", sec(0), 30.0));
        assertEquals(1, ttd.mirror.readValuesToList().size(), "the pipeline goes on");
        assertRejected("UNKNOWN_SEGMENT", () -> sendReading(reading("s2", "Q-R", sec(1), 30.0)));
    }

    @Test
    void badInputInBetweenChangesNothingButTheDeadLetterCount() {
        sendReading(reading("s1", "A-B", sec(0), 40.0));
        ttd.pipeRaw("sensor.readings", "x".getBytes(), new byte[] {1, 2, 3});
        sendReading(reading("s1", "A-B", sec(30), 20.0));
        assertEquals(2, ttd.mirror.readValuesToList().size(), "both good readings made it");
        assertEquals(1, ttd.readDeadLetters().size());
        assertEquals(2.0, ttd.metrics.count("roadmirror.records.in", "sensor.readings"));
    }
}
