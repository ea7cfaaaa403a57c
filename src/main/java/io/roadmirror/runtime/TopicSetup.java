package io.roadmirror.runtime;

import io.roadmirror.topics.TopicCatalog;
import io.roadmirror.topics.TopicDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the contract's topics that do not exist yet, with their cleanup policies, and checks that
 * existing ones have the right policy: a compacted topic configured to delete would silently lose
 * the road network after the retention time, so that is a start-up error.
 */
public final class TopicSetup {
    private static final Logger log = LoggerFactory.getLogger(TopicSetup.class);
    private static final long TIMEOUT_SECONDS = 60;
    /** Acknowledged writes survive the loss of one broker when the topic is replicated. */
    public static final int MIN_IN_SYNC_REPLICAS = 2;

    private TopicSetup() {}

    /** @return the names of the contract's topics created now (empty when all existed) */
    public static List<String> ensureTopics(Admin admin, int partitions, int replicationFactor) {
        return ensureTopics(admin, partitions, replicationFactor, TopicCatalog.ALL);
    }

    /** @return the names of the given topics created now (empty when all existed) */
    public static List<String> ensureTopics(
            Admin admin, int partitions, int replicationFactor, List<TopicDefinition> topics) {
        try {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (TopicDefinition topic : topics) {
                if (!existing.contains(topic.name())) {
                    Optional<Short> rf =
                            replicationFactor < 0 ? Optional.empty() : Optional.of((short) replicationFactor);
                    missing.add(new NewTopic(topic.name(), Optional.of(partitions), rf)
                            .configs(configs(topic, replicationFactor)));
                }
            }
            List<String> created = new ArrayList<>();
            for (var entry : admin.createTopics(missing).values().entrySet()) {
                try {
                    entry.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    created.add(entry.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e; // another instance creating it at the same moment is fine
                    }
                }
            }
            if (!created.isEmpty()) {
                awaitLeaders(admin, created);
                log.info("Created topics {} ({} partitions)", created, partitions);
            }
            verifyCleanupPolicies(admin, topics);
            return created;
        } catch (ExecutionException e) {
            throw new StartupException(
                    "cannot create or check the topics: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new StartupException(
                    "the Kafka cluster did not answer within " + TIMEOUT_SECONDS
                            + " s while creating topics; check bootstrap.servers (--bootstrap-servers) and the security settings",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while creating topics", e);
        }
    }

    /**
     * The cleanup policy, and {@code min.insync.replicas=2} whenever a record is copied to more than one
     * broker: with the producers' {@code acks=all}, a write is then acknowledged only once two brokers
     * hold it, so losing one broker loses no acknowledged record (with the broker default of 1, acks=all
     * can mean one copy).
     */
    static Map<String, String> configs(TopicDefinition topic, int replicationFactor) {
        Map<String, String> configs = new HashMap<>();
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, topic.cleanupPolicy());
        if (replicationFactor > 1) {
            configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(MIN_IN_SYNC_REPLICAS));
        }
        return configs;
    }

    /**
     * Waits until every partition of the new topics answers ListOffsets on its leader. An idempotent
     * producer that writes before the broker has applied a new partition can have its first batch
     * rejected and a later one accepted, and then never deliver the first (KAFKA-15591, fixed after
     * Kafka 4.3): so nothing is produced to a new topic before its partitions are really led.
     */
    private static void awaitLeaders(Admin admin, List<String> topics)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<String, TopicDescription> descriptions =
                untilKnown(() -> admin.describeTopics(topics).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        descriptions.forEach((name, description) -> description
                .partitions()
                .forEach(p -> partitions.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
        untilKnown(() -> admin.listOffsets(partitions).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
    }

    private interface AdminCall<T> {
        T call() throws ExecutionException, InterruptedException, TimeoutException;
    }

    /**
     * A broker that has just created a topic may not know it yet in every answer (UNKNOWN_TOPIC_OR_PARTITION,
     * NOT_LEADER_OR_FOLLOWER): such retriable errors are what we wait out, within the timeout, not failures.
     */
    private static <T> T untilKnown(AdminCall<T> call)
            throws ExecutionException, InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (true) {
            try {
                return call.call();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    private static void verifyCleanupPolicies(Admin admin, List<TopicDefinition> topics)
            throws ExecutionException, InterruptedException, TimeoutException {
        List<ConfigResource> resources = topics.stream()
                .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t.name()))
                .toList();
        Map<ConfigResource, Config> configs =
                untilKnown(() -> admin.describeConfigs(resources).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        List<String> wrong = new ArrayList<>();
        for (TopicDefinition topic : topics) {
            Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()));
            String policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
            boolean compacted = policy != null && policy.contains("compact");
            if (compacted != topic.compacted()) {
                wrong.add("topic " + topic.name() + " has cleanup.policy=" + policy + " but roadmirror needs "
                        + topic.cleanupPolicy()
                        + "; fix it with: kafka-configs --bootstrap-server <broker> --alter --entity-type topics --entity-name "
                        + topic.name() + " --add-config cleanup.policy=" + topic.cleanupPolicy());
            }
        }
        if (!wrong.isEmpty()) {
            throw new StartupException(String.join("\n", wrong));
        }
    }
}
