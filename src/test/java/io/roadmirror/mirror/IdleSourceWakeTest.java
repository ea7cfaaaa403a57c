package io.roadmirror.mirror;

import static io.roadmirror.testing.TestRecords.T0;
import static io.roadmirror.testing.TestRecords.reading;
import static io.roadmirror.testing.TestRecords.sec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.config.PipelineSettings;
import io.roadmirror.model.SegmentState;
import io.roadmirror.state.SegmentInput;
import io.roadmirror.testing.PipelineTestDriver;
import io.roadmirror.testing.TestNetworks;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A source that was idle wakes up (DESIGN.md "Mirror": the mirror is a function of event time). An idle source holds
 * no one back, so its first input races the other sources' later input to the segment side, each source committing on
 * its own stream thread. In a drain no source is idle and the input order alone decides; at real-time pace the segment
 * side gives a source that may wake up behind the watermark two commit intervals and a slack ({@link WakeGrace}) of wall clock before it
 * evaluates, and the result is the drain's. Source tasks are played by writing their stamped inputs onto the segment
 * side's topic.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IdleSourceWakeTest {
    private static final String SEGMENT = "A-B";

    /** Source 1: s1 on A-B at 9 s, then a reading on C-B at 12 s, which moves the watermark past 9 s. */
    private static void sourceOneMovesOn(PipelineTestDriver ttd) {
        send(ttd, 1, "s1", SEGMENT, 9, false);
        send(ttd, 1, "s9", "C-B", 12, false);
    }

    /** Source 2's first input after it was idle since start: s2 on A-B at 8 s. */
    private static void sourceTwoWakes(PipelineTestDriver ttd) {
        send(ttd, 2, "s2", SEGMENT, 8, false);
    }

    private static PipelineTestDriver driverWithSourceTwo(boolean idle) {
        return driverWithSourceTwo(PipelineSettings.defaults(), idle);
    }

    private static PipelineTestDriver driverWithSourceTwo(PipelineSettings settings, boolean idle) {
        PipelineTestDriver ttd = new PipelineTestDriver(settings, TestNetworks.triangle(), T0);
        ttd.settle();
        // The driver's own source (0) is made busy and far ahead, so that only source 2 can be idle here.
        send(ttd, 0, null, null, 200, false);
        send(ttd, 2, null, null, idle ? -1 : 20, idle);
        return ttd;
    }

    private static void send(
            PipelineTestDriver ttd, int upstream, String sensor, String segment, long s, boolean idle) {
        SegmentInput input = sensor == null ? null : SegmentInputs.of(reading(sensor, segment, sec(s), 40.0), 0);
        ttd.sendAsSource(upstream, segment, input, s < 0 ? -1L : sec(s).toEpochMilli(), idle, sec(Math.max(0, s)));
    }

    /** A-B's published states as (asOf in tenths of a second, sensors reporting). */
    private static List<KeyValue<Long, Integer>> states(List<SegmentState> published) {
        return published.stream()
                .filter(s -> s.getSegmentId().equals(SEGMENT))
                .map(s ->
                        KeyValue.pair((s.getAsOf().toEpochMilli() - T0.toEpochMilli()) / 100, s.getSensorsReporting()))
                .toList();
    }

    /** Both sources move on past everything sent, so everything is evaluated once the grace has passed. */
    private static List<KeyValue<Long, Integer>> publishedAfterAll(PipelineTestDriver ttd) {
        send(ttd, 1, null, null, 100, false);
        send(ttd, 2, null, null, 100, false);
        return states(ttd.mirror.readValuesToList());
    }

    private static double behind(PipelineTestDriver ttd) {
        return ttd.metrics.total("roadmirror.mirror.inputs.behind");
    }

    private static final List<KeyValue<Long, Integer>> IN_EVENT_TIME_ORDER =
            List.of(KeyValue.pair(80L, 1), KeyValue.pair(90L, 2));

    @Test
    void aWakingSourcesFirstInputThatArrivesWithinTheGraceCountsAtItsEventTime() {
        try (PipelineTestDriver drain = driverWithSourceTwo(true)) {
            sourceTwoWakes(drain);
            sourceOneMovesOn(drain);
            assertEquals(IN_EVENT_TIME_ORDER, publishedAfterAll(drain), "the input order of a drain");
        }
        try (PipelineTestDriver realTime = driverWithSourceTwo(true)) {
            sourceOneMovesOn(realTime);
            // Source 2's transaction commits a little after source 1's, although its input is older.
            realTime.advanceWallClock(Duration.ofMillis(WakeGrace.DEFAULT_GRACE_MS - 100));
            sourceTwoWakes(realTime);
            assertEquals(IN_EVENT_TIME_ORDER, publishedAfterAll(realTime), "the same states");
            assertEquals(0.0, behind(realTime), "no input reached a time already evaluated");
        }
    }

    @Test
    void theSegmentSideWaitsTheGraceOnlyWhileASourceCouldWakeUpBehindTheWatermark() {
        try (PipelineTestDriver ttd = driverWithSourceTwo(true)) {
            sourceOneMovesOn(ttd);
            assertEquals(List.of(), states(ttd.mirror.readValuesAsTheyAre()), "source 2 is idle and behind: held");
            ttd.advanceWallClock(Duration.ofMillis(WakeGrace.DEFAULT_GRACE_MS + MirrorProcessor.WAKE_CHECK.toMillis()));
            assertEquals(List.of(KeyValue.pair(90L, 1)), states(ttd.mirror.readValuesAsTheyAre()), "released");
        }
        try (PipelineTestDriver ttd = driverWithSourceTwo(false)) {
            sourceOneMovesOn(ttd);
            assertEquals(
                    List.of(KeyValue.pair(90L, 1)),
                    states(ttd.mirror.readValuesAsTheyAre()),
                    "every source holds the others back: evaluated at once");
        }
    }

    @Test
    void theGraceFollowsTheCommitIntervalStreamsRunsWith() {
        // Commits a second apart: a waking source's transaction may land a second after the others'. The 300 ms that
        // suit 100 ms commits would count its input a grid step late (the next test).
        PipelineSettings slowCommits = PipelineSettings.defaults().withCommitInterval(Duration.ofSeconds(1));
        try (PipelineTestDriver ttd = driverWithSourceTwo(slowCommits, true)) {
            sourceOneMovesOn(ttd);
            ttd.advanceWallClock(Duration.ofSeconds(1));
            assertEquals(List.of(), states(ttd.mirror.readValuesAsTheyAre()), "within two commits: still held");
            sourceTwoWakes(ttd);
            assertEquals(IN_EVENT_TIME_ORDER, publishedAfterAll(ttd), "the drain's states");
            assertEquals(0.0, behind(ttd), "no input reached a time already evaluated");
        }
    }

    @Test
    void anInputLaterThanTheGraceStillCountsOnceAndIsCountedAsBehind() {
        try (PipelineTestDriver ttd = driverWithSourceTwo(true)) {
            sourceOneMovesOn(ttd);
            ttd.advanceWallClock(Duration.ofSeconds(1));
            sourceTwoWakes(ttd);
            List<KeyValue<Long, Integer>> states = publishedAfterAll(ttd);
            assertEquals(List.of(KeyValue.pair(90L, 1), KeyValue.pair(95L, 2)), states, "from the next grid time");
            assertTrue(behind(ttd) >= 1.0, "and the metric operators watch says so");
        }
    }
}
