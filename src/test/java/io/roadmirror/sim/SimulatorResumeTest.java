package io.roadmirror.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.network.SampleCity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A restarted demo's simulator goes on with the same city from where it stopped, not from the morning. */
@Timeout(60)
class SimulatorResumeTest {
    private static final Instant START = Instant.parse("2026-03-15T06:30:00Z");
    private static final SimulatorSettings SETTINGS =
            new SimulatorSettings(60, 11, 4, 100, 12, Optional.empty(), SimulatorSettings.Realism.NONE);

    private static List<String> sent(List<GatewayRecord> records) {
        return records.stream()
                .map(r -> r.gatewayId() + "|" + r.topic() + "|" + r.key() + "|" + r.value())
                .toList();
    }

    @Test
    void aReplayedModelSendsExactlyWhatAnUninterruptedOneSendsAfterTheResumePoint() {
        long stop = START.plus(Duration.ofMinutes(95)).toEpochMilli() + 1_234;
        long end = START.plus(Duration.ofMinutes(130)).toEpochMilli();
        List<TrueIncident> truthUninterrupted = new ArrayList<>();
        TrafficModel uninterrupted =
                new TrafficModel(SampleCity.generate(), SETTINGS, START, collecting(truthUninterrupted));
        uninterrupted.advanceTo(stop);
        List<String> openAtStop = uninterrupted.activeIncidents().stream()
                .map(TrueIncident::incidentId)
                .toList();
        List<String> expected = sent(uninterrupted.advanceTo(end));

        List<TrueIncident> truthAfterRestart = new ArrayList<>();
        TrafficModel resumed = new TrafficModel(SampleCity.generate(), SETTINGS, START, collecting(truthAfterRestart));
        SimulatorResume.fastForward(resumed, stop);
        assertEquals(
                openAtStop,
                resumed.activeIncidents().stream().map(TrueIncident::incidentId).toList(),
                "the same incidents are open");
        List<String> actual = sent(resumed.advanceTo(end));

        assertFalse(expected.isEmpty());
        assertEquals(expected, actual);
        // The restarted demo writes its ground truth anew: the replay must report the part before the stop again, the
        // same as the uninterrupted run did (it was dropped once, and the report after a restart judged only the rest).
        assertTrue(truthAfterRestart.stream().anyMatch(i -> i.start() < stop), "the replayed part has incidents");
        assertEquals(truthUninterrupted, truthAfterRestart, "the whole day's ground truth, the replayed part included");
    }

    @Test
    void theSimulatedStartIsRecordedOnceAndKeptAcrossRestarts(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("simulator.properties");
        assertEquals(START, SimulatorResume.start(file, START));
        assertTrue(Files.exists(file));
        assertEquals(
                START, SimulatorResume.start(file, START.plus(Duration.ofDays(1))), "a restart keeps the first day");
    }

    private static GroundTruth collecting(List<TrueIncident> incidents) {
        return new GroundTruth() {
            @Override
            public void speed(String segmentId, long minuteStart, double speedKph) {}

            @Override
            public void incident(TrueIncident incident) {
                incidents.add(incident);
            }
        };
    }
}
