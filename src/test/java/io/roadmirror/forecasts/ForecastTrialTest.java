package io.roadmirror.forecasts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.forecasts.ForecastAccuracy.Row;
import io.roadmirror.model.Hotspot;
import io.roadmirror.model.IncidentReport;
import io.roadmirror.model.RoutingAdvisory;
import io.roadmirror.model.SegmentForecast;
import io.roadmirror.model.SegmentState;
import io.roadmirror.model.SensorReading;
import io.roadmirror.model.VehiclePosition;
import io.roadmirror.network.RoadNetwork;
import io.roadmirror.network.SampleCity;
import io.roadmirror.sim.Fidelity;
import io.roadmirror.sim.GatewayRecord;
import io.roadmirror.sim.GroundTruth;
import io.roadmirror.sim.SimulatorSettings;
import io.roadmirror.sim.TrafficModel;
import io.roadmirror.sim.TrueIncident;
import io.roadmirror.testing.PipelineTestDriver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The forecast trial of docs/forecasts.md, on request only (it takes minutes per simulated day):
 * several simulated days of the sample city played through the whole pipeline topology (the very one
 * {@code roadmirror run} starts) in a TopologyTestDriver, without a broker, so that no machine load
 * can make the input late; the forecasts are then judged against the simulator's ground truth as the
 * {@code fidelity} command judges a live run ({@link ForecastAccuracy}). Run with
 * <pre>mvn -o test -Dtest=ForecastTrialTest -Dforecast.trial.days=3 -Dcheckstyle.skip</pre>
 * ({@code -Dforecast.trial.every=K} plays only every K-th segment's input, default 1: the mirror and the
 * forecasts of a segment depend on its own input alone, so a sample of segments is judged exactly as
 * in a run of the whole city, at a fraction of the time; the simulated city is whole either way).
 * ({@code -Dforecast.trial.seed=S} runs another simulation, default 42). The report goes to
 * target/forecast-trial.md, and what the forecast rule took in and is judged against to
 * target/forecast-trial-seedS.rec.gz (or {@code -Dforecast.trial.record=FILE}), for
 * {@link ForecastReplayTest} to replay variants of the rule over in seconds; the replay of the rule
 * over this very recording must give this run's table, which shows that a replay judges what the
 * trial judges. It fails when the forecast does not beat both baselines at 15 and 30 minutes.
 */
@EnabledIfSystemProperty(named = "forecast.trial.days", matches = "\\d+(\\.\\d+)?")
@Timeout(value = 4, unit = TimeUnit.HOURS)
class ForecastTrialTest {
    private static final long STEP_MS = 10_000;

    /** The ground truth kept in memory, in the form the fidelity file has. */
    private static final class Truth implements GroundTruth {
        final Map<String, List<long[]>> speeds = new HashMap<>();
        final List<TrueIncident> incidents = new ArrayList<>();
        long lastMinute;

        @Override
        public void speed(String segmentId, long minuteStart, double speedKph) {
            speeds.computeIfAbsent(segmentId, k -> new ArrayList<>())
                    .add(new long[] {minuteStart, Math.round(speedKph * 10)});
            lastMinute = Math.max(lastMinute, minuteStart);
        }

        @Override
        public void incident(TrueIncident incident) {
            incidents.add(incident);
        }
    }

