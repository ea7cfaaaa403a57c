package io.roadmirror.routes;

import io.roadmirror.model.RouteRequest;
import io.roadmirror.model.RouteResponse;
import io.roadmirror.model.RouteStatus;
import io.roadmirror.network.RoadNetwork;
import io.roadmirror.sim.DrivenTrip;
import io.roadmirror.sim.GroundTruth;
import io.roadmirror.sim.SimulatorSettings;
import io.roadmirror.sim.TrafficModel;
import io.roadmirror.sim.TrueIncident;
import io.roadmirror.testing.PipelineTestDriver;
import io.roadmirror.testing.SimulationFeed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The ETA trial of docs/routes.md: a simulated city played through the whole pipeline topology in a
 * TopologyTestDriver (every segment's input, so every segment a route can take has its mirror and
 * forecasts); at chosen moments a trip is requested on {@code route.requests} the way a navigation
 * app asks (from, to, departAt = now), the pipeline's route topology answers it on
 * {@code route.responses}, and a simulated vehicle drives the answered route through the simulator's
 * traffic ({@link TrafficModel#startTrip}). Each answer's predicted, live-only and free-flow ETAs are
 * then judged against the time the vehicle took ({@link EtaAccuracy}).
 */
final class EtaTrial {
    private static final long STEP_MS = 10_000;
    private static final long DRAIN_EVERY_MS = 600_000;
    /** After the last request, the simulation runs on (without input) until every vehicle arrived, at most this long. */
    private static final Duration MAX_DRIVE = Duration.ofHours(3);

    private static final Path PROGRESS = Path.of("target/eta-trial.progress");

    /**
     * @param start     simulated start (the pipeline learns from then on)
     * @param tripsFrom no trip is requested before this (the first day teaches the forecasts their profiles)
     * @param end       no trip is requested from this on; input stops here
     * @param playFrom  sensor readings and vehicle positions are played each day from this time of day (UTC)...
     * @param playUntil ...until this one (equal: all day); incident reports always are, so none is left open
     * @param busyFrom  trips are requested each day from this time of day (UTC)...
     * @param busyUntil ...until this one
     * @param tripEvery one trip every so often within those hours
     * @param minTrip   only junction pairs whose free-flow route takes at least this long are asked
     */
    record Plan(
            RoadNetwork network,
            SimulatorSettings settings,
            Instant start,
            Instant tripsFrom,
            Instant end,
            LocalTime playFrom,
            LocalTime playUntil,
            LocalTime busyFrom,
            LocalTime busyUntil,
            Duration tripEvery,
            Duration minTrip) {}

    /**
     * One judged trip: the answer's three ETAs and the time the vehicle took, seconds.
     *
     * @param metIncident a true incident was on one of its segments at some time while it drove
     */
    record Trip(
            String id,
            String from,
            String to,
            long departAt,
            int segments,
            double actual,
            double predicted,
            double live,
            double freeFlow,
            boolean metIncident) {}

    /** A request answered OK, whose vehicle is on the road. */
    private record Asked(String from, String to, RouteResponse response) {}

    record Outcome(
            Plan plan,
            int pairs,
            int requested,
            Map<RouteStatus, Integer> statuses,
            List<Trip> trips,
            int notArrived,
            long inputs,
            int deadLetters,
            double seconds) {
        EtaAccuracy.Result accuracy() {
            return accuracyOf(trips);
        }

        String report() {
            StringBuilder r = new StringBuilder();
            r.append(String.format(
                    Locale.ROOT,
                    "ETA trial: %d segments, %d probe vehicles, %.2f incidents/h, seed %d, from %s to %s, input played "
                            + "from %s to %s (UTC) each day; trips every %s from %s to %s (UTC) from %s on, between %d "
                            + "junction pairs whose free-flow route takes at least %s. Played through the pipeline topology "
                            + "in %.0f s: %,d inputs, %d dead letters.%n%n"
                            + "Requested %d: %s; driven and judged %d (%d still on the road at the end).%n%n",
                    plan.network().size(),
                    plan.settings().probeVehicles(),
                    plan.settings().incidentsPerHour(),
                    plan.settings().seed(),
                    plan.start(),
                    plan.end(),
                    plan.playFrom(),
                    plan.playUntil(),
                    plan.tripEvery(),
                    plan.busyFrom(),
                    plan.busyUntil(),
                    plan.tripsFrom(),
                    pairs,
                    plan.minTrip(),
                    seconds,
                    inputs,
                    deadLetters,
                    requested,
                    statuses,
                    trips.size(),
                    notArrived));
            r.append(accuracy().table());
            r.append(String.format(
                    Locale.ROOT,
                    "%nTime taken: mean %.1f s, shortest %.1f s, longest %.1f s.%n%n",
                    trips.stream().mapToDouble(Trip::actual).average().orElse(Double.NaN),
                    trips.stream().mapToDouble(Trip::actual).min().orElse(Double.NaN),
                    trips.stream().mapToDouble(Trip::actual).max().orElse(Double.NaN)));
            List<Trip> met = trips.stream().filter(Trip::metIncident).toList();
            List<Trip> clear = trips.stream().filter(t -> !t.metIncident()).toList();
            r.append(String.format(
                    Locale.ROOT,
                    "Trips that met an incident on their route while driving it (%d):%n%n%s%nThe others (%d):%n%n%s%n",
                    met.size(),
                    accuracyOf(met).table(),
                    clear.size(),
                    accuracyOf(clear).table()));
            r.append("By day (MAE / MAPE):\n\n| day | trips | mean time taken | predicted | live-only | free-flow |\n"
                    + "|---|---|---|---|---|---|\n");
            breakdown(
                    r,
                    t -> Instant.ofEpochMilli(t.departAt())
                            .atZone(ZoneOffset.UTC)
                            .toLocalDate()
                            .toString());
            r.append("\nBy hour of departure (MAE / MAPE):\n\n| departs | trips | mean time taken | predicted | "
                    + "live-only | free-flow |\n|---|---|---|---|---|---|\n");
            breakdown(
                    r,
                    t -> String.format(
                            Locale.ROOT,
                            "%02d:00",
                            Instant.ofEpochMilli(t.departAt())
                                    .atZone(ZoneOffset.UTC)
                                    .getHour()));
            return r.toString();
        }

        private void breakdown(StringBuilder r, Function<Trip, String> group) {
            Map<String, List<Trip>> groups = new TreeMap<>();
            trips.forEach(t -> groups.computeIfAbsent(group.apply(t), g -> new ArrayList<>())
                    .add(t));
            groups.forEach((name, list) -> {
                EtaAccuracy.Result a = accuracyOf(list);
                r.append(String.format(
                        Locale.ROOT,
                        "| %s | %d | %.0f s |%s|%s|%s|%n",
                        name,
                        list.size(),
                        list.stream().mapToDouble(Trip::actual).average().orElse(Double.NaN),
                        cell(a.row(EtaAccuracy.Eta.PREDICTED)),
                        cell(a.row(EtaAccuracy.Eta.LIVE)),
                        cell(a.row(EtaAccuracy.Eta.FREE_FLOW))));
            });
        }

        /** One line per trip, for a closer look. */
        String csv() {
            StringBuilder c =
                    new StringBuilder("tripId,from,to,departAt,segments,actual,predicted,live,freeFlow,metIncident\n");
            for (Trip t : trips) {
                c.append(String.format(
                        Locale.ROOT,
                        "%s,%s,%s,%s,%d,%.1f,%.1f,%.1f,%.1f,%b%n",
                        t.id(),
                        t.from(),
                        t.to(),
                        Instant.ofEpochMilli(t.departAt()),
                        t.segments(),
                        t.actual(),
                        t.predicted(),
                        t.live(),
                        t.freeFlow(),
                        t.metIncident()));
            }
            return c.toString();
        }

        private static String cell(EtaAccuracy.Row row) {
            return String.format(Locale.ROOT, " %.1f s / %.1f %% ", row.maeSeconds(), row.mapePct());
        }
    }

    private EtaTrial() {}

    static EtaAccuracy.Result accuracyOf(List<Trip> trips) {
        EtaAccuracy accuracy = new EtaAccuracy();
        trips.forEach(t -> accuracy.add(t.actual(), t.predicted(), t.live(), t.freeFlow()));
        return accuracy.result();
    }

    static Outcome run(Plan plan) {
        List<String[]> pairs = longTrips(plan.network(), plan.minTrip());
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("no two junctions of this network are " + plan.minTrip()
                    + " apart at free flow: choose a larger network or a shorter trip");
        }
        Random choice = new Random(plan.settings().seed() * 101 + 11);
        List<TrueIncident> incidents = new ArrayList<>();
        GroundTruth truth = new GroundTruth() {
            @Override
            public void speed(String segmentId, long minuteStart, double speedKph) {}

            @Override
            public void incident(TrueIncident incident) {
                incidents.add(incident);
            }
        };
        TrafficModel model = new TrafficModel(plan.network(), plan.settings(), plan.start(), truth);
        Map<String, Asked> answered = new HashMap<>();
        Map<RouteStatus, Integer> statuses = new EnumMap<>(RouteStatus.class);
        List<Trip> trips = new ArrayList<>();
        long inputs = 0;
        int deadLetters = 0;
        int requested = 0;
        long began = System.nanoTime();
        long start = plan.start().toEpochMilli();
        long end = plan.end().toEpochMilli();
        long every = plan.tripEvery().toMillis();
        try (PipelineTestDriver ttd = new PipelineTestDriver(plan.network(), plan.start())) {
            for (long t = start + STEP_MS; t <= end; t += STEP_MS) {
                inputs += SimulationFeed.playStep(
                        ttd, model.advanceTo(t), SimulationFeed.within(t, plan.playFrom(), plan.playUntil()));
                judgeArrived(model, answered, incidents, trips);
                if (t >= plan.tripsFrom().toEpochMilli()
                        && t < end
                        && t % every == 0
                        && SimulationFeed.within(t, plan.busyFrom(), plan.busyUntil())) {
                    String[] pair = pairs.get(choice.nextInt(pairs.size()));
                    String id = String.format(Locale.ROOT, "trip-%06d", ++requested);
                    RouteResponse response = ask(ttd, id, pair[0], pair[1], t);
                    statuses.merge(response.getStatus(), 1, Integer::sum);
                    if (response.getStatus() == RouteStatus.OK) {
                        answered.put(id, new Asked(pair[0], pair[1], response));
                        model.startTrip(id, response.getSegmentIds());
                    }
                }
                if ((t - start) % DRAIN_EVERY_MS == 0) {
                    deadLetters += drain(ttd);
                }
                if ((t - start) % 3_600_000 == 0) {
                    progress(String.format(
                            Locale.ROOT,
                            "eta trial: %s, %,d inputs, %d trips requested, %d judged, %.0f s%n",
                            Instant.ofEpochMilli(t),
                            inputs,
                            requested,
                            trips.size(),
                            (System.nanoTime() - began) / 1e9));
                }
            }
            deadLetters += drain(ttd);
        }
        // The vehicles still on the road drive on through the simulated traffic; the pipeline is not needed for that.
        for (long t = end + STEP_MS; model.tripsUnderway() > 0 && t <= end + MAX_DRIVE.toMillis(); t += STEP_MS) {
            model.advanceTo(t);
            judgeArrived(model, answered, incidents, trips);
        }
        return new Outcome(
                plan,
                pairs.size(),
                requested,
                statuses,
                trips,
                model.tripsUnderway(),
                inputs,
                deadLetters,
                (System.nanoTime() - began) / 1e9);
    }

    /** Whether the time of day of {@code t} is in [from, until); all day when they are equal. */

    /** Surefire keeps a test's output until it ends: an hours-long trial tells its progress in a file as well. */
    private static void progress(String line) {
        System.out.print(line);
        try {
            Files.createDirectories(PROGRESS.getParent());
            Files.writeString(PROGRESS, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RouteResponse ask(PipelineTestDriver ttd, String id, String from, String to, long now) {
        RouteRequest request = RouteRequest.newBuilder()
                .setRequestId(id)
                .setFromNode(from)
                .setToNode(to)
                .setDepartAt(Instant.ofEpochMilli(now))
                .build();
        ttd.routeRequests.pipeInput(id, request, Instant.ofEpochMilli(now));
        List<RouteResponse> answers = ttd.routeResponses.readValuesToList();
        if (answers.size() != 1 || !id.equals(answers.get(0).getRequestId())) {
            throw new AssertionError("one answer to " + id + " expected, got " + answers);
        }
        return answers.get(0);
    }

    private static void judgeArrived(
            TrafficModel model, Map<String, Asked> answered, List<TrueIncident> incidents, List<Trip> trips) {
        for (DrivenTrip driven : model.arrivedTrips()) {
            Asked asked = answered.remove(driven.tripId());
            RouteResponse r = asked.response();
            Set<String> route = Set.copyOf(driven.segmentIds());
            boolean met = incidents.stream()
                    .anyMatch(i -> route.contains(i.segmentId())
                            && i.start() < driven.arrivedAt()
                            && i.end() > driven.departAt());
            trips.add(new Trip(
                    driven.tripId(),
                    asked.from(),
                    asked.to(),
                    driven.departAt(),
                    r.getSegmentIds().size(),
                    driven.seconds(),
                    r.getTravelTimeSeconds(),
                    r.getLiveTravelTimeSeconds(),
                    r.getFreeFlowTravelTimeSeconds(),
                    met));
        }
    }

    /** Reads what the pipeline published meanwhile (so the driver does not hoard it); returns the dead letters. */
    private static int drain(PipelineTestDriver ttd) {
        ttd.mirror.readValuesToList();
        ttd.forecasts.readValuesToList();
        ttd.advisories.readValuesToList();
        ttd.hotspots.readValuesToList();
        ttd.incidentReportsOut.readValuesToList();
        return ttd.readDeadLetters().size();
    }

    /** Every (from, to) junction pair whose fastest route at free flow takes at least {@code min}. */
    static List<String[]> longTrips(RoadNetwork network, Duration min) {
        RoadConditions freeFlow = new RoadConditions() {
            @Override
            public RoadNetwork network() {
                return network;
            }

            @Override
            public List<String> blockingIncidents(String segmentId) {
                return List.of();
            }

            @Override
            public TravelTimes predicted() {
                return TravelTimes.FREE_FLOW;
            }

            @Override
            public TravelTimes live() {
                return TravelTimes.FREE_FLOW;
            }
        };
        List<String> nodes = network.nodes().stream().sorted().toList();
        List<String[]> pairs = new ArrayList<>();
        for (String from : nodes) {
            for (String to : nodes) {
                if (from.equals(to)) {
                    continue;
                }
                RouteAnswer a = RoutePlanner.answer(new RouteQuestion("pair", from, to, 0L, List.of(), 0), 0, freeFlow);
                if (a.status() == RouteStatus.OK && a.freeFlowTravelTimeSeconds() >= min.toSeconds()) {
                    pairs.add(new String[] {from, to});
                }
            }
        }
        return pairs;
    }
}
