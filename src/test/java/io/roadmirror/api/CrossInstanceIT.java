package io.roadmirror.api;

import static io.roadmirror.testing.TestRecords.reading;
import static io.roadmirror.testing.TestRecords.sec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.roadmirror.config.RoadmirrorConfig;
import io.roadmirror.embedded.EmbeddedKafkaBroker;
import io.roadmirror.mirror.MirrorTopology;
import io.roadmirror.network.RoadNetwork;
import io.roadmirror.network.Segment;
import io.roadmirror.runtime.Ports;
import io.roadmirror.testing.Await;
import io.roadmirror.testing.Closing;
import io.roadmirror.testing.Gateway;
import io.roadmirror.testing.HttpJson;
import io.roadmirror.testing.TestInstances;
import io.roadmirror.testing.TestNetworks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances of one application (same application.id, each its own application.server and API
 * port) share the partitions; each answers questions about keys only the other holds, and "all"
 * questions are complete on either. Each segment gets a speed of its own, so an answer shows
 * where it came from.
 */
class CrossInstanceIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final RoadNetwork NETWORK = TestNetworks.triangle();
    private static final Map<String, Double> SPEEDS = new HashMap<>();
    private static EmbeddedKafkaBroker broker;
    private static ServedPipeline first;
    private static ServedPipeline second;
    private static String firstApi;
    private static String secondApi;

    @BeforeAll
    static void start() {
        broker = EmbeddedKafkaBroker.start(Ports.findFree(), Ports.findFree(), null);
        String applicationId = "roadmirror-two-instances-" + UUID.randomUUID();
        int firstPort = Ports.findFree();
        int secondPort = Ports.findFree();
        RoadmirrorConfig firstConfig =
                TestInstances.config(broker.bootstrapServers(), applicationId, 4, firstPort, Map.of());
        RoadmirrorConfig secondConfig =
                TestInstances.config(broker.bootstrapServers(), applicationId, 4, secondPort, Map.of());
        TestInstances.prepareCluster(firstConfig, NETWORK);
        first = TestInstances.start(firstConfig);
        second = TestInstances.start(secondConfig);
        firstApi = "http://127.0.0.1:" + firstPort;
        secondApi = "http://127.0.0.1:" + secondPort;
        Await.until(
                "both instances RUNNING with a share of the mirror's partitions each",
                () -> sharesWork(first.pipeline().streams())
                        && sharesWork(second.pipeline().streams()),
                WAIT);

        List<Segment> segments = new ArrayList<>(NETWORK.segments());
        try (Gateway gateway = new Gateway(firstConfig)) {
            for (int i = 0; i < segments.size(); i++) {
                String id = segments.get(i).id();
                SPEEDS.put(id, 2.0 + 1.5 * i); // congested or stopped nearly everywhere: advisories on both instances
                gateway.send(reading("s-" + id, id, sec(0), SPEEDS.get(id)));
            }
            gateway.flush();
        }
        HttpJson.await(firstApi + "/api/segments?congestion=UNKNOWN", JsonNode::isEmpty, WAIT);
    }

    private static boolean sharesWork(KafkaStreams streams) {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return false;
        }
        List<StreamsMetadata> hosts = new ArrayList<>(streams.streamsMetadataForStore(MirrorTopology.STORE));
        return hosts.size() == 2
                && hosts.stream().allMatch(h -> h.stateStoreNames().contains(MirrorTopology.STORE));
    }

    @AfterAll
    static void stop() {
        Closing.all(second, first, broker);
    }

    @Test
    void eachInstanceAnswersForTheKeysTheOtherOwns() {
        List<String> ownedByFirst = ownedBy(firstApi);
        List<String> ownedBySecond = ownedBy(secondApi);
        assertFalse(ownedByFirst.isEmpty(), "the first instance owns some segments");
        assertFalse(ownedBySecond.isEmpty(), "the second instance owns some segments");

        for (String id : ownedBySecond) {
            assertEquals(
                    SPEEDS.get(id),
                    HttpJson.getOk(firstApi + "/api/segments/" + id)
                            .at("/segment/live/speedKph")
                            .asDouble(),
                    id + " asked of the first instance, owned by the second");
        }
        for (String id : ownedByFirst) {
            assertEquals(
                    SPEEDS.get(id),
                    HttpJson.getOk(secondApi + "/api/segments/" + id)
                            .at("/segment/live/speedKph")
                            .asDouble(),
                    id + " asked of the second instance, owned by the first");
        }
    }

    /** The segments whose mirror partition the instance serving this API owns, as Kafka Streams assigned them. */
    private static List<String> ownedBy(String api) {
        HostInfo host = new HostInfo("127.0.0.1", Integer.parseInt(api.substring(api.lastIndexOf(':') + 1)));
        return SPEEDS.keySet().stream()
                .filter(id -> first.pipeline()
                        .streams()
                        .queryMetadataForKey(MirrorTopology.STORE, id, new StringSerializer())
                        .activeHost()
                        .equals(host))
                .sorted()
                .toList();
    }

    @Test
    void everyQuestionAboutAllSegmentsIsCompleteOnEitherInstance() {
        for (String api : List.of(firstApi, secondApi)) {
            JsonNode segments = HttpJson.getOk(api + "/api/segments");
            assertEquals(SPEEDS.size(), segments.size());
            for (JsonNode s : segments) {
                assertEquals(
                        SPEEDS.get(s.get("segmentId").asText()),
                        s.at("/live/speedKph").asDouble(),
                        api + " " + s.get("segmentId"));
            }
        }
        JsonNode advisories = HttpJson.await(firstApi + "/api/advisories", a -> !a.isEmpty(), WAIT);
        assertEquals(
                advisories, HttpJson.getOk(secondApi + "/api/advisories"), "the same advisories, gathered from both");
        Map<String, Integer> perSegment = new HashMap<>();
        advisories.forEach(a -> perSegment.merge(a.get("segmentId").asText(), 1, Integer::sum));
        assertTrue(
                ownedBy(firstApi).stream().anyMatch(perSegment::containsKey)
                        && ownedBy(secondApi).stream().anyMatch(perSegment::containsKey),
                "advisories from the partitions of both instances: " + perSegment);
        perSegment.forEach((segment, count) -> {
            assertEquals(
                    count,
                    HttpJson.getOk(firstApi + "/api/advisories?segment=" + segment)
                            .size(),
                    segment + " via the first");
            assertEquals(
                    count,
                    HttpJson.getOk(secondApi + "/api/advisories?segment=" + segment)
                            .size(),
                    segment + " via the second");
        });
    }
}
