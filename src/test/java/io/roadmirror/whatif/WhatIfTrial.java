package io.roadmirror.whatif;

import io.roadmirror.forecasts.ForecastTopology;
import io.roadmirror.mirror.Congestion;
import io.roadmirror.mirror.MirrorThresholds;
import io.roadmirror.mirror.MirrorTopology;
import io.roadmirror.model.CongestionLevel;
import io.roadmirror.model.SegmentForecast;
import io.roadmirror.model.SegmentState;
import io.roadmirror.network.RoadNetwork;
import io.roadmirror.network.Segment;
import io.roadmirror.routes.ForecastTravelTimes;
import io.roadmirror.routes.RouteBlocks;
import io.roadmirror.routes.RouteTopology;
import io.roadmirror.routes.StoreConditions;
import io.roadmirror.sim.CongestionModel;
import io.roadmirror.sim.GroundTruth;
import io.roadmirror.sim.SimulatorSettings;
import io.roadmirror.sim.TrafficModel;
import io.roadmirror.sim.TrueIncident;
import io.roadmirror.testing.PipelineTestDriver;
import io.roadmirror.testing.SimulationFeed;
import io.roadmirror.whatif.WhatIfAnswer.SegmentEffect;
import io.roadmirror.whatif.WhatIfAnswer.TripEffect;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The what-if trial of docs/whatif.md: the same simulated city (same seed) run without and with a
 * closure. The run without is played through the whole pipeline topology in a TopologyTestDriver up
 * to the closure's start; then the what-if is asked there, as {@code POST /api/what-if} would ask it
 * (the mirror's global stores, its forecasts and route blocks, now = the start). Its predicted
 * travel-time change of every segment is judged against the true change: each segment's mean travel
 * time over the closure's window in the run with it minus in the run without. The closed segment
 * itself is left out (closed is closed in both).
 */
final class WhatIfTrial {
    private static final long STEP_MS = 10_000;
    private static final long DRAIN_EVERY_MS = 600_000;
    /** A segment "actually changed" when its mean travel time moved by more than this share... */
    static final double CHANGED_SHARE = 0.05;
    /** ...and by at least this many seconds. */
    static final double CHANGED_SECONDS = 1.0;

    private static final Set<CongestionLevel> CONGESTED = Set.of(CongestionLevel.CONGESTED, CongestionLevel.STOPPED);

    /** A closure of {@code segmentId} from {@code at} for {@code duration}. */
    record Closure(String segmentId, Instant at, Duration duration) {
        long end() {
            return at.plus(duration).toEpochMilli();
        }
    }

    /**
     * @param playFrom input is played each day from this time of day (UTC)...
     * @param playUntil ...until this one (equal: all day); incident reports always are
     */
    record Plan(
            RoadNetwork network,
            SimulatorSettings settings,
            Instant start,
            List<Closure> closures,
            LocalTime playFrom,
            LocalTime playUntil) {}

    /**
     * One segment in one closure's window, travel times in seconds.
     *
     * @param without mean travel time without the closure
     * @param actual  mean with minus mean without
     * @param predicted the what-if's change (0 when it does not name the segment)
     */
    record Row(
            int closure,
            String segmentId,
            double without,
            double actual,
            double predicted,
            boolean predictedCongests,
            boolean congests,
            String cause) {
        boolean changed() {
            return Math.abs(actual) > Math.max(CHANGED_SECONDS, CHANGED_SHARE * without);
        }

        boolean predictedChange() {
            return Math.abs(predicted) > Math.max(CHANGED_SECONDS, CHANGED_SHARE * without);
        }
    }

    /**
     * One closure judged.
     *
     * @param simDetour     the way round the simulator's traffic drove
     * @param simDiverted   the traffic it sent round, vehicles per hour, a minute in
     * @param tripWithout   the closed segment's mean travel time without the closure
     * @param tripActual    the simulator's detour's mean travel time with the closure (null: no way round)
     * @param tripNaive     the simulator's detour's mean travel time without the closure
     */
    record Judged(
            Closure closure,
            WhatIfAnswer answer,
            List<String> simDetour,
            double simDiverted,
            double tripWithout,
            Double tripActual,
            Double tripNaive,
            List<Row> rows) {
        TripEffect trip() {
            return answer.trips().get(0);
        }
    }

    record Outcome(Plan plan, List<Judged> closures, long inputs, int deadLetters, double seconds) {
        List<Row> rows() {
            return closures.stream().flatMap(j -> j.rows().stream()).toList();
        }

        Metrics metrics() {
            return Metrics.of(rows());
        }

        String report() {
            StringBuilder r = new StringBuilder();
            r.append(String.format(
                    Locale.ROOT,
                    "What-if trial: %d segments, seed %d, %.2f incidents/h, from %s; %d closures; the run without "
                            + "played through the pipeline topology in %.0f s (%,d inputs, %d dead letters). A segment "
                            + "changed when its mean travel time over the window moved by more than %.0f %% and %.0f s.%n%n",
                    plan.network().size(),
                    plan.settings().seed(),
                    plan.settings().incidentsPerHour(),
                    plan.start(),
                    closures.size(),
                    seconds,
                    inputs,
                    deadLetters,
                    CHANGED_SHARE * 100,
                    CHANGED_SECONDS));
            r.append("| closure | from | min | baseline | changed | what-if MAE | naive MAE | congest hits | "
                    + "trip before | trip after: true / what-if / naive | same detour | diverted veh/h: true / what-if |\n"
                    + "|---|---|---|---|---|---|---|---|---|---|---|---|\n");
            for (Judged j : closures) {
                Metrics m = Metrics.of(j.rows());
                TripEffect trip = j.trip();
                List<String> predictedVia = trip.via();
                r.append(String.format(
                        Locale.ROOT,
                        "| %s | %s | %d | %s | %d | %.1f s | %.1f s | %d of %d (%d predicted) | %.0f s | %s / %s / %s | %s | %.0f / %.0f |%n",
                        j.closure().segmentId(),
                        j.closure().at().atZone(ZoneOffset.UTC).toLocalTime(),
                        j.closure().duration().toMinutes(),
                        j.answer().baseline(),
                        m.changed(),
                        m.maeWhatIf(),
                        m.maeNaive(),
                        m.congestHits(),
                        m.congested(),
                        m.predictedCongests(),
                        j.tripWithout(),
                        seconds(j.tripActual()),
                        seconds(trip.travelTimeSecondsAfter()),
                        seconds(j.tripNaive()),
                        predictedVia.equals(j.simDetour()) ? "yes" : "no",
                        j.simDiverted(),
                        trip.divertedVehPerHour()));
            }
            r.append("\nOver all closures:\n\n").append(metrics().table()).append(trips(closures));
            return r.toString();
        }

        /** The trip between each closed segment's junctions: the what-if's after against the true one. */
        static String trips(List<Judged> judged) {
            List<Judged> round = judged.stream()
                    .filter(j -> j.tripActual() != null && j.trip().travelTimeSecondsAfter() != null)
                    .toList();
            return String.format(
                    Locale.ROOT,
                    "| trip round the closure (%d): MAE of the time after | %.0f s | %.0f s (the way round at "
                            + "today's times) |%n",
                    round.size(),
                    round.stream()
                            .mapToDouble(j -> Math.abs(j.trip().travelTimeSecondsAfter() - j.tripActual()))
                            .average()
                            .orElse(Double.NaN),
                    round.stream()
                            .mapToDouble(j -> Math.abs(j.tripNaive() - j.tripActual()))
                            .average()
                            .orElse(Double.NaN));
        }

        /** One line per segment that changed or was predicted to, for a closer look. */
        String csv() {
            StringBuilder c = new StringBuilder(
                    "closure,at,segmentId,cause,without,actual,predicted,changed,predictedCongests,congests\n");
            for (Row row : rows()) {
                if (!row.changed() && !row.predictedChange() && row.cause() == null) {
                    continue;
                }
                Closure closure = closures.get(row.closure()).closure();
                c.append(String.format(
                        Locale.ROOT,
                        "%s,%s,%s,%s,%.1f,%.1f,%.1f,%b,%b,%b%n",
                        closure.segmentId(),
                        closure.at(),
                        row.segmentId(),
                        row.cause() == null ? "" : row.cause(),
                        row.without(),
                        row.actual(),
                        row.predicted(),
                        row.changed(),
                        row.predictedCongests(),
                        row.congests()));
            }
            return c.toString();
        }

        private static String seconds(Double s) {
            return s == null ? "none" : String.format(Locale.ROOT, "%.0f s", s);
        }
    }

    /**
     * The measures over some rows.
     *
     * @param changed            segments that actually changed
     * @param maeWhatIf          mean |predicted - actual| change over them, seconds
     * @param maeNaive           the same for "nothing changes but the closed segment" (mean |actual|)
     * @param biasWhatIf         mean predicted - actual over them
     * @param meanActual         mean actual change over them (signed)
     * @param falseAlarms        segments predicted to change that did not
     * @param falseAlarmMae      mean |predicted - actual| over those
     * @param congested          segments that actually became congested (or stopped)
     * @param predictedCongests  segments the what-if said would
     * @param congestHits        both
     */
    record Metrics(
            int changed,
            double maeWhatIf,
            double maeNaive,
            double biasWhatIf,
            double meanActual,
            int falseAlarms,
            double falseAlarmMae,
            int congested,
            int predictedCongests,
            int congestHits) {
        static Metrics of(List<Row> rows) {
            List<Row> changed = rows.stream().filter(Row::changed).toList();
            List<Row> alarms = rows.stream()
                    .filter(r -> r.predictedChange() && !r.changed())
                    .toList();
            return new Metrics(
                    changed.size(),
                    mean(changed, r -> Math.abs(r.predicted() - r.actual())),
                    mean(changed, r -> Math.abs(r.actual())),
                    mean(changed, r -> r.predicted() - r.actual()),
                    mean(changed, Row::actual),
                    alarms.size(),
                    mean(alarms, r -> Math.abs(r.predicted() - r.actual())),
                    (int) rows.stream().filter(Row::congests).count(),
                    (int) rows.stream().filter(Row::predictedCongests).count(),
                    (int) rows.stream()
                            .filter(r -> r.congests() && r.predictedCongests())
                            .count());
        }

        private static double mean(List<Row> rows, ToDoubleFunction<Row> f) {
            return rows.stream().mapToDouble(f).average().orElse(Double.NaN);
        }

        String table() {
            return String.format(
                    Locale.ROOT,
                    "| measure | what-if | naive (only the closed segment changes) |%n|---|---|---|%n"
                            + "| segments that changed (travel time > %.0f %% and %.0f s) | %d (mean change %+.1f s) | |%n"
                            + "| MAE of the travel-time change on them | %.1f s (bias %+.1f s) | %.1f s |%n"
                            + "| predicted to change but did not | %d (MAE %.1f s) | 0 |%n"
                            + "| \"would congest\": hits / predicted (precision) | %d / %d (%s) | 0 / 0 |%n"
                            + "| \"would congest\": hits / became congested (recall) | %d / %d (%s) | 0 / %d (0 %%) |%n",
                    CHANGED_SHARE * 100,
                    CHANGED_SECONDS,
                    changed,
                    meanActual,
                    maeWhatIf,
                    biasWhatIf,
                    maeNaive,
                    falseAlarms,
                    falseAlarmMae,
                    congestHits,
                    predictedCongests,
                    pct(congestHits, predictedCongests),
                    congestHits,
                    congested,
                    pct(congestHits, congested),
                    congested);
        }

        private static String pct(int part, int whole) {
            return whole == 0 ? "n/a" : String.format(Locale.ROOT, "%.0f %%", 100.0 * part / whole);
        }
    }

    /** Each segment's true speed per minute, kept for the minutes some window wants. */
    private static final class Speeds implements GroundTruth {
        private final Predicate<Long> kept;
        final Map<String, Map<Long, Double>> bySegment = new HashMap<>();

        Speeds(Predicate<Long> kept) {
            this.kept = kept;
        }

        @Override
        public void speed(String segmentId, long minuteStart, double speedKph) {
            if (kept.test(minuteStart)) {
                bySegment.computeIfAbsent(segmentId, id -> new HashMap<>()).put(minuteStart, speedKph);
            }
        }

        @Override
        public void incident(TrueIncident incident) {}

        /** Mean travel time over [from, until), seconds, at no less than the crawl of a queue (as the simulator's vehicles drive). */
        double meanSeconds(Segment s, long from, long until) {
            Map<Long, Double> minutes = bySegment.get(s.id());
            double sum = 0;
            int n = 0;
            for (long m = from; m < until; m += 60_000) {
                sum += s.lengthMeters() / (Math.max(CongestionModel.CRAWL_KPH, minutes.get(m)) / 3.6);
                n++;
            }
            return sum / n;
        }
    }

    private WhatIfTrial() {}

    static Outcome run(Plan plan) {
        List<Closure> closures = plan.closures();
        List<Closure> byTime =
                closures.stream().sorted(Comparator.comparing(Closure::at)).toList();
        Predicate<Long> inAWindow =
                minute -> closures.stream().anyMatch(c -> minute >= c.at().toEpochMilli() && minute < c.end());
        Speeds without = new Speeds(inAWindow);
        TrafficModel base = new TrafficModel(plan.network(), plan.settings(), plan.start(), without);
        Map<Closure, WhatIfAnswer> answers = new HashMap<>();
        long began = System.nanoTime();
        long inputs = 0;
        int deadLetters = 0;
        long start = plan.start().toEpochMilli();
        long lastAsk = byTime.get(byTime.size() - 1).at().toEpochMilli();
        try (PipelineTestDriver ttd = new PipelineTestDriver(plan.network(), plan.start())) {
            int next = 0;
            for (long t = start + STEP_MS; next < byTime.size(); t += STEP_MS) {
                inputs += SimulationFeed.playStep(
                        ttd, base.advanceTo(t), SimulationFeed.within(t, plan.playFrom(), plan.playUntil()));
                while (next < byTime.size() && byTime.get(next).at().toEpochMilli() <= t) {
                    Closure c = byTime.get(next++);
                    answers.put(c, ask(ttd, plan.network(), c, t));
                }
                if ((t - start) % DRAIN_EVERY_MS == 0 || t >= lastAsk) {
                    deadLetters += drain(ttd);
                }
            }
        }
        long end = closures.stream().mapToLong(Closure::end).max().orElseThrow();
        advance(base, end);

        List<Judged> judged = new ArrayList<>();
        for (int k = 0; k < closures.size(); k++) {
            Closure c = closures.get(k);
            long from = c.at().toEpochMilli();
            Speeds with = new Speeds(minute -> minute >= from && minute < c.end());
            TrafficModel closing = new TrafficModel(plan.network(), plan.settings(), plan.start(), with);
            closing.planClosure(c.segmentId(), c.at(), c.duration());
            advance(closing, from + 60_000);
            List<String> simDetour = closing.detourOf(c.segmentId());
            double simDiverted = closing.divertedVehPerHour(c.segmentId());
            advance(closing, c.end());
            judged.add(judge(plan.network(), k, c, answers.get(c), simDetour, simDiverted, without, with));
        }
        return new Outcome(plan, judged, inputs, deadLetters, (System.nanoTime() - began) / 1e9);
    }

    /** The what-if as the API asks it: over the global stores, now = the closure's start. */
    private static WhatIfAnswer ask(PipelineTestDriver ttd, RoadNetwork network, Closure c, long now) {
        KeyValueStore<String, SegmentState> mirror = ttd.driver.getKeyValueStore(MirrorTopology.GLOBAL_STORE);
        KeyValueStore<String, RouteBlocks> blocks = ttd.driver.getKeyValueStore(RouteTopology.BLOCKS_STORE);
        KeyValueStore<String, SegmentForecast> forecasts = ttd.driver.getKeyValueStore(ForecastTopology.GLOBAL_STORE);
        StoreConditions conditions = new StoreConditions(
                network, mirror::get, blocks::get, id -> ForecastTravelTimes.Forecast.of(forecasts.get(id)));
        return WhatIfPlanner.answer(
                new WhatIfQuestion(List.of(c.segmentId()), List.of(), c.at().toEpochMilli(), (int)
                        c.duration().toMinutes()),
                now,
                conditions,
                mirror::get,
                MirrorThresholds.DEFAULTS);
    }

    private static Judged judge(
            RoadNetwork network,
            int k,
            Closure c,
            WhatIfAnswer answer,
            List<String> simDetour,
            double simDiverted,
            Speeds without,
            Speeds with) {
        long from = c.at().toEpochMilli();
        long until = c.end();
        Map<String, SegmentEffect> effects = new HashMap<>();
        answer.segments().forEach(e -> effects.put(e.segmentId(), e));
        List<Row> rows = new ArrayList<>();
        for (Segment s : network.segments().stream()
                .sorted(Comparator.comparing(Segment::id))
                .toList()) {
            if (s.id().equals(c.segmentId())) {
                continue;
            }
            double before = without.meanSeconds(s, from, until);
            double after = with.meanSeconds(s, from, until);
            SegmentEffect e = effects.get(s.id());
            double predicted = e == null || e.changeSeconds() == null ? 0 : e.changeSeconds();
            boolean predictedCongests =
                    e != null && CONGESTED.contains(e.congestionAfter()) && !CONGESTED.contains(e.congestionBefore());
            boolean congests = CONGESTED.contains(level(s, after)) && !CONGESTED.contains(level(s, before));
            rows.add(new Row(
                    k,
                    s.id(),
                    before,
                    after - before,
                    predicted,
                    predictedCongests,
                    congests,
                    e == null ? null : e.cause().name()));
        }
        Segment closed = network.segment(c.segmentId()).orElseThrow();
        Double tripActual = null;
        Double tripNaive = null;
        if (!simDetour.isEmpty()) {
            double a = 0;
            double n = 0;
            for (String id : simDetour) {
                Segment s = network.segment(id).orElseThrow();
                a += with.meanSeconds(s, from, until);
                n += without.meanSeconds(s, from, until);
            }
            tripActual = a;
            tripNaive = n;
        }
        return new Judged(
                c,
                answer,
                simDetour,
                simDiverted,
                without.meanSeconds(closed, from, until),
                tripActual,
                tripNaive,
                rows);
    }

    private static CongestionLevel level(Segment s, double seconds) {
        return Congestion.level(s.lengthMeters() / seconds * 3.6, s.speedLimitKph(), MirrorThresholds.DEFAULTS);
    }

    /** Runs a model on to {@code time} an hour at a time, its records dropped. */
    private static void advance(TrafficModel model, long time) {
        while (model.now() < time) {
            long before = model.now();
            model.advanceTo(Math.min(time, before + 3_600_000));
            if (model.now() == before) {
                return; // within a step of it
            }
        }
    }

    private static int drain(PipelineTestDriver ttd) {
        ttd.mirror.readValuesToList();
        ttd.forecasts.readValuesToList();
        ttd.advisories.readValuesToList();
        ttd.hotspots.readValuesToList();
        ttd.incidentReportsOut.readValuesToList();
        return ttd.readDeadLetters().size();
    }
}
