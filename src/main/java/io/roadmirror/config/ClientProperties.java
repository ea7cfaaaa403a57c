package io.roadmirror.config;

import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The Kafka client settings roadmirror's own consumers and producers share, on top of the
 * configured base ({@link KafkaSettings#clientProperties()}: bootstrap servers and the kafka.*
 * pass-through, security included). Each returns a new copy the caller may add to.
 */
public final class ClientProperties {
    private ClientProperties() {}

    /**
     * A consumer that sees only committed records (the pipeline writes in transactions) and commits
     * no offsets of its own: it positions itself, or belongs to a throw-away group.
     */
    public static Properties committedReader(Properties base, String clientId) {
        Properties props = copy(base, clientId);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return props;
    }

    /** The same, in a group of its own (a new one each time) that starts at {@code offsetReset} (earliest, latest). */
    public static Properties committedReaderInOwnGroup(Properties base, String groupPrefix, String offsetReset) {
        Properties props = committedReader(base, null);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupPrefix + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, offsetReset);
        return props;
    }

    /** A producer that writes each record once and only when every in-sync replica has it (idempotent, acks=all). */
    public static Properties safeProducer(Properties base, String clientId) {
        Properties props = copy(base, clientId);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return props;
    }

    private static Properties copy(Properties base, String clientId) {
        Properties props = new Properties();
        props.putAll(base);
        if (clientId != null) {
            props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        }
        return props;
    }
}
