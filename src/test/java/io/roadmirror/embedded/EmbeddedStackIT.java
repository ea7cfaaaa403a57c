package io.roadmirror.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.config.EmbeddedSettings;
import io.roadmirror.config.RoadmirrorConfig;
import io.roadmirror.network.NetworkPublisher;
import io.roadmirror.network.SampleCity;
import io.roadmirror.registry.HttpSchemaRegistryClient;
import io.roadmirror.registry.SchemaRegistryClient;
import io.roadmirror.runtime.Ports;
import io.roadmirror.runtime.SchemaSetup;
import io.roadmirror.runtime.StartupException;
import io.roadmirror.runtime.TopicSetup;
import io.roadmirror.serde.AvroDeserializer;
import io.roadmirror.topics.TopicCatalog;
import io.roadmirror.topics.TopicDefinition;
import io.roadmirror.topics.Topics;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericData;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What `roadmirror demo` sets up, on a real broker and registry: every topic with its cleanup
 * policy, every value subject, and a road network any Confluent-wire-format consumer can read.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class EmbeddedStackIT {
    private static EmbeddedStack stack;
    private static RoadmirrorConfig config;

    @BeforeAll
    static void start() {
        stack = EmbeddedStack.start(new EmbeddedSettings(
                Ports.findFree(), Ports.findFree(), Ports.findFree(), Optional.empty(), Optional.empty()));
        RoadmirrorConfig defaults = RoadmirrorConfig.defaults();
        config = defaults.withKafka(defaults.kafka()
                        .withBootstrapServers(stack.broker().bootstrapServers())
                        .withReplicationFactor(1))
                .withRegistry(defaults.registry().withUrl(stack.registry().url()));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void topicsAreCreatedWithTheContractsCleanupPoliciesAndPartitions() throws Exception {
        try (Admin admin = Admin.create(config.kafka().clientProperties())) {
            TopicSetup.ensureTopics(admin, 3, 1);
            assertEquals(List.of(), TopicSetup.ensureTopics(admin, 3, 1), "second run creates nothing");

            Map<ConfigResource, Config> configs = admin.describeConfigs(TopicCatalog.ALL.stream()
                            .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t.name()))
                            .toList())
                    .all()
                    .get();
            for (TopicDefinition topic : TopicCatalog.ALL) {
                String policy = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()))
                        .get("cleanup.policy")
                        .value();
                assertEquals(topic.compacted() ? "compact" : "delete", policy, topic.name());
            }
            var descriptions = admin.describeTopics(
                            TopicCatalog.ALL.stream().map(TopicDefinition::name).toList())
                    .allTopicNames()
                    .get();
            descriptions.values().forEach(d -> assertEquals(3, d.partitions().size(), d.name()));
        }
    }

    @Test
    void theRoadNetworkIsReadableByAnyConfluentWireFormatConsumer() throws Exception {
        try (Admin admin = Admin.create(config.kafka().clientProperties());
                SchemaRegistryClient registry = new HttpSchemaRegistryClient(config.registry())) {
            TopicSetup.ensureTopics(admin, 3, 1);
            SchemaSetup.registerAll(registry);
            assertTrue(registry.subjects()
                    .containsAll(TopicCatalog.avroTopics().stream()
                            .map(TopicDefinition::valueSubject)
                            .toList()));
            NetworkPublisher.publish(
                    SampleCity.generate(),
                    new Topics(registry, false).roadNetwork,
                    config.kafka().clientProperties());
        }
        // An independent consumer: string keys, generic Avro with the writer schema fetched by id.
        Properties props = config.kafka().clientProperties();
        props.put("group.id", "independent-reader");
        props.put("auto.offset.reset", "earliest");
        Map<String, GenericData.Record> segments = new HashMap<>();
        try (SchemaRegistryClient fresh = new HttpSchemaRegistryClient(config.registry());
                KafkaConsumer<String, GenericData.Record> consumer =
                        new KafkaConsumer<>(props, new StringDeserializer(), AvroDeserializer.generic(fresh))) {
            consumer.subscribe(List.of("road.network"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (segments.size() < SampleCity.generate().size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, GenericData.Record> r : consumer.poll(Duration.ofMillis(200))) {
                    segments.put(r.key(), r.value());
                }
            }
        }
        assertEquals(SampleCity.generate().size(), segments.size());
        GenericData.Record one = segments.get("N0000-N0001");
        assertEquals("N0000-N0001", one.get("segmentId").toString());
        assertEquals("io.roadmirror.model.RoadSegment", one.getSchema().getFullName());
        Set<String> fields =
                one.getSchema().getFields().stream().map(f -> f.name()).collect(Collectors.toSet());
        assertEquals(
                Set.of("segmentId", "name", "fromNode", "toNode", "lengthMeters", "lanes", "speedLimitKph", "geometry"),
                fields);
    }

    @Test
    void aTakenPortIsAOneLineErrorNamingThePortAndTheFlag() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            int port = taken.getLocalPort();
            StartupException e = assertThrows(
                    StartupException.class,
                    () -> EmbeddedStack.start(new EmbeddedSettings(
                            Ports.findFree(), Ports.findFree(), port, Optional.empty(), Optional.empty())));
            assertEquals(
                    "Port " + port
                            + " (schema registry) is already in use. Stop whatever listens on it, or choose another port with --registry-port.",
                    e.getMessage());
        }
    }
}