    @Test
    void theForecastBeatsPersistenceAndTheHistoricalMeanAtFifteenAndThirtyMinutes() throws IOException {
        double days = Double.parseDouble(System.getProperty("forecast.trial.days"));
        int every = Integer.getInteger("forecast.trial.every", 1);
        long seed = Long.getLong("forecast.trial.seed", 42);
        Instant start = Instant.parse("2026-03-01T00:00:00Z");
        long end = start.toEpochMilli() + (long) (days * 86_400_000L);
        RoadNetwork network = SampleCity.generate();
        SimulatorSettings defaults = SimulatorSettings.defaults(seed);
        SimulatorSettings settings = new SimulatorSettings(
                defaults.speedup(),
                seed,
                defaults.gateways(),
                defaults.probeVehicles(),
                defaults.incidentsPerHour(),
                Optional.of(start),
                SimulatorSettings.Realism.NONE);
        List<String> ids = network.segments().stream().map(s -> s.id()).sorted().toList();
        Set<String> played = new HashSet<>();
        for (int i = 0; i < ids.size(); i += every) {
            played.add(ids.get(i));
        }
        Truth truth = new Truth();
        TrafficModel model = new TrafficModel(network, settings, start, truth);

        List<SegmentState> mirror = new ArrayList<>();
        List<SegmentForecast> forecasts = new ArrayList<>();
        List<IncidentReport> reports = new ArrayList<>();
        List<RoutingAdvisory> advisories = new ArrayList<>();
        List<Hotspot> hotspots = new ArrayList<>();
        long inputs = 0;
        int deadLetters = 0;
        long began = System.nanoTime();
        try (PipelineTestDriver ttd = new PipelineTestDriver(network, start)) {
            for (long t = start.toEpochMilli(); t < end; t += STEP_MS) {
                for (GatewayRecord r : model.advanceTo(t)) {
                    Instant at = Instant.ofEpochMilli(r.sendAt());
                    if (r.value() instanceof SensorReading reading && played.contains(reading.getSegmentId())) {
                        ttd.readings.pipeInput(r.key(), reading, at);
                    } else if (r.value() instanceof VehiclePosition position
                            && played.contains(position.getSegmentId())) {
                        ttd.positions.pipeInput(r.key(), position, at);
                    } else if (r.value() instanceof IncidentReport incident
                            && played.contains(incident.getSegmentId())) {
                        ttd.incidents.pipeInput(r.key(), incident, at);
                    } else {
                        continue;
                    }
                    inputs++;
                }
                ttd.advanceWallClock(
                        Duration.ofSeconds(1)); // heartbeats: a quiet source does not hold the watermark back
                if ((t - start.toEpochMilli()) % 600_000 == 0 || t + STEP_MS >= end) {
                    mirror.addAll(ttd.mirror.readValuesToList());
                    forecasts.addAll(ttd.forecasts.readValuesToList());
                    reports.addAll(ttd.incidentReportsOut.readValuesToList());
                    advisories.addAll(ttd.advisories.readValuesToList());
                    hotspots.addAll(ttd.hotspots.readValuesToList());
                    deadLetters += ttd.readDeadLetters().size();
                }
                if ((t - start.toEpochMilli()) % 21_600_000 == 0) {
                    System.out.printf(
                            Locale.ROOT,
                            "trial: %s, %,d inputs, %,d states, %,d forecasts, %.0f s%n",
                            Instant.ofEpochMilli(t),
                            inputs,
                            mirror.size(),
                            forecasts.size(),
                            (System.nanoTime() - began) / 1e9);
                }
            }
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        ForecastAccuracy accuracy = new ForecastAccuracy(truth.speeds, mirror);
        forecasts.forEach(accuracy::accept);
        ForecastAccuracy.Result result = accuracy.result();
        Fidelity.Report report = Fidelity.judge(
                new Fidelity.Truth(truth.speeds, truth.incidents, truth.lastMinute),
                mirror,
                reports,
                advisories,
                hotspots.size(),
                result);
        String text = String.format(
                Locale.ROOT,
                "Forecast trial: %.1f simulated days of the sample city (%d segments, %d sensors, %d probe "
                        + "vehicles, seed %d, from %s), the input of %d segments (every %d-th) played through the pipeline topology in "
                        + "%.0f s: %,d inputs, %d dead letters. The fidelity measures other than the forecasts count every segment of "
                        + "the city, played or not: only the forecast table is meaningful for a sample.%n%n%s",
                days,
                network.size(),
                model.sensorCount(),
                settings.probeVehicles(),
                seed,
                start,
                played.size(),
                every,
                seconds,
                inputs,
                deadLetters,
                report.table());
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/forecast-trial.md"), text);
        System.out.println(text);

        Path recording =
                Path.of(System.getProperty("forecast.trial.record", "target/forecast-trial-seed" + seed + ".rec.gz"));
        TrialRecording.write(recording, mirror, forecasts, truth.speeds, played);
        ForecastAccuracy.Result replayed = TrialRecording.read(recording).replay(network, ForecastThresholds.DEFAULTS);
        assertEquals(result.judgedByMethod(), replayed.judgedByMethod(), "the replay forecasts what the pipeline did");
        assertEquals(result.rows().size(), replayed.rows().size());
        for (int i = 0; i < result.rows().size(); i++) {
            Row trial = result.rows().get(i);
            Row replay = replayed.rows().get(i);
            assertEquals(trial.samples(), replay.samples(), "points judged at " + trial.minutesAhead() + " min");
            assertEquals(
                    trial.forecastMaeKph(), replay.forecastMaeKph(), 1e-9, "forecast MAE at " + trial.minutesAhead());
            assertEquals(trial.persistenceMaeKph(), replay.persistenceMaeKph(), 1e-9);
            assertEquals(trial.historicalMeanMaeKph(), replay.historicalMeanMaeKph(), 1e-9);
        }

        for (Row row : result.rows()) {
            if (row.minutesAhead() >= 15) {
                assertTrue(
                        row.forecastMaeKph() < row.persistenceMaeKph()
                                && row.forecastMaeKph() < row.historicalMeanMaeKph(),
                        "at " + row.minutesAhead() + " min the forecast must beat both baselines: " + row);
            }
        }
        assertTrue(
                result.rows().stream().anyMatch(r -> r.minutesAhead() == 30 && r.samples() > 0),
                "something was judged at 30 min");
    }
}
