package io.roadmirror.network;

import io.roadmirror.model.RoadSegment;
import io.roadmirror.topics.Topic;
import io.roadmirror.topics.TopicReader;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** The road network as it stands in road.network (the latest record per segment; tombstones remove). */
public final class NetworkTopicReader {
    private NetworkTopicReader() {}

    public static RoadNetwork read(Properties clientProperties, Topic<String, RoadSegment> topic) {
        Map<String, RoadSegment> latest = new LinkedHashMap<>();
        TopicReader.readAll(
                        clientProperties,
                        topic.name(),
                        topic.keySerde().deserializer(),
                        topic.valueSerde().deserializer(),
                        Duration.ofMinutes(2))
                .forEach(r -> {
                    if (r.value() == null) {
                        latest.remove(r.key());
                    } else {
                        latest.put(r.key(), r.value());
                    }
                });
        if (latest.isEmpty()) {
            throw new NetworkFileException(
                    "road.network is empty: load a network first with `roadmirror load-network`");
        }
        return new RoadNetwork(
                latest.values().stream().map(NetworkCodec::fromAvro).toList());
    }
}
