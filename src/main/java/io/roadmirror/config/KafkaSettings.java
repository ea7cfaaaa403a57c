package io.roadmirror.config;

import java.util.Map;
import java.util.Properties;

/**
 * Where the Kafka cluster is and how to talk to it.
 *
 * @param clientOverrides kafka.* settings passed to every client (security.protocol, sasl.*, ssl.*, ...)
 */
public record KafkaSettings(
        String bootstrapServers,
        String applicationId,
        int topicPartitions,
        int topicReplicationFactor,
        Map<String, String> clientOverrides) {

    public KafkaSettings {
        clientOverrides = Map.copyOf(clientOverrides);
    }

    static KafkaSettings read(ConfigReader r) {
        return new KafkaSettings(
                r.get(ConfigKeys.BOOTSTRAP_SERVERS),
                r.get(ConfigKeys.APPLICATION_ID),
                r.get(ConfigKeys.TOPIC_PARTITIONS),
                r.get(ConfigKeys.TOPIC_REPLICATION_FACTOR),
                r.sources().kafkaPassthrough());
    }

    /** Base properties for any client: bootstrap servers plus the pass-through settings. */
    public Properties clientProperties() {
        Properties props = new Properties();
        props.putAll(clientOverrides);
        props.put("bootstrap.servers", bootstrapServers);
        return props;
    }

    public KafkaSettings withBootstrapServers(String servers) {
        return new KafkaSettings(servers, applicationId, topicPartitions, topicReplicationFactor, clientOverrides);
    }

    public KafkaSettings withReplicationFactor(int replicationFactor) {
        return new KafkaSettings(bootstrapServers, applicationId, topicPartitions, replicationFactor, clientOverrides);
    }

    /** sasl.jaas.config, ssl.*.password and the like are shown as [hidden]. */
    @Override
    public String toString() {
        return "KafkaSettings[bootstrapServers=" + bootstrapServers + ", applicationId=" + applicationId
                + ", topicPartitions="
                + topicPartitions + ", topicReplicationFactor=" + topicReplicationFactor + ", clientOverrides="
                + Secrets.shown(clientOverrides) + "]";
    }
}
