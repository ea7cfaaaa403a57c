package io.roadmirror.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.roadmirror.config.KafkaSettings;
import io.roadmirror.config.RoadmirrorConfig;
import io.roadmirror.streams.PipelineMetrics;
import io.roadmirror.topics.TopicCatalog;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The durability settings a user gets without asking: exactly-once, acks=all, two in-sync replicas where there are copies. */
@Timeout(60)
class StreamsConfigTest {
    private final RoadmirrorConfig defaults = RoadmirrorConfig.defaults();

    private Properties streamsConfig(KafkaSettings kafka) {
        return Pipeline.streamsConfig(defaults.pipeline(), kafka, PipelineMetrics.inMemory(), Path.of("state"));
    }

    @Test
    void aVanishedInstanceHoldsItsPartitionsForTenSecondsUnlessTheUserSaysOtherwise() {
        assertEquals(10_000, streamsConfig(defaults.kafka()).get("main.consumer.session.timeout.ms"));
        for (String key :
                List.of("session.timeout.ms", "consumer.session.timeout.ms", "main.consumer.session.timeout.ms")) {
            KafkaSettings kafka = new KafkaSettings("localhost:9092", "roadmirror", 3, 1, Map.of(key, "45000"));
            Properties props = streamsConfig(kafka);
            assertEquals("45000", props.get(key), key);
            assertFalse(
                    !key.startsWith("main.") && props.containsKey("main.consumer.session.timeout.ms"),
                    key + " is not overridden by the default");
        }
    }

    @Test
    void exactlyOnceV2IsTheDefault() {
        assertEquals("exactly_once_v2", defaults.pipeline().processingGuarantee());
        assertEquals("exactly_once_v2", streamsConfig(defaults.kafka()).get("processing.guarantee"));
        assertEquals("all", streamsConfig(defaults.kafka()).get("producer.acks"));
    }

    @Test
    void replicatedInternalTopicsNeedTwoInSyncReplicas() {
        assertEquals(2, streamsConfig(defaults.kafka().withReplicationFactor(3)).get("topic.min.insync.replicas"));
        assertFalse(
                streamsConfig(defaults.kafka().withReplicationFactor(1)).containsKey("topic.min.insync.replicas"),
                "one copy cannot have two in sync");
    }

    @Test
    void replicatedContractTopicsAreCreatedWithTwoInSyncReplicas() {
        assertEquals(
                Map.of("cleanup.policy", "compact", "min.insync.replicas", "2"),
                TopicSetup.configs(TopicCatalog.ROAD_NETWORK, 3));
        assertEquals(Map.of("cleanup.policy", "delete"), TopicSetup.configs(TopicCatalog.SENSOR_READINGS, 1));
    }
}
