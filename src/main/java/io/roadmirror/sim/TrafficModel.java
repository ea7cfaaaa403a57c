package io.roadmirror.sim;

import io.roadmirror.model.IncidentReport;
import io.roadmirror.model.IncidentSource;
import io.roadmirror.model.IncidentStatus;
import io.roadmirror.model.IncidentType;
import io.roadmirror.model.SensorReading;
import io.roadmirror.network.RoadNetwork;
import io.roadmirror.network.Segment;
import io.roadmirror.topics.TopicCatalog;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * The simulated city: traffic on every segment following time-of-day demand and the capacity
 * incidents leave (queues spill upstream), loop detectors reporting every 30 s, probe vehicles
 * driving routes and reporting positions, incidents of every type with their reports and
 * clearances, crashes made of probe vehicles really standing still, and the traffic of a closed
 * road moving onto its detour ({@link Detours}, {@link CongestionModel#DETOUR_SHARE}). Deterministic: the same
 * network, settings and start give the same records. Produces {@link GatewayRecord}s; sending
 * them is someone else's job (the demo, the tests and the benchmark share this generator).
 */
public final class TrafficModel {
    static final long TICK_MS = 5_000;
    private static final long REPORT_MS = SimulatorSettings.REPORT_INTERVAL.toMillis();
    private static final long RELAX_MS = 90_000;
    private static final String OPS_GATEWAY = "ops-console";

    private final RoadNetwork network;
    private final SimulatorSettings settings;
    private final ProbeFleet fleet;
    private final TripDriver trips;
    private final List<DrivenTrip> arrived = new ArrayList<>();
    private final List<Segment> segments;
    private final Map<String, Integer> indexOf = new HashMap<>();
    private final double[] demandFactor;
    private final double[] freeFlowKph;
    private final double[] speedKph;
    private final double[] load;
    private final boolean[] accidentProne;
    private final List<Sensor> sensors = new ArrayList<>();
    private final List<TrueIncident> activeIncidents = new ArrayList<>();
    /** Closures asked for ({@link #planClosure}), not begun yet. */
    private final List<TrueIncident> plannedClosures = new ArrayList<>();
    /** Each closed segment's detour (segment indexes; empty: no road is left), chosen when it closed. */
    private final Map<Integer, int[]> detours = new TreeMap<>();

    private Set<String> detoursChosenFor = Set.of();
    /** The traffic each closed segment sends round its detour now, vehicles per hour. */
    private final Map<Integer, Double> diverted = new TreeMap<>();
    /** Records a gateway sends later than they happen: incident reports after a delay, held-back (late) readings. */
    private final PriorityQueue<GatewayRecord> scheduled =
            new PriorityQueue<>(Comparator.comparingLong(GatewayRecord::sendAt));

    private final Random incidentRandom;
    private final Random noise;
    private final GroundTruth truth;
    private double[] capacityLeft;
    private long now;
    private long nextMinute;
    private int incidentCount;
    private int plannedCount;

    private static final class Sensor {
        final String id;
        final String gatewayId;
        final int segment;
        final long skewMs;
        long nextReport;
        long silentUntil;

        Sensor(String id, String gatewayId, int segment, long skewMs, long firstReport) {
            this.id = id;
            this.gatewayId = gatewayId;
            this.segment = segment;
            this.skewMs = skewMs;
            this.nextReport = firstReport;
        }
    }

    public TrafficModel(RoadNetwork network, SimulatorSettings settings, Instant start, GroundTruth truth) {
        this.network = network;
        this.settings = settings;
        this.truth = truth;
        this.now = start.toEpochMilli();
        this.nextMinute = (now / 60_000 + 1) * 60_000;
        this.segments = network.segments().stream()
                .sorted(Comparator.comparing(Segment::id))
                .toList();
        int n = segments.size();
        demandFactor = new double[n];
        freeFlowKph = new double[n];
        speedKph = new double[n];
        load = new double[n];
        accidentProne = new boolean[n];
        Random layout = new Random(settings.seed());
        incidentRandom = new Random(settings.seed() * 31 + 7);
        noise = new Random(settings.seed() * 17 + 3);
        for (int i = 0; i < n; i++) {
            Segment s = segments.get(i);
            indexOf.put(s.id(), i);
            double roadClass = s.lanes() >= 3 ? 1.1 : s.lanes() == 2 ? 1.0 : s.speedLimitKph() >= 60 ? 0.8 : 0.65;
            demandFactor[i] = roadClass * (0.7 + 0.55 * layout.nextDouble());
            freeFlowKph[i] = s.speedLimitKph() * (0.92 + 0.1 * layout.nextDouble());
        }
        // A few bottlenecks and accident-prone segments, so congestion and hotspots form where people would expect
        // them.
        for (int k = 0; k < Math.max(1, n / 25); k++) {
            demandFactor[layout.nextInt(n)] *= 1.35;
        }
        for (int k = 0; k < Math.max(1, n / 45); k++) {
            accidentProne[layout.nextInt(n)] = true;
        }
        int gateways = Math.max(1, settings.gateways());
        long skew = settings.realism().clockSkew().toMillis();
        for (int i = 0; i < n; i++) {
            Segment s = segments.get(i);
            int count =
                    s.lanes() >= 3 && s.lengthMeters() > 800 ? 2 : s.lanes() >= 2 || layout.nextDouble() < 0.5 ? 1 : 0;
            for (int k = 1; k <= count; k++) {
                long sensorSkew = skew == 0 ? 0 : (long) ((layout.nextDouble() * 2 - 1) * skew);
                sensors.add(new Sensor(
                        "loop-" + s.id() + "-" + k,
                        gatewayId(i, gateways),
                        i,
                        sensorSkew,
                        now + (long) (layout.nextDouble() * REPORT_MS)));
            }
        }
        Instant first = Instant.ofEpochMilli(now);
        double demand = DemandProfile.at(first);
        for (int i = 0; i < n; i++) {
            load[i] = demand * demandFactor[i];
            speedKph[i] = freeFlowKph[i] * CongestionModel.speedRatio(load[i]);
        }
        this.fleet = new ProbeFleet(network, segments, settings.probeVehicles(), gateways, settings.seed(), now);
        this.trips = new TripDriver(network);
    }

    static String gatewayId(int index, int gateways) {
        return String.format("gw-%02d", index % gateways + 1);
    }

    public long now() {
        return now;
    }

    public int sensorCount() {
        return sensors.size();
    }

    public List<String> accidentProneSegments() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            if (accidentProne[i]) {
                ids.add(segments.get(i).id());
            }
        }
        return ids;
    }

    public List<TrueIncident> activeIncidents() {
        return List.copyOf(activeIncidents);
    }

    /**
     * A vehicle sets off now on this route (a navigation app's answer) and drives it through the
     * city's traffic ({@link TripDriver}); it sends no records, so it changes nothing the pipeline
     * sees. {@link #arrivedTrips()} tells when it arrived.
     */
    public void startTrip(String tripId, List<String> segmentIds) {
        trips.start(tripId, segmentIds, now);
    }

    /** The trips that arrived since the last call, in arrival order. */
    public List<DrivenTrip> arrivedTrips() {
        List<DrivenTrip> done = List.copyOf(arrived);
        arrived.clear();
        return done;
    }

    /**
     * Closes a segment from {@code start} for {@code duration}, as a road operator would (announced
     * as it begins, cleared as it ends), whatever else happens: for a trial that runs the same city
     * with and without it. It draws nothing from the simulator's random sources, so everything
     * before the start, and every other incident, is the same as without it.
     */
    public TrueIncident planClosure(String segmentId, Instant start, Duration duration) {
        if (!indexOf.containsKey(segmentId)) {
            throw new IllegalArgumentException("no segment " + segmentId);
        }
        long from = start.toEpochMilli();
        TrueIncident closure = new TrueIncident(
                "planned-closure-" + (++plannedCount),
                segmentId,
                IncidentType.CLOSURE,
                5,
                from,
                from + duration.toMillis(),
                IncidentSource.OPERATOR,
                0,
                0);
        plannedClosures.add(closure);
        return closure;
    }

    /** The detour the traffic of this closed segment drives now; empty when it is not closed or no road is left. */
    public List<String> detourOf(String segmentId) {
        int[] path = detours.get(indexOf.get(segmentId));
        if (path == null) {
            return List.of();
        }
        return Arrays.stream(path).mapToObj(j -> segments.get(j).id()).toList();
    }

    /** The traffic this closed segment sends round its detour now, vehicles per hour (0 when none). */
    public double divertedVehPerHour(String segmentId) {
        return diverted.getOrDefault(indexOf.get(segmentId), 0.0);
    }

    /** Trips started and not yet arrived. */
    public int tripsUnderway() {
        return trips.driving();
    }

    /** Advances the city to {@code time} in 5 s steps and returns what the gateways send meanwhile, in time order. */
    public List<GatewayRecord> advanceTo(long time) {
        List<GatewayRecord> out = new ArrayList<>();
        while (now + TICK_MS <= time) {
            now += TICK_MS;
            tick(out);
        }
        out.sort(Comparator.comparingLong(GatewayRecord::sendAt));
        return out;
    }

    private void tick(List<GatewayRecord> out) {
        startAndEndIncidents(out);
        updateTraffic();
        fleet.move(TICK_MS, speedKph, indexOf, ProbeFleet.closedSegments(activeIncidents));
        arrived.addAll(trips.move(now, TICK_MS, id -> speedKph[indexOf.get(id)]));
        emitReadings(out);
        fleet.report(now, speedKph, indexOf, out);
        while (!scheduled.isEmpty() && scheduled.peek().sendAt() <= now) {
            out.add(scheduled.poll());
        }
        while (now >= nextMinute) {
            for (int i = 0; i < segments.size(); i++) {
                truth.speed(segments.get(i).id(), nextMinute - 60_000, speedKph[i]);
            }
            nextMinute += 60_000;
        }
    }

    private void startAndEndIncidents(List<GatewayRecord> out) {
        activeIncidents.removeIf(incident -> incident.end() <= now);
        for (var it = plannedClosures.iterator(); it.hasNext(); ) {
            TrueIncident closure = it.next();
            if (closure.start() <= now) {
                it.remove();
                if (closure.end() > now) {
                    begin(closure);
                }
            }
        }
        double chance = settings.incidentsPerHour() * TICK_MS / 3_600_000.0;
        if (incidentRandom.nextDouble() >= chance) {
            return;
        }
        int segment = pickIncidentSegment();
        boolean prone = accidentProne[segment];
        IncidentType type = pickType(prone);
        int severity = switch (type) {
            case CRASH -> 2 + incidentRandom.nextInt(4);
            case CLOSURE -> 4 + incidentRandom.nextInt(2);
            case ROADWORK -> 2 + incidentRandom.nextInt(2);
            default -> 1 + incidentRandom.nextInt(3);
        };
        long minutes = switch (type) {
            case CRASH -> 20 + incidentRandom.nextInt(41);
            case STALLED_VEHICLE -> 10 + incidentRandom.nextInt(21);
            case HAZARD -> 10 + incidentRandom.nextInt(31);
            case WEATHER -> 30 + incidentRandom.nextInt(61);
            case ROADWORK -> 60 + incidentRandom.nextInt(121);
            case CLOSURE -> 30 + incidentRandom.nextInt(61);
        };
        IncidentSource reporter;
        long delay;
        if (type == IncidentType.ROADWORK || type == IncidentType.CLOSURE) {
            reporter = IncidentSource.OPERATOR;
            delay = 0;
        } else {
            double r = incidentRandom.nextDouble();
            reporter = type == IncidentType.CRASH && r < 0.35
                    ? null // only the probes tell
                    : r < 0.7 ? IncidentSource.OPERATOR : IncidentSource.CROWD;
            delay = (2 + incidentRandom.nextInt(7)) * 60_000L;
        }
        Segment s = segments.get(segment);
        double offset = s.lengthMeters() * (0.3 + 0.4 * incidentRandom.nextDouble());
        TrueIncident incident = new TrueIncident(
                "sim-inc-" + (++incidentCount),
                s.id(),
                type,
                severity,
                now,
                now + minutes * 60_000,
                reporter,
                delay,
                offset);
        begin(incident);
    }

    private void begin(TrueIncident incident) {
        activeIncidents.add(incident);
        truth.incident(incident);
        if (incident.type() == IncidentType.CRASH) {
            fleet.crash(incident);
        }
        long delay = incident.reportDelayMs();
        if (incident.reportedBy() != null) {
            scheduled.add(GatewayRecord.of(
                    OPS_GATEWAY,
                    TopicCatalog.INCIDENT_REPORTS.name(),
                    incident.incidentId(),
                    report(incident, IncidentStatus.OPEN, now + delay),
                    now + delay));
            scheduled.add(GatewayRecord.of(
                    OPS_GATEWAY,
                    TopicCatalog.INCIDENT_REPORTS.name(),
                    incident.incidentId(),
                    report(incident, IncidentStatus.CLEARED, incident.end()),
                    Math.max(incident.end(), now + delay + 1)));
        }
    }

    private static IncidentReport report(TrueIncident incident, IncidentStatus status, long time) {
        return new IncidentReport(
                incident.incidentId(),
                incident.segmentId(),
                Instant.ofEpochMilli(time),
                incident.type(),
                incident.severity(),
                status,
                incident.reportedBy(),
                status == IncidentStatus.OPEN
                        ? incident.type().name().toLowerCase().replace('_', ' ') + " reported"
                        : "cleared");
    }

    private int pickIncidentSegment() {
        double total = 0;
        for (boolean prone : accidentProne) {
            total += prone ? 30 : 1;
        }
        double r = incidentRandom.nextDouble() * total;
        for (int i = 0; i < accidentProne.length; i++) {
            r -= accidentProne[i] ? 30 : 1;
            if (r < 0) {
                return i;
            }
        }
        return accidentProne.length - 1;
    }

    private IncidentType pickType(boolean prone) {
        double r = incidentRandom.nextDouble();
        if (prone) {
            return r < 0.75 ? IncidentType.CRASH : r < 0.9 ? IncidentType.STALLED_VEHICLE : IncidentType.HAZARD;
        }
        return r < 0.30
                ? IncidentType.CRASH
                : r < 0.48
                        ? IncidentType.STALLED_VEHICLE
                        : r < 0.62
                                ? IncidentType.HAZARD
                                : r < 0.68
                                        ? IncidentType.WEATHER
                                        : r < 0.86 ? IncidentType.ROADWORK : IncidentType.CLOSURE;
    }

    private void updateTraffic() {
        int n = segments.size();
        double[] capacityLeft = new double[n];
        Arrays.fill(capacityLeft, 1.0);
        for (TrueIncident incident : activeIncidents) {
            int i = indexOf.get(incident.segmentId());
            capacityLeft[i] *= 1 - incident.capacityTaken();
        }
        double demand = DemandProfile.at(Instant.ofEpochMilli(now));
        double[] own = new double[n];
        for (int i = 0; i < n; i++) {
            own[i] = CongestionModel.loadRatio(demand * demandFactor[i], capacityLeft[i]);
        }
        chooseDetours(ProbeFleet.closedSegments(activeIncidents));
        // A closed segment's traffic turns off at the junction before it: its detour's share drives the detour,
        // whose segments slow down along the BPR curve; the rest goes elsewhere. Only where no road is left does
        // it stay and back a queue up.
        diverted.clear();
        for (Map.Entry<Integer, int[]> closed : detours.entrySet()) {
            int i = closed.getKey();
            if (closed.getValue().length == 0) {
                continue;
            }
            double moved = demand * demandFactor[i] * capacityVehPerHour(i) * CongestionModel.DETOUR_SHARE;
            own[i] = 0;
            diverted.put(i, moved);
            for (int j : closed.getValue()) {
                own[j] += moved / (capacityVehPerHour(j) * Math.max(0.05, capacityLeft[j]));
            }
        }
        // Queues spill upstream: a segment whose own load is beyond 1.5 pushes load onto the segments feeding it,
        // two hops deep. Spill comes from own load only, so loops in the network cannot feed on themselves.
        double[] next = own.clone();
        for (int i = 0; i < n; i++) {
            double excess = own[i] - CongestionModel.SPILL_LOAD;
            if (excess > 0) {
                for (Segment up : network.entering(segments.get(i).fromNode())) {
                    next[indexOf.get(up.id())] += CongestionModel.SPILL_ONE_HOP * excess;
                    for (Segment upUp : network.entering(up.fromNode())) {
                        next[indexOf.get(upUp.id())] += CongestionModel.SPILL_TWO_HOPS * excess;
                    }
                }
            }
        }
        double relax = 1 - Math.exp(-(double) TICK_MS / RELAX_MS);
        for (int i = 0; i < n; i++) {
            load[i] = next[i];
            double target = capacityLeft[i] <= 0.0 ? 0.0 : freeFlowKph[i] * CongestionModel.speedRatio(load[i]);
            speedKph[i] += (target - speedKph[i]) * relax;
        }
        this.capacityLeft = capacityLeft;
    }

    private double capacityVehPerHour(int i) {
        return segments.get(i).lanes() * CongestionModel.LANE_CAPACITY_VEH_PER_HOUR;
    }

    /**
     * Chooses a detour for each segment that closed since the last tick, and again for one whose detour
     * another closure cut, over the travel times of the moment; forgets those that reopened.
     */
    private void chooseDetours(Set<String> closed) {
        if (closed.equals(detoursChosenFor)) {
            return;
        }
        detours.keySet().removeIf(i -> !closed.contains(segments.get(i).id()));
        for (String id : closed.stream().sorted().toList()) {
            int i = indexOf.get(id);
            int[] known = detours.get(i);
            boolean cut = known != null
                    && Arrays.stream(known)
                            .anyMatch(j -> closed.contains(segments.get(j).id()));
            if (known == null || cut) {
                detours.put(
                        i,
                        Detours.fastest(network, segments.get(i), closed, s -> {
                                    int j = indexOf.get(s.id());
                                    return s.lengthMeters() / (Math.max(1.0, speedKph[j]) / 3.6);
                                })
                                .stream()
                                .mapToInt(s -> indexOf.get(s.id()))
                                .toArray());
            }
        }
        detoursChosenFor = Set.copyOf(closed);
    }

    private void emitReadings(List<GatewayRecord> out) {
        SimulatorSettings.Realism realism = settings.realism();
        for (Sensor sensor : sensors) {
            if (sensor.nextReport > now) {
                continue;
            }
            sensor.nextReport += REPORT_MS;
            if (now < sensor.silentUntil) {
                continue;
            }
            if (noise.nextDouble() < realism.dropoutRate()) {
                sensor.silentUntil = now + 10 * 60_000;
                continue;
            }
            int i = sensor.segment;
            Segment s = segments.get(i);
            double capacity = capacityLeft == null ? 1.0 : capacityLeft[i];
            double speedRatio = speedKph[i] / freeFlowKph[i];
            double flow = CongestionModel.flow(s.lanes(), load[i], capacity, speedRatio);
            int count = poisson(flow * REPORT_MS / 3_600_000.0);
            Double speed = count == 0 ? null : clamp(speedKph[i] * (1 + 0.05 * noise.nextGaussian()), 0, 250);
            double occupancy = CongestionModel.occupancyPct(flow, speedKph[i], s.lanes());
            long eventTime = now + sensor.skewMs;
            SensorReading reading = new SensorReading(
                    sensor.id,
                    sensor.gatewayId,
                    s.id(),
                    Instant.ofEpochMilli(eventTime),
                    speed,
                    count,
                    Math.round(occupancy * 10) / 10.0,
                    (int) (REPORT_MS / 1000));
            if (noise.nextDouble() < realism.garbageRate()) {
                out.add(GatewayRecord.garbage(
                        sensor.gatewayId,
                        TopicCatalog.SENSOR_READINGS.name(),
                        sensor.id,
                        ("{\"sensor\":\"" + sensor.id + "\",\"firmware\":\"2.1\",\"reading\":\"corrupt\"}")
                                .getBytes(StandardCharsets.UTF_8),
                        now));
                continue;
            }
            GatewayRecord record =
                    GatewayRecord.of(sensor.gatewayId, TopicCatalog.SENSOR_READINGS.name(), sensor.id, reading, now);
            if (noise.nextDouble() < realism.lateRate()) {
                scheduled.add(
                        new GatewayRecord(sensor.gatewayId, record.topic(), sensor.id, reading, null, now + 120_000));
                continue;
            }
            out.add(record);
            if (noise.nextDouble() < realism.duplicateRate()) {
                out.add(record);
            }
        }
    }

    private int poisson(double mean) {
        if (mean > 30) {
            return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * noise.nextGaussian()));
        }
        double limit = Math.exp(-mean);
        double product = noise.nextDouble();
        int k = 0;
        while (product > limit) {
            product *= noise.nextDouble();
            k++;
        }
        return k;
    }

    static double clamp(double v, double min, double max) {
        return Math.max(min, Math.min(max, v));
    }
}
