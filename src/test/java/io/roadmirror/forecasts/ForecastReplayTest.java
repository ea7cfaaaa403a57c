package io.roadmirror.forecasts;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.roadmirror.network.RoadNetwork;
import io.roadmirror.network.SampleCity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
            for (ForecastThresholds variant : variants()) {
                ForecastAccuracy.Result r = recording.replay(network, variant);
                StringBuilder row = new StringBuilder(String.format(
                        Locale.ROOT,
                        "smoothing %2d min, learning %5d samples, ridge %7.1f, incidents %s:",
                        variant.smoothing().toMinutes(),
                        variant.learningSamples(),
                        variant.ridge(),
                        variant.profileSkipsIncidents() ? "skipped" : "learned"));
                r.rows()
                        .forEach(h -> row.append(String.format(
                                Locale.ROOT,
                                "  %d min %.3f (persistence %.3f)",
                                h.minutesAhead(),
                                h.forecastMaeKph(),
                                h.persistenceMaeKph())));
                lines.add(row.toString());
                System.out.println(row);
            }
        }
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/forecast-replay.md"), String.join("\n", lines) + "\n");
        System.out.println(String.join("\n", lines));
    }

    private static List<ForecastThresholds> variants() {
        List<ForecastThresholds> variants = new ArrayList<>();
        for (int smoothing : Integer.getInteger("forecast.replay.smoothing", 0) > 0
                ? List.of(Integer.getInteger("forecast.replay.smoothing"))
                : List.of(3, 5, 10)) {
            for (int samples : List.of(360, 1440, 4320)) {
                for (double ridge : List.of(10.0, 100.0, 1000.0)) {
                    for (boolean skip : List.of(true, false)) {
                        variants.add(RULES.learning(Duration.ofMinutes(smoothing), samples, ridge)
                                .profileSkippingIncidents(skip));
                    }
                }
            }
        }
        return variants;
    }
}
