package io.roadmirror.testing;

import io.roadmirror.network.GeoPoint;
import io.roadmirror.network.RoadNetwork;
import io.roadmirror.network.Segment;
import java.util.ArrayList;
import java.util.List;

/**
 * Small networks whose answers are known by hand.
 *
 * <pre>
 *  W ──500 m──▶ Z ──2100 m──▶ Y ──600 m──▶ D ──1000 m──▶ A ──1000 m (A-B)──▶ B ──500 m──▶ E ──▶ F (dead end, E-F)
 *                                          │                    ▲
 *                                          └─▶ C (A-C 640) ─────┘ (C-B 640)
 *                                          └─▶ G (A-G 640) ─────┘ (G-B 640)   (a second, equal detour)
 * </pre>
 * A-B is 1000 m at 50 km/h (72 s); the detours via C and via G are 1280 m at 50 km/h (92.2 s).
 * D-A ends where A-B starts (0 m upstream), Y-D ends 1000 m upstream, Z-Y 1600 m upstream,
 * W-Z 3700 m upstream (beyond the 2 km of approach). E-F leads nowhere else: it has no detour.
 */
public final class TestNetworks {
    public static final GeoPoint ORIGIN = new GeoPoint(52.0, 5.0);

    private TestNetworks() {}

    public static RoadNetwork triangle() {
        List<Segment> s = new ArrayList<>();
        s.add(segment("A-B", "Main Street", "A", "B", 1000, 50));
        s.add(segment("A-C", "Canal Road", "A", "C", 640, 50));
        s.add(segment("C-B", "Canal Road", "C", "B", 640, 50));
        s.add(segment("A-G", "Garden Lane", "A", "G", 640, 50));
        s.add(segment("G-B", "Garden Lane", "G", "B", 640, 50));
        s.add(segment("D-A", "Main Street", "D", "A", 1000, 50));
        s.add(segment("Y-D", "Main Street", "Y", "D", 600, 50));
        s.add(segment("Z-Y", "Main Street", "Z", "Y", 2100, 80));
        s.add(segment("W-Z", "Main Street", "W", "Z", 500, 80));
        s.add(segment("B-E", "Harbour Road", "B", "E", 500, 50));
        s.add(segment("E-F", "Pier", "E", "F", 300, 30));
        return new RoadNetwork(s);
    }

    public static Segment segment(String id, String name, String from, String to, double length, double limit) {
        return new Segment(
                id,
                name + " (" + id + ")",
                from,
                to,
                length,
                1,
                limit,
                List.of(ORIGIN, ORIGIN.offsetMeters(length, 0)));
    }
}
