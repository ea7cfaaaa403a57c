package io.roadmirror.sim;

import io.roadmirror.network.RoadNetwork;
import io.roadmirror.network.Segment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Vehicles that each drive one given route once, as a navigation app's user would: on every segment
 * at the simulator's true speed while they are on it (no faster than the segment's traffic, never
 * slower than {@link ProbeFleet#MIN_PROBE_KPH}, the crawl of a queue), and report when they arrive.
 * Time within a step is carried over exactly: a vehicle that finishes a segment mid-step drives the
 * rest of the step on the next one at that segment's speed, so the arrival time does not depend on
 * the step. A route is driven as given: a closure that begins after it was answered is crawled
 * through, as by a vehicle caught in its queue (re-routing on the way is not modelled).
 */
final class TripDriver {
    private final RoadNetwork network;
    private final List<Trip> trips = new ArrayList<>();

    private static final class Trip {
        final String id;
        final List<Segment> route;
        final long departAt;
        int leg;
        double offset;

        Trip(String id, List<Segment> route, long departAt) {
            this.id = id;
            this.route = route;
            this.departAt = departAt;
        }
    }

    TripDriver(RoadNetwork network) {
        this.network = network;
    }

    /**
     * A vehicle enters the route's first segment at {@code departAt}.
     *
     * @throws IllegalArgumentException for an empty route, a segment not in the network, or segments
     *                                  that do not join end to start
     */
    void start(String tripId, List<String> segmentIds, long departAt) {
        if (segmentIds.isEmpty()) {
            throw new IllegalArgumentException("trip " + tripId + " has no route to drive");
        }
        List<Segment> route = new ArrayList<>(segmentIds.size());
        for (String id : segmentIds) {
            Segment s = network.segment(id)
                    .orElseThrow(() -> new IllegalArgumentException("trip " + tripId + ": no segment '" + id + "'"));
            if (!route.isEmpty() && !route.get(route.size() - 1).toNode().equals(s.fromNode())) {
                throw new IllegalArgumentException(
                        "trip " + tripId + ": " + id + " does not start where the segment before it ends");
            }
            route.add(s);
        }
        trips.add(new Trip(tripId, List.copyOf(route), departAt));
    }

    /**
     * Drives every vehicle over the step that ends at {@code stepEnd}, each segment at {@code speedKph}
     * (its true speed over the step), from where the vehicle was or from its departure if later.
     *
     * @return the trips that arrived during the step, in arrival order
     */
    List<DrivenTrip> move(long stepEnd, long stepMs, ToDoubleFunction<String> speedKph) {
        List<DrivenTrip> arrived = new ArrayList<>();
        Iterator<Trip> it = trips.iterator();
        while (it.hasNext()) {
            Trip trip = it.next();
            long from = Math.max(stepEnd - stepMs, trip.departAt);
            double seconds = (stepEnd - from) / 1000.0;
            while (seconds > 0) {
                Segment here = trip.route.get(trip.leg);
                double metresPerSecond = Math.max(ProbeFleet.MIN_PROBE_KPH, speedKph.applyAsDouble(here.id())) / 3.6;
                double toEnd = (here.lengthMeters() - trip.offset) / metresPerSecond;
                if (toEnd > seconds) {
                    trip.offset += seconds * metresPerSecond;
                    seconds = 0;
                } else {
                    seconds -= toEnd;
                    trip.leg++;
                    trip.offset = 0;
                    if (trip.leg == trip.route.size()) {
                        long arrivedAt = stepEnd - Math.round(seconds * 1000);
                        arrived.add(new DrivenTrip(
                                trip.id, trip.route.stream().map(Segment::id).toList(), trip.departAt, arrivedAt));
                        it.remove();
                        break;
                    }
                }
            }
        }
        arrived.sort(Comparator.comparingLong(DrivenTrip::arrivedAt));
        return arrived;
    }

    int driving() {
        return trips.size();
    }
}
