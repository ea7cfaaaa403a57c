package io.roadmirror.bench;

import io.roadmirror.ingest.DeadLetters;
import io.roadmirror.topics.TopicCatalog;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * Counts what the pipeline wrote to each output topic, read as a subscriber reads it (read_committed), for the report's sums;
 * dead letters also by reason ("deadletter.events LATE").
 */
final class OutputCounts {
    private static final List<String> OUTPUTS = List.of(
            TopicCatalog.MIRROR_SEGMENTS.name(),
            TopicCatalog.INCIDENT_HOTSPOTS.name(),
            TopicCatalog.ROUTING_ADVISORIES.name(),
            TopicCatalog.DEAD_LETTERS.name());
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private OutputCounts() {}

    static Map<String, Long> read(Properties client) {
        Map<String, Long> counts = new TreeMap<>();
        try (KafkaConsumer<String, byte[]> consumer = BenchClients.subscriber(client, OUTPUTS, true)) {
            Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
            OUTPUTS.forEach(t -> counts.put(t, 0L));
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read the output topics to their end within " + TIMEOUT);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    counts.merge(r.topic(), 1L, Long::sum);
                    Header reason =
                            r.topic().equals(DeadLetters.TOPIC) ? r.headers().lastHeader(DeadLetters.REASON) : null;
                    if (reason != null) { // the report says why, not only how many
                        counts.merge(
                                r.topic() + " " + new String(reason.value(), StandardCharsets.UTF_8), 1L, Long::sum);
                    }
                });
            }
        }
        return counts;
    }
}
