package io.roadmirror.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.advisories.RoutingGraph;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class NetworkLoadingTest {
    /** The real PEMS-BAY sensor graph, carried as a test resource (source and licence beside it). */
    private static final Path PEMS = pemsFixture();

    @TempDir
    Path dir;

    private static Path pemsFixture() {
        try {
            return Path.of(NetworkLoadingTest.class
                            .getResource("/pems-bay-sensor-graph/sensor_locations.csv")
                            .toURI())
                    .getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path geojson(String content) throws IOException {
        Path file = dir.resolve("city.geojson");
        Files.writeString(file, content);
        return file;
    }

    private static String feature(String props, String coordinates) {
        return "{\"type\":\"Feature\",\"geometry\":{\"type\":\"LineString\",\"coordinates\":" + coordinates
                + "},\"properties\":" + props + "}";
    }

    private static final String GOOD_PROPS =
            "{\"segmentId\":\"a-b\",\"name\":\"Dorpsstraat\",\"fromNode\":\"a\",\"toNode\":\"b\",\"lanes\":1,\"speedLimitKph\":30}";

    @Test
    void theSampleCityIsADeterministicCityWithDetoursEverywhere() {
        RoadNetwork city = SampleCity.generate();
        assertEquals(216, city.size());
        assertEquals(
                city.segments().stream().map(Segment::toString).toList(),
                SampleCity.generate().segments().stream().map(Segment::toString).toList(),
                "the same city every time");
        Set<Integer> limits =
                city.segments().stream().map(s -> (int) s.speedLimitKph()).collect(Collectors.toSet());
        assertEquals(Set.of(30, 50, 60, 100), limits, "local streets, arterials, ramps, the ring expressway");
        RoutingGraph graph = RoutingGraph.of(city);
        for (Segment s : city.segments()) {
            assertTrue(graph.detour(s.id(), id -> 1.0, id -> false).isPresent(), "a detour around " + s.id());
            assertTrue(s.lengthMeters() > 300 && s.lengthMeters() < 1500, s.id() + " " + s.lengthMeters());
        }
    }

    @Test
    void aGeoJsonNetworkLoadsWithLengthsFromItsGeometry() throws IOException {
        Path file = geojson("{\"type\":\"FeatureCollection\",\"features\":["
                + feature(GOOD_PROPS, "[[5.0,52.0],[5.0,52.01]]") + "]}");
        RoadNetwork network = NetworkSource.load(Optional.of(file));
        Segment s = network.segment("a-b").orElseThrow();
        assertEquals(1112, s.lengthMeters(), 2, "0.01 degree of latitude");
        assertEquals(52.0, s.geometry().get(0).lat(), 1e-9, "GeoJSON coordinates are [lon, lat]");
    }

    @Test
    void aBadFeatureIsAClearErrorNamingIt() throws IOException {
        Path missing = geojson(
                "{\"type\":\"FeatureCollection\",\"features\":[" + feature(GOOD_PROPS, "[[5.0,52.0],[5.0,52.01]]") + ","
                        + feature(
                                "{\"segmentId\":\"b-c\",\"name\":\"x\",\"fromNode\":\"b\",\"toNode\":\"c\",\"lanes\":1}",
                                "[[5.0,52.0],[5.0,52.01]]")
                        + "]}");
        NetworkFileException e =
                assertThrows(NetworkFileException.class, () -> NetworkSource.load(Optional.of(missing)));
        assertTrue(
                e.getMessage().endsWith("features[1] (segmentId 'b-c'): property speedLimitKph must be a number"),
                e.getMessage());

        Path swapped = geojson("{\"type\":\"FeatureCollection\",\"features\":["
                + feature(GOOD_PROPS, "[[52.0,95.0],[52.0,95.1]]") + "]}");
        assertTrue(assertThrows(NetworkFileException.class, () -> NetworkSource.load(Optional.of(swapped)))
                .getMessage()
                .contains("GeoJSON order is [longitude, latitude]"));

        Path notJson = geojson("{ this is not json");
        assertTrue(assertThrows(NetworkFileException.class, () -> NetworkSource.load(Optional.of(notJson)))
                .getMessage()
                .contains("is not readable JSON"));

        Path point = geojson("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
                + "\"geometry\":{\"type\":\"Point\",\"coordinates\":[5,52]},\"properties\":" + GOOD_PROPS + "}]}");
        assertTrue(assertThrows(NetworkFileException.class, () -> NetworkSource.load(Optional.of(point)))
                .getMessage()
                .contains("features[0] (segmentId 'a-b'): geometry must be a LineString, got Point"));

        assertTrue(assertThrows(
                        NetworkFileException.class, () -> NetworkSource.load(Optional.of(dir.resolve("nope.geojson"))))
                .getMessage()
                .contains("does not exist"));
    }

    @Test
    void thePemsBaySensorGraphBecomesAFreewayNetwork() throws IOException {
        RoadNetwork pems = NetworkSource.load(Optional.of(PEMS));
        String location = Files.readAllLines(PEMS.resolve(PemsBayNetwork.LOCATIONS)).stream()
                .filter(l -> l.startsWith("400030,"))
                .findFirst()
                .orElseThrow();
        assertEquals(318, pems.nodes().size(), "325 sensors; 7 have no road link of at least 50 m to or from another");
        assertTrue(
                pems.size() >= 600 && pems.size() <= 650,
                "two links per sensor, minus co-located ones: " + pems.size());
        assertEquals(2, pems.leaving("400030").size(), "joined to its two nearest downstream sensors");
        Segment s = pems.leaving("400030").get(0);
        assertEquals(105, s.speedLimitKph());
        assertTrue(s.lengthMeters() >= PemsBayNetwork.MIN_LINK_METERS);
        assertEquals(
                Double.parseDouble(location.split(",")[1]), s.geometry().get(0).lat(), 1e-9);
        assertEquals(
                Double.parseDouble(location.split(",")[2]), s.geometry().get(0).lon(), 1e-9);
    }

    @Test
    void aBrokenPemsFileNamesTheLine() throws IOException {
        Files.writeString(dir.resolve(PemsBayNetwork.LOCATIONS), "1,37.0,-122.0\n2,37.1,-122.0\n");
        Files.writeString(dir.resolve(PemsBayNetwork.DISTANCES), "from,to,meters\n1,2,1200\n2,1,oops\n");
        NetworkFileException e = assertThrows(NetworkFileException.class, () -> NetworkSource.load(Optional.of(dir)));
        assertTrue(
                e.getMessage().endsWith(PemsBayNetwork.DISTANCES + ":3: 'oops' is not a distance in metres"),
                e.getMessage());
    }
}
