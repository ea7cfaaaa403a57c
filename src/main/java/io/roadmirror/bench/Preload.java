package io.roadmirror.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongPredicate;
import org.apache.kafka.clients.producer.KafkaProducer;

/** Writes the workload's records to the input topics before the pipeline starts, as fast as the broker takes them. */
final class Preload {
    private Preload() {}

    /**
     * @param more asked with the count written so far (and the workload's clock in between): true to write another
     * @return records written per topic
     */
    static Map<String, Long> write(
            FreshCluster cluster, BenchWorkload workload, LongPredicate more, Progress progress, String what) {
        long written = 0;
        try (KafkaProducer<String, byte[]> producer = BenchClients.producer(cluster.clientProperties())) {
            Map<String, Long> before = workload.producedByTopic();
            while (more.test(written)) {
                producer.send(workload.next());
                written++;
                if (written % 50_000 == 0) {
                    progress.update(String.format("%s: preloading, %,d records written", what, written));
                }
            }
            producer.flush();
            Map<String, Long> byTopic = new TreeMap<>(workload.producedByTopic());
            before.forEach((topic, n) -> byTopic.merge(topic, -n, Long::sum));
            return byTopic;
        }
    }
}
