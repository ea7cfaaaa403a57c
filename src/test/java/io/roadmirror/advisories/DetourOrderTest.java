package io.roadmirror.advisories;

import static io.roadmirror.testing.TestRecords.T0;
import static io.roadmirror.testing.TestRecords.sec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.config.PipelineSettings;
import io.roadmirror.mirror.SegmentEvent;
import io.roadmirror.model.RoutingAdvisory;
import io.roadmirror.state.AdvisoryEvent;
import io.roadmirror.state.RoutingChange;
import io.roadmirror.state.SegmentChange;
import io.roadmirror.testing.PipelineTestDriver;
import io.roadmirror.testing.TestNetworks;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.TestInputTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A detour is a function of event time (DESIGN.md "Mirror": replaying the same input at real-time pace
 * or as fast as possible yields the same advisories). Two segment partitions are played by writing what
 * each sends onto the advisories' input topic, interleaved as a real-time run and as backlogs would
 * interleave them: A-B (partition 0) turns CONGESTED at 20 s; on partition 1, Canal Road (A-C) slowed
 * at 15 s and Garden Lane (A-G) slows at 25 s. As of 20 s the fastest way round is Garden Lane, whichever
 * partition ran ahead.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DetourOrderTest {
    /** What one partition sends: a transition of a segment, or how far it has evaluated with its routing changes. */
    private record Sent(int partition, String key, long second, AdvisoryEvent event) {}

    /** A routing change of a segment that is not a transition: it travels with its evaluation. */
    private static RoutingChange slow(String segment, long second, double seconds) {
        return new RoutingChange(segment, sec(second).toEpochMilli(), seconds, false, "SLOW");
    }

    private static Sent transition(int partition, String segment, long second, String congestion, double seconds) {
        double kph = 3.6 * 1000 / seconds;
        return new Sent(
                partition,
                segment,
                second,
                new AdvisoryEvent(
                        sec(second).toEpochMilli(),
                        new SegmentChange(congestion, kph, seconds, seconds, List.of()),
                        null,
                        null,
                        List.of()));
    }

    private static Sent through(int partition, long second, RoutingChange... routing) {
        return new Sent(
                partition,
                "",
                second,
                AdvisoryEvents.of(
                        new SegmentEvent.Evaluated(partition, sec(second).toEpochMilli()), List.of(routing)));
    }

    private static final RoutingChange CANAL_SLOW = slow("A-C", 15, 90);
    private static final RoutingChange GARDEN_SLOW = slow("A-G", 25, 100);
    private static final Sent MAIN_CONGESTED = transition(0, "A-B", 20, "CONGESTED", 240);

    private List<RoutingAdvisory> play(List<Sent> order, int expectedAtTheEnd) {
        try (PipelineTestDriver ttd = new PipelineTestDriver(
                PipelineSettings.defaults(), TestNetworks.triangle(), T0.plus(Duration.ofDays(3)), 2)) {
            TestInputTopic<String, AdvisoryEvent> in = ttd.advisoryInputs();
            for (int i = 0; i < order.size(); i++) {
                Sent s = order.get(i);
                in.pipeInput(s.key(), s.event(), sec(s.second()));
                if (i < order.size() - 1) {
                    List<RoutingAdvisory> early = ttd.advisories.readValuesToList();
                    assertTrue(
                            early.isEmpty(),
                            "nothing is judged before both partitions have passed 20 s, yet after " + s + ": " + early);
                }
            }
            List<RoutingAdvisory> issued = ttd.advisories.readValuesToList();
            assertEquals(expectedAtTheEnd, issued.size(), "advisories: " + issued);
            return issued;
        }
    }

    @Test
    void theDetourIsRoutedOverTheStatesAsOfItsTimeWhicheverPartitionRanAhead() {
        // Partition 1 drained ahead (a backlog): Garden Lane's 25 s state is known before A-B's 20 s is judged.
        List<RoutingAdvisory> oneAhead =
                play(List.of(through(1, 30, CANAL_SLOW, GARDEN_SLOW), MAIN_CONGESTED, through(0, 30)), 1);
        // Partition 0 ran ahead: A-B is judged (and waits) before partition 1 has said anything.
        List<RoutingAdvisory> zeroAhead =
                play(List.of(MAIN_CONGESTED, through(0, 30), through(1, 30, CANAL_SLOW, GARDEN_SLOW)), 1);
        // Real time: each partition's evaluations as their times come, the last one to pass 20 s releasing A-B.
        List<RoutingAdvisory> realTime =
                play(List.of(through(1, 15, CANAL_SLOW), MAIN_CONGESTED, through(0, 20), through(1, 20)), 1);

        RoutingAdvisory advisory = realTime.get(0);
        assertEquals("A-B", advisory.getSegmentId());
        assertEquals(List.of("A-G", "G-B"), advisory.getDetour().getSegmentIds(), "Garden Lane, free as of 20 s");
        assertEquals(92.2, advisory.getDetour().getTravelTimeSeconds(), 1e-9, "two free-flowing 640 m at 50 km/h");
        for (RoutingAdvisory other : List.of(oneAhead.get(0), zeroAhead.get(0))) {
            other.setIssuedAt(advisory.getIssuedAt());
            assertEquals(advisory, other);
        }
    }

    @Test
    void aStateLaterThanTheJudgedTimeChangesTheNextDetourNotThisOne() {
        // The same input, then A-B stopped at 40 s: routed as of 40 s, Garden Lane (slow since 25 s) loses to Canal
        // Road.
        Sent mainStopped = transition(0, "A-B", 40, "STOPPED", 700);
        List<RoutingAdvisory> issued =
                play(List.of(through(1, 60, CANAL_SLOW, GARDEN_SLOW), MAIN_CONGESTED, mainStopped, through(0, 60)), 2);
        assertEquals(List.of("A-G", "G-B"), issued.get(0).getDetour().getSegmentIds());
        assertEquals(List.of("A-C", "C-B"), issued.get(1).getDetour().getSegmentIds());
        assertEquals(136.1, issued.get(1).getDetour().getTravelTimeSeconds(), 1e-9, "90 s + 46.1 s");
    }
}
