package io.roadmirror.testing;

import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Waits until a Kafka Streams application has consumed and committed everything: every input
 * partition and every partition it committed (its repartition topics included) has no lag. Under
 * exactly-once the outputs of what it committed are committed with it, so a test that reads the
 * outputs to their end afterwards sees all of them, later duplicates included.
 */
public final class Drained {
    private Drained() {}

    public static void await(String bootstrap, String applicationId, Collection<String> inputTopics, Duration timeout) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        try (Admin admin = Admin.create(props)) {
            Await.until(
                    applicationId + " to consume and commit all its input",
                    () -> lag(admin, applicationId, inputTopics) == 0,
                    timeout);
        }
    }

    /** Records not yet committed by the group, over its committed partitions and every partition of the inputs. */
    public static long lag(Admin admin, String groupId, Collection<String> inputTopics) {
        Map<TopicPartition, Long> byPartition = lagByPartition(admin, groupId, inputTopics);
        return byPartition == null
                ? Long.MAX_VALUE // not answerable right now (a broker restarting, the group rebalancing): not drained
                : byPartition.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The partitions with records not yet committed by the group, and how many; null when not answerable now. */
    public static Map<TopicPartition, Long> lagByPartition(
            Admin admin, String groupId, Collection<String> inputTopics) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            committed.keySet().forEach(tp -> request.put(tp, OffsetSpec.latest()));
            admin.describeTopics(inputTopics)
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .forEach((name, description) -> description
                            .partitions()
                            .forEach(p -> request.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    admin.listOffsets(request).all().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, Long> lags = new TreeMap<>(Comparator.comparing(TopicPartition::toString));
            for (var end : ends.entrySet()) {
                OffsetAndMetadata done = committed.get(end.getKey());
                long lag = end.getValue().offset() - (done == null ? 0 : done.offset());
                if (lag != 0) {
                    lags.put(end.getKey(), lag);
                }
            }
            return lags;
        } catch (Exception e) {
            return null;
        }
    }

    /** What still waits, for a failure message. */
    public static String describe(String bootstrap, String groupId, Collection<String> inputTopics) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        try (Admin admin = Admin.create(props)) {
            Map<TopicPartition, Long> lags = lagByPartition(admin, groupId, inputTopics);
            return lags == null ? "lag not answerable now" : "lag by partition: " + lags;
        }
    }
}
