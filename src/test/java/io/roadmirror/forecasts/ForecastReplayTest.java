package io.roadmirror.forecasts;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.roadmirror.network.RoadNetwork;
import io.roadmirror.network.SampleCity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Variants of the forecast rule replayed over the recording of a forecast trial (on request only):
 * each is judged exactly as the trial judges the pipeline's forecasts ({@link TrialRecording}), in
 * seconds. Run with
 * <pre>mvn -o test -Dtest=ForecastReplayTest -Dforecast.replay=target/forecast-trial-seed42.rec.gz -Dcheckstyle.skip</pre>
 * (several recordings separated by commas are replayed one after the other). The tables go to
 * target/forecast-replay.md. Tune on one seed's recording and confirm on another's: a variant chosen
 * on the days it is judged on proves nothing.
 */
@EnabledIfSystemProperty(named = "forecast.replay", matches = ".+")
@Timeout(value = 30, unit = TimeUnit.MINUTES)
class ForecastReplayTest {
    private static final ForecastThresholds RULES = ForecastThresholds.DEFAULTS;

    @Test
    void replaysTheRuleAndItsVariantsOverARecordedTrial() throws IOException {
        RoadNetwork network = SampleCity.generate();
        List<String> lines = new ArrayList<>();
        for (String file : System.getProperty("forecast.replay").split(",")) {
            TrialRecording recording = TrialRecording.read(Path.of(file.trim()));
            assertFalse(recording.states().isEmpty(), file + " holds no mirror state");
            lines.add("## " + file + "\n");
            lines.add("### the rule (ForecastThresholds.DEFAULTS)\n\n"
                    + recording.replay(network, RULES).table());
        }
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/forecast-replay.md"), String.join("\n", lines) + "\n");
        System.out.println(String.join("\n", lines));
    }
}
