package io.roadmirror.bench;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * What a drain wrote to the application's own topics (store changelogs, repartition topics), per topic: how far
 * their end offsets moved. Each record sent costs the producer, the broker and, for a repartition, a consumer, so
 * the records per input record are the pipeline's write amplification. Under exactly-once an offset is also taken
 * by each transaction's commit marker in every partition the transaction wrote to (a few per 100 ms commit and
 * partition): a small over-count, the same for the pipeline and the floor.
 */
final class InternalWrites {
    private InternalWrites() {}

    /** The summed end offset of each topic named {@code <applicationId>-...}, keyed by the rest of its name. */
    static Map<String, Long> endOffsets(Admin admin, String applicationId) {
        String prefix = applicationId + "-";
        Map<String, Long> ends = new TreeMap<>();
        latest(admin, t -> t.startsWith(prefix))
                .forEach((partition, end) -> ends.merge(partition.topic().substring(prefix.length()), end, Long::sum));
        return ends;
    }

    /** The end offset of every partition of the topics {@code wanted} accepts. */
    static Map<TopicPartition, Long> latest(Admin admin, Predicate<String> wanted) {
        try {
            Set<String> topics = admin.listTopics().names().get(10, TimeUnit.SECONDS).stream()
                    .filter(wanted)
                    .collect(Collectors.toSet());
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(topics)
                    .allTopicNames()
                    .get(10, TimeUnit.SECONDS)
                    .forEach((name, description) -> description
                            .partitions()
                            .forEach(p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).forEach((p, info) -> ends.put(p, info.offset()));
            return ends;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read end offsets: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The records written to each topic between two readings, most first; topics that did not move are left out. */
    static Map<String, Long> between(Map<String, Long> before, Map<String, Long> after) {
        List<Map.Entry<String, Long>> moved = after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .toList();
        Map<String, Long> written = new LinkedHashMap<>();
        moved.forEach(e -> written.put(e.getKey(), e.getValue()));
        return written;
    }
}
