package io.roadmirror.network;

import java.util.ArrayList;
import java.util.List;

/**
 * A Linear Road style expressway: one straight road, eastbound and westbound, cut into one-mile
 * segments of {@value #LANES} lanes at {@value #LIMIT_KPH} km/h. Segment ids say the direction and
 * the mile ("E042" is eastbound mile 42); each direction's segments chain node to node, so a
 * vehicle driving on leaves one segment where the next begins.
 */
public final class ExpresswayNetwork {
    public static final double MILE_METERS = 1609.344;
    public static final int LANES = 3;
    public static final double LIMIT_KPH = 105;

    private ExpresswayNetwork() {}

    public static RoadNetwork of(int miles) {
        if (miles < 1) {
            throw new IllegalArgumentException("an expressway has at least one mile, not " + miles);
        }
        List<Segment> segments = new ArrayList<>(2 * miles);
        for (int mile = 0; mile < miles; mile++) {
            GeoPoint west = SampleCity.ORIGIN.offsetMeters(mile * MILE_METERS, 0);
            GeoPoint east = SampleCity.ORIGIN.offsetMeters((mile + 1) * MILE_METERS, 0);
            segments.add(new Segment(
                    segmentId(true, mile),
                    "Expressway eastbound, mile " + mile,
                    node(true, mile),
                    node(true, mile + 1),
                    MILE_METERS,
                    LANES,
                    LIMIT_KPH,
                    List.of(west, east)));
            // Westbound mile m runs from m + 1 to m: its nodes are its own carriageway's.
            segments.add(new Segment(
                    segmentId(false, mile),
                    "Expressway westbound, mile " + mile,
                    node(false, mile + 1),
                    node(false, mile),
                    MILE_METERS,
                    LANES,
                    LIMIT_KPH,
                    List.of(east, west)));
        }
        return new RoadNetwork(segments);
    }

    public static String segmentId(boolean eastbound, int mile) {
        return String.format("%s%03d", eastbound ? "E" : "W", mile);
    }

    private static String node(boolean eastbound, int mile) {
        return String.format("X%s%03d", eastbound ? "E" : "W", mile);
    }
}
