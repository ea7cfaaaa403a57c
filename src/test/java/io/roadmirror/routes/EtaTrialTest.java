package io.roadmirror.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.model.RouteStatus;
import io.roadmirror.network.ExpresswayNetwork;
import io.roadmirror.network.RoadNetwork;
import io.roadmirror.network.SampleCity;
import io.roadmirror.routes.EtaAccuracy.Eta;
import io.roadmirror.sim.SimulatorSettings;
import io.roadmirror.testing.SimulationFeed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The ETA trial of docs/routes.md ({@link EtaTrial}): trips requested on route.requests, answered by
 * the pipeline's route topology, driven through the simulator's traffic, their ETAs judged against
 * the time taken. A short one on a small expressway runs with every build; the trial itself on request:
 * <pre>mvn -o test -Dtest=EtaTrialTest -Deta.trial.days=2 -Dcheckstyle.skip</pre>
 * (defaults: {@code -Deta.trial.network=expressway:12} (or {@code city}), {@code -Deta.trial.learn-days=1}
 * (days that only teach the forecasts), {@code -Deta.trial.trips-from=06:00}, {@code -Deta.trial.trips-until=20:00},
 * {@code -Deta.trial.every-minutes=2}, {@code -Deta.trial.min-minutes=10}). The report goes to target/eta-trial.md, one line per trip to
 * target/eta-trial.csv. It fails when the predicted ETA does not beat both the live-only and the
 * free-flow ETA, in MAE and in MAPE.
 */
class EtaTrialTest {
    private static final long SEED = 42;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void tripsRequestedAtNightOnAFlowingExpresswayArriveWhenTheirEtaSaid() {
        RoadNetwork road = ExpresswayNetwork.of(3);
        Instant start = Instant.parse("2026-03-01T03:00:00Z");
        SimulatorSettings quiet =
                new SimulatorSettings(60, SEED, 2, 10, 0, Optional.of(start), SimulatorSettings.Realism.NONE);
        EtaTrial.Outcome outcome = EtaTrial.run(new EtaTrial.Plan(
                road,
                quiet,
                start,
                start.plus(Duration.ofMinutes(6)),
                start.plus(Duration.ofMinutes(30)),
                LocalTime.MIDNIGHT,
                LocalTime.MIDNIGHT,
                LocalTime.of(3, 0),
                LocalTime.of(4, 0),
                Duration.ofMinutes(2),
                Duration.ofMinutes(2).plusSeconds(30)));

        assertEquals(2, outcome.pairs(), "the road end to end, each way: " + outcome.report());
        assertEquals(Map.of(RouteStatus.OK, 12), outcome.statuses(), "every request answered with a route");
        assertEquals(12, outcome.trips().size(), "every answered route driven to its end: " + outcome.report());
        assertEquals(0, outcome.deadLetters());
        for (EtaTrial.Trip trip : outcome.trips()) {
            assertEquals(3, trip.segments(), "three miles of one carriageway: " + trip);
        }
        EtaAccuracy.Result accuracy = outcome.accuracy();
        // At night the road flows at its own free speed, which the mirror knows from its sensors and the
        // speed limit only roughly.
        assertTrue(accuracy.row(Eta.PREDICTED).mapePct() < 3, accuracy.table());
        assertTrue(accuracy.row(Eta.LIVE).mapePct() < 3, accuracy.table());
        assertTrue(
                accuracy.row(Eta.PREDICTED).maeSeconds()
                        < accuracy.row(Eta.FREE_FLOW).maeSeconds(),
                accuracy.table());
    }

    @Test
    @EnabledIfSystemProperty(named = "eta.trial.days", matches = "\\d+")
    @Timeout(value = 6, unit = TimeUnit.HOURS)
    void thePredictedEtaBeatsTheLiveOnlyAndTheFreeFlowEta() throws IOException {
        int days = Integer.getInteger("eta.trial.days");
        RoadNetwork road = network(System.getProperty("eta.trial.network", "expressway:12"));
        LocalTime busyFrom = LocalTime.parse(System.getProperty("eta.trial.trips-from", "06:00"));
        LocalTime busyUntil = LocalTime.parse(System.getProperty("eta.trial.trips-until", "20:00"));
        int learnDays = Integer.getInteger("eta.trial.learn-days", 1);
        // Input is played from half an hour before the first trip until half an hour after the last (the forecasts
        // look 30 minutes ahead): on the first learn-days days it teaches the forecasts their time-of-day profiles, and
        // trips are requested on the later days. The nights between are not played (only incident reports, so none
        // stays open):
        // the trips' forecasts never look at them, and a trial takes a third of the time.
        LocalTime playFrom = busyFrom.minusMinutes(30);
        LocalTime playUntil = busyUntil.plusMinutes(30);
        Instant firstDay = Instant.parse("2026-03-01T00:00:00Z");
        Instant start = firstDay.plus(Duration.ofMinutes(playFrom.toSecondOfDay() / 60));
        EtaTrial.Outcome outcome = EtaTrial.run(new EtaTrial.Plan(
                road,
                SimulationFeed.citySettings(road, SEED, start),
                start,
                firstDay.plus(Duration.ofDays(learnDays)),
                firstDay.plus(Duration.ofDays(days - 1)).plus(Duration.ofMinutes(busyUntil.toSecondOfDay() / 60)),
                playFrom,
                playUntil,
                busyFrom,
                busyUntil,
                Duration.ofMinutes(Integer.getInteger("eta.trial.every-minutes", 2)),
                Duration.ofMinutes(Integer.getInteger("eta.trial.min-minutes", 10))));
        String report = outcome.report();
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/eta-trial.md"), report);
        Files.writeString(Path.of("target/eta-trial.csv"), outcome.csv());
        System.out.println(report);

        EtaAccuracy.Result a = outcome.accuracy();
        assertTrue(a.trips() >= 100, "enough trips to judge: " + a.trips());
        for (Eta other : new Eta[] {Eta.LIVE, Eta.FREE_FLOW}) {
            assertTrue(
                    a.row(Eta.PREDICTED).maeSeconds() < a.row(other).maeSeconds()
                            && a.row(Eta.PREDICTED).mapePct() < a.row(other).mapePct(),
                    "the predicted ETA must beat the " + other + " ETA:\n" + a.table());
        }
    }

    private static RoadNetwork network(String spec) {
        if (spec.equals("city")) {
            return SampleCity.generate();
        }
        if (spec.startsWith("expressway:")) {
            return ExpresswayNetwork.of(Integer.parseInt(spec.substring("expressway:".length())));
        }
        throw new IllegalArgumentException("eta.trial.network: expressway:MILES or city, not " + spec);
    }
}
