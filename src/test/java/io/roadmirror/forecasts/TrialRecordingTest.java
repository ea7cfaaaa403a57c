package io.roadmirror.forecasts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.roadmirror.model.CongestionLevel;
import io.roadmirror.model.SegmentForecast;
import io.roadmirror.model.SegmentState;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A trial's recording gives back the states the forecast rule took in, published or not. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TrialRecordingTest {
    private static SegmentState state(String segment, long asOf, Double speed, CongestionLevel level, int incidents) {
        return SegmentState.newBuilder()
                .setSegmentId(segment)
                .setAsOf(Instant.ofEpochMilli(asOf))
                .setCongestion(level)
                .setSpeedKph(speed)
                .setTravelTimeSeconds(60)
                .setFreeFlowTravelTimeSeconds(50)
                .setSensorsReporting(1)
                .setProbeVehicles(0)
                .setOpenIncidentIds(incidents == 0 ? List.of() : List.of("i1"))
                .build();
    }

    private static SegmentForecast forecast(String segment, long asOf) {
        return new SegmentForecast(segment, Instant.ofEpochMilli(asOf), Forecast.PERSISTENCE, List.of());
    }

    @Test
    void theRuleGetsEveryPublishedStateAndAtEachOtherForecastTheStateThenHeld(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("trial.rec.gz");
        TrialRecording.write(
                file,
                List.of(
                        state("A-B", 0, 40.0, CongestionLevel.FREE_FLOW, 0),
                        state("A-B", 90_000, 42.5, CongestionLevel.FREE_FLOW, 1),
                        state("A-B", 200_000, 12.0, CongestionLevel.UNKNOWN, 0),
                        state("B-C", 5_000, 30.0, CongestionLevel.SLOW, 0)),
                // 60 s: an update that was not published (an incident's change that left the state as it was)
                List.of(forecast("A-B", 0), forecast("A-B", 60_000), forecast("A-B", 200_000)),
                Map.of("A-B", List.<long[]>of(new long[] {0, 400}), "C-A", List.<long[]>of(new long[] {0, 100})),
                Set.of("A-B", "B-C"));

        TrialRecording read = TrialRecording.read(file);

        assertEquals(
                List.of(
                        new TrialRecording.Input(0, 40.0, 0),
                        new TrialRecording.Input(60_000, 40.0, 0),
                        new TrialRecording.Input(90_000, 42.5, 1),
                        new TrialRecording.Input(200_000, null, 0)),
                read.inputs("A-B"),
                "UNKNOWN is no speed");
        assertEquals(List.of(new TrialRecording.Input(5_000, 30.0, 0)), read.inputs("B-C"));
        assertEquals(4, read.mirror().size());
        assertEquals(Set.of("A-B"), read.truth().keySet(), "the truth of played segments only");
        assertEquals(400, read.truth().get("A-B").get(0)[1]);
    }
}
