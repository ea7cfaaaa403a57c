package io.roadmirror.bench;

import io.roadmirror.model.SensorReading;
import io.roadmirror.network.GeoPoint;
import io.roadmirror.network.RoadNetwork;
import io.roadmirror.network.SampleCity;
import io.roadmirror.network.Segment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Roads only the benchmark drives on, added to the network beside the simulated city, so that a
 * reading on them has an effect nobody else's reading can blur: small triangles (a → b, with the
 * detour a → c → b) whose road a → b carries one marker sensor of the benchmark's. Its readings
 * alternate between a congested and a free-flowing speed, so each one changes the mirror (whose
 * {@code lastReadingTime} is then exactly its event time) and is a transition that raises an
 * advisory or clears it.
 */
final class MarkerRoads {
    static final double SPEED_LIMIT_KPH = 50;
    static final double CONGESTED_KPH = 15; // 0.30 of the limit: CONGESTED
    static final double FREE_KPH = 45; // 0.90 of the limit: FREE_FLOW
    private static final double SIDE_METERS = 500;

    private final List<String> segmentIds = new ArrayList<>();
    private final List<Segment> segments = new ArrayList<>();

    MarkerRoads(int count) {
        for (int i = 0; i < count; i++) {
            GeoPoint a = SampleCity.ORIGIN.offsetMeters(-20_000 + i * 2 * SIDE_METERS, 30_000);
            GeoPoint b = a.offsetMeters(SIDE_METERS, 0);
            GeoPoint c = a.offsetMeters(SIDE_METERS / 2, SIDE_METERS * 0.8);
            String na = "BM" + i + "a";
            String nb = "BM" + i + "b";
            String nc = "BM" + i + "c";
            segmentIds.add(na + "-" + nb);
            road(na, a, nb, b, i);
            road(nb, b, na, a, i);
            road(na, a, nc, c, i);
            road(nc, c, na, a, i);
            road(nc, c, nb, b, i);
            road(nb, b, nc, c, i);
        }
    }

    private void road(String from, GeoPoint pf, String to, GeoPoint pt, int i) {
        segments.add(new Segment(
                from + "-" + to,
                "Bench probe road " + (i + 1) + " (" + from + " to " + to + ")",
                from,
                to,
                Math.round(pf.distanceTo(pt) * 10) / 10.0,
                2,
                SPEED_LIMIT_KPH,
                List.of(pf, pt)));
    }

    /** The city with the marker roads beside it. */
    RoadNetwork addedTo(RoadNetwork city) {
        List<Segment> all = new ArrayList<>(city.segments());
        all.addAll(segments);
        return new RoadNetwork(all);
    }

    /** The roads that carry a marker sensor. */
    List<String> markedSegments() {
        return List.copyOf(segmentIds);
    }

    static String sensorOf(String segmentId) {
        return "bench-marker-" + segmentId;
    }

    static SensorReading reading(String segmentId, long eventTime, boolean congested) {
        return new SensorReading(
                sensorOf(segmentId),
                "bench",
                segmentId,
                Instant.ofEpochMilli(eventTime),
                congested ? CONGESTED_KPH : FREE_KPH,
                20,
                congested ? 40.0 : 8.0,
                30);
    }
}
