package io.roadmirror.incidents;

import static io.roadmirror.testing.TestRecords.T0;
import static io.roadmirror.testing.TestRecords.sec;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.roadmirror.mirror.SegmentInputs;
import io.roadmirror.model.IncidentReport;
import io.roadmirror.model.IncidentSource;
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
 * The crash rule runs behind the mirror's watermark (DESIGN.md "Mirror": the mirror is a function
 * of event time). Two vehicles whose positions are keyed to different partitions reach the segment
 * side from two source tasks; a backlog may deliver one vehicle's stop AND its move before the
 * other's stop. The outcome must be the one event time says, whatever the delivery order. The
 * stops are written straight onto the segment side's input topic, stamped as two source tasks
 * stamp them, since the driver runs one task per sub-topology.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CrashDetectionOrderTest {
    private static final String SEGMENT = "A-B";

    /** A stop or move as source task {@code upstream} sends it, with that task's stream time. */
    private record Sent(int upstream, String vehicle, long second, boolean stopped) {}

    private record Outcome(List<String> detected, List<KeyValue<Long, List<String>>> openIncidentsByAsOf) {}

    private Outcome deliver(List<Sent> order) {
        try (PipelineTestDriver ttd = new PipelineTestDriver(TestNetworks.triangle(), T0)) {
            for (Sent s : order) {
                SegmentInput input = SegmentInputs.of(new VehicleStop(
                        s.vehicle(),
                        SEGMENT,
                        300.0,
                        s.stopped(),
                        sec(s.second()).toEpochMilli()));
                ttd.sendAsSource(s.upstream(), SEGMENT, input, sec(s.second()).toEpochMilli(), false, sec(s.second()));
            }
            for (int upstream = 1; upstream <= 2; upstream++) { // both sources move on to 200 s
                ttd.sendAsSource(upstream, null, null, sec(200).toEpochMilli(), false, sec(200));
            }
            ttd.settle();
            List<String> detected = new ArrayList<>();
            for (IncidentReport r : ttd.incidentReportsOut.readValuesToList()) {
                if (r.getSource() == IncidentSource.DETECTED) {
                    detected.add(r.getIncidentId() + " " + r.getStatus() + " @"
                            + (r.getEventTime().toEpochMilli() - T0.toEpochMilli()) / 1000);
                }
            }
            List<KeyValue<Long, List<String>>> states = new ArrayList<>();
            for (KeyValue<String, SegmentState> kv : ttd.mirror.readKeyValuesToList()) {
                if (kv.key.equals(SEGMENT)) {
                    states.add(KeyValue.pair(
                            (kv.value.getAsOf().toEpochMilli() - T0.toEpochMilli()) / 1000,
                            kv.value.getOpenIncidentIds()));
                }
            }
            return new Outcome(detected, states);
        }
    }

    @Test
    void aStopAndAMoveDeliveredBeforeTheOtherVehiclesStopStillMakeTheCrashEventTimeSays() {
        // Event time: c1 stops at 60 s, c2 at 62 s, c1 moves at 120 s: a crash from 62 s to 120 s.
        List<Sent> inEventTimeOrder =
                List.of(new Sent(2, "c1", 60, true), new Sent(1, "c2", 62, true), new Sent(2, "c1", 120, false));
        List<Sent> backlogOrder =
                List.of(new Sent(2, "c1", 60, true), new Sent(2, "c1", 120, false), new Sent(1, "c2", 62, true));

        Outcome paced = deliver(inEventTimeOrder);
        String id = "det-" + SEGMENT + "-" + sec(62).toEpochMilli();
        assertEquals(List.of(id + " OPEN @62", id + " CLEARED @120"), paced.detected());
        assertEquals(
                List.of(KeyValue.pair(62L, List.of(id)), KeyValue.pair(120L, List.of())),
                paced.openIncidentsByAsOf().stream()
                        .filter(kv -> kv.key == 62L || kv.key == 120L)
                        .toList(),
                "the crash is on the segment from the very time it happened");

        Outcome backlog = deliver(backlogOrder);
        assertEquals(paced, backlog, "the same crash, the same states, whatever the order of delivery");
    }
}
