package io.roadmirror.sim;

import io.roadmirror.model.IncidentType;
import io.roadmirror.model.VehiclePosition;
import io.roadmirror.network.RoadNetwork;
import io.roadmirror.network.Segment;
import io.roadmirror.topics.TopicCatalog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.jgrapht.Graph;
import org.jgrapht.GraphPath;
import org.jgrapht.alg.shortestpath.DijkstraShortestPath;
import org.jgrapht.graph.MaskSubgraph;
import org.jgrapht.graph.builder.GraphTypeBuilder;

/**
 * Connected vehicles: each drives a route (fastest by free-flow time, never into a closed
 * segment) to a random destination and then another, at its segment's speed, and reports its
 * position every 30 s. A crash adds two vehicles that stand still at the crash position, reporting
 * speed 0 there until the crash is cleared, then drive off.
 */
final class ProbeFleet {
    private static final long REPORT_MS = SimulatorSettings.REPORT_INTERVAL.toMillis();
    /** The crawl of a queue: a vehicle on a stopped road still moves on, slowly. */
    static final double MIN_PROBE_KPH = CongestionModel.CRAWL_KPH;

    private final List<Segment> segments;
    private final Graph<String, String> graph;
    private final Map<String, Segment> byId;
    private final List<String> nodes;
    private final Random random;
    private final List<Vehicle> vehicles = new ArrayList<>();
    private final List<CrashCar> crashCars = new ArrayList<>();
    private final int gateways;
    private Set<String> closed = Set.of();

    private static final class Vehicle {
        final String id;
        final String gatewayId;
        final double pace;
        List<String> route;
        int leg;
        double offset;
        int lane;
        long nextReport;

        Vehicle(String id, String gatewayId, double pace, long nextReport) {
            this.id = id;
            this.gatewayId = gatewayId;
            this.pace = pace;
            this.nextReport = nextReport;
        }
    }

    private static final class CrashCar {
        final String id;
        final String gatewayId;
        final TrueIncident crash;
        final double offset;
        long nextReport;

        CrashCar(String id, String gatewayId, TrueIncident crash, double offset) {
            this.id = id;
            this.gatewayId = gatewayId;
            this.crash = crash;
            this.offset = offset;
            this.nextReport = crash.start();
        }
    }

    ProbeFleet(RoadNetwork network, List<Segment> segments, int count, int gateways, long seed, long now) {
        this.segments = segments;
        this.gateways = gateways;
        this.random = new Random(seed * 13 + 5);
        this.byId = segments.stream().collect(Collectors.toMap(Segment::id, s -> s));
        this.graph = GraphTypeBuilder.<String, String>directed()
                .allowingMultipleEdges(true)
                .allowingSelfLoops(false)
                .weighted(true)
                .buildGraph();
        for (Segment s : segments) {
            graph.addVertex(s.fromNode());
            graph.addVertex(s.toNode());
            graph.addEdge(s.fromNode(), s.toNode(), s.id());
            graph.setEdgeWeight(s.id(), s.freeFlowTravelTimeSeconds());
        }
        this.nodes = graph.vertexSet().stream().sorted().toList();
        for (int v = 0; v < count; v++) {
            Vehicle vehicle = new Vehicle(
                    String.format("probe-%04d", v + 1),
                    TrafficModel.gatewayId(v, gateways),
                    0.9 + 0.2 * random.nextDouble(),
                    now + (long) (random.nextDouble() * REPORT_MS));
            Segment start = segments.get(random.nextInt(segments.size()));
            vehicle.route = new ArrayList<>(List.of(start.id()));
            vehicle.offset = random.nextDouble() * start.lengthMeters();
            vehicle.lane = 1 + random.nextInt(start.lanes());
            vehicles.add(vehicle);
        }
    }

    void crash(TrueIncident crash) {
        String gateway = TrafficModel.gatewayId(random.nextInt(gateways), gateways);
        crashCars.add(new CrashCar(crash.incidentId() + "-car-a", gateway, crash, crash.crashOffsetMeters()));
        crashCars.add(new CrashCar(crash.incidentId() + "-car-b", gateway, crash, crash.crashOffsetMeters() + 1.5));
    }

