package io.roadmirror.network;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where a road network comes from: the bundled sample city, a GeoJSON file, or a PEMS-BAY directory. */
public final class NetworkSource {
    private NetworkSource() {}

    public static RoadNetwork load(Optional<Path> file) {
        if (file.isEmpty()) {
            return SampleCity.generate();
        }
        Path path = file.get();
        if (!Files.exists(path)) {
            throw new NetworkFileException(
                    "network file " + path + " does not exist; --network takes a GeoJSON file or a PEMS-BAY directory");
        }
        if (PemsBayNetwork.isPemsDirectory(path)) {
            return PemsBayNetwork.read(path);
        }
        if (Files.isDirectory(path)) {
            throw new NetworkFileException(
                    path + " is a directory without " + PemsBayNetwork.LOCATIONS + " and " + PemsBayNetwork.DISTANCES);
        }
        return GeoJsonNetwork.read(path);
    }
}
