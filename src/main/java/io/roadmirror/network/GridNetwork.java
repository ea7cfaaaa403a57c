package io.roadmirror.network;

import java.util.ArrayList;
import java.util.List;

/**
 * A generated city of any size, for measurements at scale: a square street grid 300 m apart
 * around {@link SampleCity#ORIGIN}, every road both ways (so every segment has a detour), every
 * third street an arterial (50 km/h, 2 lanes), the others local streets (30 km/h, 1 lane).
 * Deterministic: the same size gives the same network.
 */
public final class GridNetwork {
    static final double SPACING_METERS = 300;

    private GridNetwork() {}

    /** A grid of about {@code segments} directed segments (at least 4: a 2 x 2 grid). */
    public static RoadNetwork withAbout(int segments) {
        // An n x n grid has 4 n (n - 1) directed segments.
        int n = Math.max(2, (int) Math.round((1 + Math.sqrt(1 + Math.max(4, segments))) / 2));
        return grid(n);
    }

    public static RoadNetwork grid(int n) {
        GeoPoint[][] nodes = new GeoPoint[n][n];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                nodes[r][c] =
                        SampleCity.ORIGIN.offsetMeters((c - n / 2.0) * SPACING_METERS, (n / 2.0 - r) * SPACING_METERS);
            }
        }
        List<Segment> segments = new ArrayList<>(4 * n * (n - 1));
        for (int r = 0; r < n; r++) {
            for (int c = 0; c + 1 < n; c++) {
                addBothWays(
                        segments,
                        node(r, c),
                        nodes[r][c],
                        node(r, c + 1),
                        nodes[r][c + 1],
                        "Street " + (r + 1),
                        r % 3 == 0);
            }
        }
        for (int c = 0; c < n; c++) {
            for (int r = 0; r + 1 < n; r++) {
                addBothWays(
                        segments,
                        node(r, c),
                        nodes[r][c],
                        node(r + 1, c),
                        nodes[r + 1][c],
                        "Avenue " + (c + 1),
                        c % 3 == 0);
            }
        }
        return new RoadNetwork(segments);
    }

    private static void addBothWays(
            List<Segment> segments, String a, GeoPoint pa, String b, GeoPoint pb, String name, boolean arterial) {
        double length = Math.round(pa.distanceTo(pb) * 10) / 10.0;
        double limit = arterial ? 50 : 30;
        int lanes = arterial ? 2 : 1;
        segments.add(new Segment(
                a + "-" + b, name + " (" + a + " to " + b + ")", a, b, length, lanes, limit, List.of(pa, pb)));
        segments.add(new Segment(
                b + "-" + a, name + " (" + b + " to " + a + ")", b, a, length, lanes, limit, List.of(pb, pa)));
    }

    static String node(int row, int col) {
        return "G" + row + "." + col;
    }
}