    void move(long dtMs, double[] speedKph, Map<String, Integer> indexOf, Set<String> closedSegments) {
        this.closed = closedSegments;
        for (Vehicle v : vehicles) {
            double remaining =
                    Math.max(MIN_PROBE_KPH, speedKph[indexOf.get(v.route.get(v.leg))] * v.pace) / 3.6 * dtMs / 1000.0;
            while (remaining > 0) {
                Segment here = byId.get(v.route.get(v.leg));
                double left = here.lengthMeters() - v.offset;
                if (remaining < left) {
                    v.offset += remaining;
                    remaining = 0;
                } else {
                    remaining -= left;
                    nextLeg(v, here);
                    remaining = Math.min(
                            remaining, 0.5 * byId.get(v.route.get(v.leg)).lengthMeters());
                }
            }
        }
    }

    private void nextLeg(Vehicle v, Segment finished) {
        if (v.leg + 1 < v.route.size() && !closed.contains(v.route.get(v.leg + 1))) {
            v.leg++;
        } else {
            v.route = routeFrom(finished.toNode(), finished.id());
            v.leg = 0;
        }
        v.offset = 0;
        v.lane = 1 + random.nextInt(byId.get(v.route.get(v.leg)).lanes());
    }

    /** A new route from a node to a random destination; if none can be found, any segment leaving the node. */
    private List<String> routeFrom(String node, String cameFrom) {
        Graph<String, String> open = new MaskSubgraph<>(graph, vertex -> false, closed::contains);
        for (int attempt = 0; attempt < 8; attempt++) {
            String destination = nodes.get(random.nextInt(nodes.size()));
            if (destination.equals(node)) {
                continue;
            }
            GraphPath<String, String> path = DijkstraShortestPath.findPathBetween(open, node, destination);
            if (path != null && !path.getEdgeList().isEmpty()) {
                return new ArrayList<>(path.getEdgeList());
            }
        }
        List<String> leaving = graph.outgoingEdgesOf(node).stream().sorted().toList();
        if (leaving.isEmpty()) {
            return new ArrayList<>(List.of(cameFrom)); // a dead end: the vehicle turns up again where it came from
        }
        return new ArrayList<>(List.of(leaving.get(random.nextInt(leaving.size()))));
    }

    void report(long now, double[] speedKph, Map<String, Integer> indexOf, List<GatewayRecord> out) {
        for (Vehicle v : vehicles) {
            if (v.nextReport > now) {
                continue;
            }
            v.nextReport += REPORT_MS;
            String segmentId = v.route.get(v.leg);
            double speed = TrafficModel.clamp(
                    Math.max(MIN_PROBE_KPH, speedKph[indexOf.get(segmentId)] * v.pace)
                            * (1 + 0.03 * random.nextGaussian()),
                    0.5,
                    250);
            out.add(position(v.gatewayId, v.id, segmentId, now, speed, v.offset, v.lane));
        }
        Iterator<CrashCar> cars = crashCars.iterator();
        while (cars.hasNext()) {
            CrashCar car = cars.next();
            if (car.nextReport > now) {
                continue;
            }
            car.nextReport += REPORT_MS;
            boolean cleared = now >= car.crash.end();
            double offset = cleared
                    ? Math.min(car.offset + 25, byId.get(car.crash.segmentId()).lengthMeters())
                    : car.offset;
            out.add(position(car.gatewayId, car.id, car.crash.segmentId(), now, cleared ? 15.0 : 0.0, offset, 1));
            if (cleared) {
                cars.remove(); // drove off
            }
        }
    }

    private static GatewayRecord position(
            String gateway, String vehicle, String segment, long time, double speed, double offset, int lane) {
        VehiclePosition p = new VehiclePosition(
                vehicle,
                segment,
                Instant.ofEpochMilli(time),
                Math.round(speed * 10) / 10.0,
                Math.round(offset * 10) / 10.0,
                lane);
        return GatewayRecord.of(gateway, TopicCatalog.VEHICLE_POSITIONS.name(), vehicle, p, time);
    }

    static Set<String> closedSegments(List<TrueIncident> active) {
        return active.stream()
                .filter(i -> i.type() == IncidentType.CLOSURE)
                .map(TrueIncident::segmentId)
                .collect(Collectors.toSet());
    }

    int size() {
        return vehicles.size();
    }
}
