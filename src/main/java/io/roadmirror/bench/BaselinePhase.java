package io.roadmirror.bench;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The raw broker baseline, the physical ceiling of this machine: N records of the workload's bulk topic (sensor readings,
 * or the connected vehicles' positions) — the very Avro
 * bytes the pipeline gets — produced by one gateway-like producer and consumed back by a
 * read_committed consumer running at the same time. Rate: N over the time from the first send to
 * the last record consumed. The readings are serialized beforehand: the pipeline's input is
 * preloaded too, so neither measurement includes making the data.
 */
final class BaselinePhase {
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    record Result(long records, double seconds, double recordsPerSecond, long bytes) {}

    private BaselinePhase() {}

    static Result run(FreshCluster cluster, BenchWorkload workload, int records, Progress progress) throws Exception {
        String topic = workload.baselineTopic();
        String[] keys = new String[records];
        byte[][] values = new byte[records][];
        long bytes = 0;
        for (int i = 0; i < records; i++) {
            ProducerRecord<String, byte[]> reading = workload.next(topic);
            keys[i] = reading.key();
            values[i] = reading.value();
            bytes += reading.value().length;
        }
        try (KafkaConsumer<String, byte[]> consumer =
                        BenchClients.subscriber(cluster.clientProperties(), List.of(topic), true);
                KafkaProducer<String, byte[]> producer = BenchClients.producer(cluster.clientProperties())) {
            long start = System.nanoTime();
            CompletableFuture<Void> produced = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < records; i++) {
                    producer.send(new ProducerRecord<>(topic, keys[i], values[i]));
                }
                producer.flush();
            });
            long consumed = 0;
            long deadline = start + TIMEOUT.toNanos();
            while (consumed < records) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "the baseline consumed " + consumed + " of " + records + " readings within " + TIMEOUT);
                }
                consumed += consumer.poll(Duration.ofMillis(100)).count();
                double seconds = (System.nanoTime() - start) / 1e9;
                progress.update(String.format(
                        "baseline: %,d of %,d records back, %,.0f/s", consumed, records, consumed / seconds));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            produced.join();
            return new Result(records, seconds, records / seconds, bytes);
        }
    }
}
