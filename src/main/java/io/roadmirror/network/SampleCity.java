package io.roadmirror.network;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The bundled sample network: a deterministic generated city of 216 directed segments around a
 * real-looking origin (Utrecht, NL). A 7 x 7 street grid 450 m apart (arterials every third
 * street at 50 km/h with 2 lanes, local streets at 30 km/h), an expressway ring of 2.2 km radius
 * (100 km/h, 3 lanes) and 12 ramps joining the ring to the grid's edge (60 km/h). Every road runs
 * both ways, so every segment has a detour. Same output on every run.
 */
public final class SampleCity {
    public static final GeoPoint ORIGIN = new GeoPoint(52.0907, 5.1214);
    static final int GRID = 7;
    static final double SPACING_METERS = 450;
    static final double RING_RADIUS_METERS = 2200;
    static final int RING_NODES = 12;

    private static final String[] EAST_WEST_NAMES = {
        "North Boulevard",
        "Mill Road",
        "Station Street",
        "Canal Boulevard",
        "Market Street",
        "Church Lane",
        "South Boulevard"
    };
    private static final String[] NORTH_SOUTH_NAMES = {
        "West Avenue",
        "Linden Street",
        "Brewer Street",
        "Cathedral Avenue",
        "Garden Street",
        "Weaver Street",
        "East Avenue"
    };

    private SampleCity() {}

    public static RoadNetwork generate() {
        Random jitter = new Random(20_170_315L);
        GeoPoint[][] grid = new GeoPoint[GRID][GRID];
        int mid = GRID / 2;
        for (int r = 0; r < GRID; r++) {
            for (int c = 0; c < GRID; c++) {
                double east = (c - mid) * SPACING_METERS + (jitter.nextDouble() - 0.5) * 60;
                double north = (mid - r) * SPACING_METERS + (jitter.nextDouble() - 0.5) * 60;
                grid[r][c] = ORIGIN.offsetMeters(east, north);
            }
        }
        List<Segment> segments = new ArrayList<>();
        for (int r = 0; r < GRID; r++) {
            for (int c = 0; c + 1 < GRID; c++) {
                boolean arterial = r % 3 == 0;
                addBothWays(
                        segments,
                        gridNode(r, c),
                        grid[r][c],
                        gridNode(r, c + 1),
                        grid[r][c + 1],
                        EAST_WEST_NAMES[r],
                        arterial ? 50 : 30,
                        arterial ? 2 : 1,
                        jitter,
                        "eastbound",
                        "westbound");
            }
        }
        for (int c = 0; c < GRID; c++) {
            for (int r = 0; r + 1 < GRID; r++) {
                boolean arterial = c % 3 == 0;
                addBothWays(
                        segments,
                        gridNode(r, c),
                        grid[r][c],
                        gridNode(r + 1, c),
                        grid[r + 1][c],
                        NORTH_SOUTH_NAMES[c],
                        arterial ? 50 : 30,
                        arterial ? 2 : 1,
                        jitter,
                        "southbound",
                        "northbound");
            }
        }
        GeoPoint[] ring = new GeoPoint[RING_NODES];
        for (int i = 0; i < RING_NODES; i++) {
            ring[i] = ringPoint(i * 360.0 / RING_NODES);
        }
        for (int i = 0; i < RING_NODES; i++) {
            int next = (i + 1) % RING_NODES;
            List<GeoPoint> arc = new ArrayList<>();
            for (int step = 0; step <= 4; step++) {
                arc.add(ringPoint((i + step / 4.0) * 360.0 / RING_NODES));
            }
            segments.add(segment(ringNode(i), ringNode(next), "Ring Road (counter-clockwise)", 100, 3, arc));
            segments.add(segment(ringNode(next), ringNode(i), "Ring Road (clockwise)", 100, 3, reversed(arc)));
        }
        // Ramps from each ring node to the nearest node on the grid's edge.
        int[][] rampTargets = {
            {mid, GRID - 1}, {1, GRID - 1}, {0, GRID - 2}, {0, mid}, {0, 1}, {1, 0},
            {mid, 0}, {GRID - 2, 0}, {GRID - 1, 1}, {GRID - 1, mid}, {GRID - 1, GRID - 2}, {GRID - 2, GRID - 1}
        };
        for (int i = 0; i < RING_NODES; i++) {
            int r = rampTargets[i][0];
            int c = rampTargets[i][1];
            String name = "Ramp " + (i + 1);
            segments.add(segment(ringNode(i), gridNode(r, c), name + " (exit)", 60, 1, List.of(ring[i], grid[r][c])));
            segments.add(segment(gridNode(r, c), ringNode(i), name + " (entry)", 60, 1, List.of(grid[r][c], ring[i])));
        }
        return new RoadNetwork(segments);
    }

    private static GeoPoint ringPoint(double degreesFromEast) {
        double a = Math.toRadians(degreesFromEast);
        return ORIGIN.offsetMeters(RING_RADIUS_METERS * Math.cos(a), RING_RADIUS_METERS * Math.sin(a));
    }

    private static void addBothWays(
            List<Segment> segments,
            String a,
            GeoPoint pa,
            String b,
            GeoPoint pb,
            String name,
            double limit,
            int lanes,
            Random jitter,
            String forward,
            String backward) {
        // A slight bend in the middle, so the streets do not look ruled.
        GeoPoint middle = new GeoPoint((pa.lat() + pb.lat()) / 2, (pa.lon() + pb.lon()) / 2)
                .offsetMeters((jitter.nextDouble() - 0.5) * 20, (jitter.nextDouble() - 0.5) * 20);
        List<GeoPoint> line = List.of(pa, middle, pb);
        segments.add(segment(a, b, name + " (" + forward + ")", limit, lanes, line));
        segments.add(segment(b, a, name + " (" + backward + ")", limit, lanes, reversed(line)));
    }

    private static Segment segment(String from, String to, String name, double limit, int lanes, List<GeoPoint> line) {
        double length = Math.round(Segment.polylineLength(line) * 10) / 10.0;
        return new Segment(from + "-" + to, name, from, to, length, lanes, limit, line);
    }

    private static List<GeoPoint> reversed(List<GeoPoint> line) {
        List<GeoPoint> copy = new ArrayList<>(line);
        Collections.reverse(copy);
        return copy;
    }

    static String gridNode(int row, int col) {
        return String.format("N%02d%02d", row, col);
    }

    static String ringNode(int index) {
        return String.format("R%02d", index);
    }
}
