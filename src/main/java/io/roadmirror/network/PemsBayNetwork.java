package io.roadmirror.network;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a road network from the PEMS-BAY sensor graph (Caltrans PeMS, as published by DCRNN): a
 * directory with {@code sensor_locations.csv} (id, lat, lon) and {@code road_distances_meters.csv}
 * (from, to, meters; directed road distances). Sensors become junctions; each sensor is joined by a
 * freeway segment to its {@value #NEIGHBOURS} nearest downstream sensors by road distance.
 */
public final class PemsBayNetwork {
    static final String LOCATIONS = "sensor_locations.csv";
    static final String DISTANCES = "road_distances_meters.csv";
    static final int NEIGHBOURS = 2;
    static final double FREEWAY_LIMIT_KPH = 105; // 65 mph
    static final int FREEWAY_LANES = 4;
    /** Shorter links are the two carriageways of one site, not a road. */
    static final double MIN_LINK_METERS = 50;

    private PemsBayNetwork() {}

    public static boolean isPemsDirectory(Path path) {
        return Files.isDirectory(path)
                && Files.exists(path.resolve(LOCATIONS))
                && Files.exists(path.resolve(DISTANCES));
    }

    private record Link(String from, String to, double meters) {}

    public static RoadNetwork read(Path directory) {
        Map<String, GeoPoint> sensors = new HashMap<>();
        Path locations = directory.resolve(LOCATIONS);
        forEachRow(locations, (line, cells) -> {
            if (cells.length < 3) {
                throw new NetworkFileException(locations + ":" + line + ": expected sensor_id,latitude,longitude");
            }
            try {
                sensors.put(cells[0].trim(), new GeoPoint(Double.parseDouble(cells[1]), Double.parseDouble(cells[2])));
            } catch (IllegalArgumentException e) {
                throw new NetworkFileException(locations + ":" + line + ": " + e.getMessage());
            }
        });
        Map<String, List<Link>> outgoing = new HashMap<>();
        Path distances = directory.resolve(DISTANCES);
        forEachRow(distances, (line, cells) -> {
            if (cells.length < 3) {
                throw new NetworkFileException(distances + ":" + line + ": expected from,to,meters");
            }
            double meters;
            try {
                meters = Double.parseDouble(cells[2]);
            } catch (NumberFormatException e) {
                throw new NetworkFileException(
                        distances + ":" + line + ": '" + cells[2] + "' is not a distance in metres");
            }
            String from = cells[0].trim();
            String to = cells[1].trim();
            if (!sensors.containsKey(from) || !sensors.containsKey(to)) {
                throw new NetworkFileException(distances + ":" + line + ": sensor "
                        + (sensors.containsKey(from) ? to : from) + " is not in " + LOCATIONS);
            }
            if (!from.equals(to) && meters >= MIN_LINK_METERS) {
                outgoing.computeIfAbsent(from, k -> new ArrayList<>()).add(new Link(from, to, meters));
            }
        });
        List<Segment> segments = new ArrayList<>();
        outgoing.keySet().stream()
                .sorted()
                .forEach(from -> outgoing.get(from).stream()
                        .sorted(Comparator.comparingDouble(Link::meters).thenComparing(Link::to))
                        .limit(NEIGHBOURS)
                        .forEach(link -> segments.add(new Segment(
                                "pems-" + link.from() + "-" + link.to(),
                                "PeMS " + link.from() + " to " + link.to(),
                                link.from(),
                                link.to(),
                                link.meters(),
                                FREEWAY_LANES,
                                FREEWAY_LIMIT_KPH,
                                List.of(sensors.get(link.from()), sensors.get(link.to()))))));
        if (segments.isEmpty()) {
            throw new NetworkFileException(distances + ": no links between distinct sensors");
        }
        return new RoadNetwork(segments);
    }

    private interface Row {
        void accept(int line, String[] cells);
    }

    private static void forEachRow(Path file, Row row) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String text;
            int line = 0;
            while ((text = reader.readLine()) != null) {
                line++;
                if (text.isBlank()
                        || (line == 1 && !Character.isDigit(text.trim().charAt(0)))) {
                    continue; // blank, or a header row
                }
                row.accept(line, text.split(","));
            }
        } catch (IOException e) {
            throw new NetworkFileException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
