package io.roadmirror.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoadmirrorConfigTest {
    @TempDir
    Path dir;

    private Path file(String content) throws IOException {
        Path f = dir.resolve("roadmirror.properties");
        Files.writeString(f, content);
        return f;
    }

    @Test
    void defaultsAreTheDesignDefaults() {
        RoadmirrorConfig config = RoadmirrorConfig.defaults();
        assertEquals("localhost:9092", config.kafka().bootstrapServers());
        assertEquals(6, config.kafka().topicPartitions());
        assertEquals(
                List.of(URI.create("http://localhost:8081/apis/ccompat/v7")),
                config.registry().urls());
        assertEquals(Optional.empty(), config.registry().autoRegister());
        assertEquals(9092, config.embedded().brokerPort());
        assertEquals(8081, config.embedded().registryPort());
    }

    @Test
    void precedenceIsDefaultsThenFileThenEnvironmentThenFlags() throws IOException {
        Path f = file(
                "bootstrap.servers=file:1\ntopic.partitions=3\napplication.id=from-file\nembedded.broker.port=19092\n");
        Map<String, String> env = Map.of("ROADMIRROR_TOPIC_PARTITIONS", "4", "ROADMIRROR_APPLICATION_ID", "from-env");
        Map<String, String> flags = Map.of("application.id", "from-flag");

        RoadmirrorConfig config = RoadmirrorConfig.load(ConfigSources.layered(f, env, flags));

        assertEquals("file:1", config.kafka().bootstrapServers(), "file beats default");
        assertEquals(4, config.kafka().topicPartitions(), "environment beats file");
        assertEquals("from-flag", config.kafka().applicationId(), "flag beats environment");
        assertEquals(19092, config.embedded().brokerPort());
        assertEquals("roadmirror", RoadmirrorConfig.defaults().kafka().applicationId());
    }

    @Test
    void theConfigFileCanBeNamedByTheEnvironment() throws IOException {
        Path f = file("topic.partitions=2\n");
        RoadmirrorConfig config =
                RoadmirrorConfig.load(ConfigSources.layered(null, Map.of("ROADMIRROR_CONFIG", f.toString()), Map.of()));
        assertEquals(2, config.kafka().topicPartitions());
    }

    @Test
    void kafkaClientSettingsPassThroughFromFileEnvironmentAndFlags() throws IOException {
        Path f = file("kafka.security.protocol=SASL_SSL\nkafka.sasl.mechanism=PLAIN\n");
        Map<String, String> env = Map.of("ROADMIRROR_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
        Map<String, String> flags = Map.of("kafka.client.rack", "eu-west-1a");

        KafkaSettings kafka =
                RoadmirrorConfig.load(ConfigSources.layered(f, env, flags)).kafka();

        assertEquals(
                Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512", "client.rack", "eu-west-1a"),
                kafka.clientOverrides());
        assertEquals("SASL_SSL", kafka.clientProperties().get("security.protocol"));
        assertEquals("localhost:9092", kafka.clientProperties().get("bootstrap.servers"));
    }

    @Test
    void everyInvalidValueIsReportedAtOnceWithWhereItCameFromAndHowToSetIt() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> RoadmirrorConfig.load(ConfigSources.layered(
                        null,
                        Map.of("ROADMIRROR_TOPIC_PARTITIONS", "zero"),
                        Map.of("schema.registry.url", "localhost:8081", "bootstrap.servers", "kafka1"))));

        assertEquals(3, e.problems().size(), e.getMessage());
        assertTrue(
                e.getMessage()
                        .contains(
                                "topic.partitions = 'zero' (from environment ROADMIRROR_TOPIC_PARTITIONS): expected a whole number"),
                e.getMessage());
        assertTrue(
                e.getMessage().contains("schema.registry.url = 'localhost:8081' (from flag --schema-registry-url)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("expected host:port"), e.getMessage());
        assertTrue(
                e.getMessage().contains("--bootstrap-servers, ROADMIRROR_BOOTSTRAP_SERVERS or bootstrap.servers"),
                e.getMessage());
    }

    @Test
    void unknownSettingsAreErrorsNotSilentDefaults() throws IOException {
        Path f = file("bootstrap.server=typo:9092\n");
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> RoadmirrorConfig.load(ConfigSources.layered(
                        f, Map.of("ROADMIRROR_BOOTSTRAP_SERVER", "x:1", "OTHER_TOOL_VAR", "ignored"), Map.of())));
        assertEquals(2, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("unknown setting 'bootstrap.server'"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown environment variable ROADMIRROR_BOOTSTRAP_SERVER"), e.getMessage());
    }

    @Test
    void aMissingConfigFileIsAClearError() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> RoadmirrorConfig.load(ConfigSources.layered(dir.resolve("nope.properties"), Map.of(), Map.of())));
        assertTrue(e.getMessage().contains("nope.properties does not exist"), e.getMessage());
    }

    @Test
    void theEmbeddedPortsMustDiffer() {
        ConfigException e = assertThrows(
                ConfigException.class, () -> RoadmirrorConfig.of(Map.of("embedded.registry.port", "9092")));
        assertTrue(e.getMessage().contains("three different ports"), e.getMessage());
    }

    @Test
    void durationsAcceptShortAndIsoForms() {
        assertEquals(Duration.ofMinutes(3), Durations.parse("3m"));
        assertEquals(Duration.ofMinutes(3), Durations.parse("PT3M"));
        assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
        assertEquals(Duration.ofHours(24), Durations.parse("24h"));
        assertEquals("1d", Durations.format(Duration.ofDays(1)));
        assertEquals("3h", Durations.format(Duration.ofHours(3)));
        assertEquals("90s", Durations.format(Duration.ofSeconds(90)));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("three minutes"));
    }

    @Test
    void environmentVariableNamesFollowOneRule() {
        for (ConfigKey<?> key : ConfigKeys.all()) {
            assertEquals(
                    "ROADMIRROR_" + key.name().toUpperCase().replace('.', '_').replace('-', '_'), key.envVar());
            assertTrue(key.flag().startsWith("--"), key.flag());
            if (key.hasDefault()) {
                key.parser().parse(key.defaultValue()); // every default is itself valid
            }
        }
    }
}
