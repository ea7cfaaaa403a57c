package io.roadmirror.mirror;

import static io.roadmirror.testing.TestRecords.T0;
import static io.roadmirror.testing.TestRecords.reading;
import static io.roadmirror.testing.TestRecords.sec;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.roadmirror.model.SegmentState;
import io.roadmirror.state.SegmentInput;
import io.roadmirror.testing.PipelineTestDriver;
import io.roadmirror.testing.TestNetworks;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An input older than one its own partition delivered before (DESIGN.md "Mirror": the mirror is a
 * function of event time, not of processing speed). Whether the segment side has already evaluated
 * its time depends on how far the OTHER sources have come, which is a matter of pace; so it counts at
 * its source's progress when it was sent, which only the input order decides. Two source tasks are
 * played by writing their stamped inputs onto the segment side's topic, interleaved as a real-time run
 * and as a backlog would interleave them.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OutOfOrderInputTest {
    private static final String SEGMENT = "A-B";

    /** A reading (or, without a sensor, a heartbeat) as source task {@code upstream} sends it. */
    private record Sent(int upstream, String sensor, String segment, long second, long progressSecond) {
        static Sent heartbeat(int upstream, long second) {
            return new Sent(upstream, null, null, second, second);
        }
    }

    // Source 1 delivers s1 at 20 s, a reading of another segment at 30 s, then s3 at 25 s: out of order in its
    // partition.
    private static final List<Sent> SOURCE_1 = List.of(
            new Sent(1, "s1", SEGMENT, 20, 20), new Sent(1, "s9", "C-B", 30, 30), new Sent(1, "s3", SEGMENT, 25, 30));
    // Source 2 delivers s4 at 27 s and moves on to 28 s.
    private static final List<Sent> SOURCE_2 = List.of(new Sent(2, "s4", SEGMENT, 27, 27), Sent.heartbeat(2, 28));

    /** The segment's published states as (asOf second, sensors reporting). */
    private List<KeyValue<Long, Integer>> deliver(List<Sent> order) {
        try (PipelineTestDriver ttd = new PipelineTestDriver(TestNetworks.triangle(), T0)) {
            ttd.settle(); // the driver's own source task, which gets no input, says it is idle
            List<Sent> all = new ArrayList<>(order);
            // After the first input, the driver's own source (0) says it is busy and far ahead: no source is idle, so
            // nothing waits for one to wake up (IdleSourceWakeTest), and the segment side evaluates as soon as sources
            // 1 and 2 have passed a time. (Said first, it would be the only source heard, and its time the watermark.)
            all.add(1, Sent.heartbeat(0, 200));
            all.add(Sent.heartbeat(1, 200));
            all.add(Sent.heartbeat(2, 200));
            for (Sent s : all) {
                SegmentInput input = s.sensor() == null
                        ? null
                        : SegmentInputs.of(reading(s.sensor(), s.segment(), sec(s.second()), 40.0), 0);
                ttd.sendAsSource(
                        s.upstream(),
                        s.segment(),
                        input,
                        sec(s.progressSecond()).toEpochMilli(),
                        false,
                        sec(s.second()));
            }
            List<KeyValue<Long, Integer>> states = new ArrayList<>();
            for (KeyValue<String, SegmentState> kv : ttd.mirror.readKeyValuesToList()) {
                if (kv.key.equals(SEGMENT)) {
                    long asOf = (kv.value.getAsOf().toEpochMilli() - T0.toEpochMilli()) / 1000;
                    states.add(KeyValue.pair(asOf, kv.value.getSensorsReporting()));
                }
            }
            assertEquals(0.0, ttd.metrics.total("roadmirror.mirror.inputs.behind"), "no input behind the mirror");
            return states;
        }
    }

    @Test
    void anInputOutOfOrderInItsPartitionCountsAtItsSourcesProgressWhateverThePaceOfTheOthers() {
        // Real time: source 2 is ahead, so the segment side has evaluated A-B at 27 s before s3 (25 s) arrives.
        List<Sent> sourceTwoAhead =
                List.of(SOURCE_1.get(0), SOURCE_1.get(1), SOURCE_2.get(0), SOURCE_2.get(1), SOURCE_1.get(2));
        // Backlog: source 2 waits for a fetch, so nothing past 20 s is evaluated when s3 arrives.
        List<Sent> sourceTwoBehind =
                List.of(SOURCE_1.get(0), SOURCE_1.get(1), SOURCE_1.get(2), SOURCE_2.get(0), SOURCE_2.get(1));

        List<KeyValue<Long, Integer>> ahead = deliver(sourceTwoAhead);
        assertEquals(
                List.of(KeyValue.pair(20L, 1), KeyValue.pair(27L, 2), KeyValue.pair(30L, 3)),
                ahead,
                "s3 counts from 30 s, the time its source had reached when it sent it");
        assertEquals(ahead, deliver(sourceTwoBehind), "the same states, whatever the pace of the other source");
    }
}
