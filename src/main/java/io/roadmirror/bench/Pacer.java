package io.roadmirror.bench;

import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;

/** Sends a workload's records at a fixed rate, as gateways would, for a time or a count, whichever ends first. */
final class Pacer {
    private static final long PROGRESS_EVERY_NANOS = 250_000_000L;

    /** @param seconds wall time the sending took; records: how many were sent */
    record Sent(long records, double seconds) {
        double rate() {
            return records / Math.max(1e-9, seconds);
        }
    }

    private Pacer() {}

    static Sent feed(
            BenchWorkload workload,
            KafkaProducer<String, byte[]> producer,
            int rate,
            long maxRecords,
            long maxNanos,
            Progress progress,
            String what) {
        long start = System.nanoTime();
        long now = start;
        long sent = 0;
        long lastProgress = start;
        while (sent < maxRecords && now - start < maxNanos) {
            long due = Math.min(maxRecords, (long) ((now - start) / 1e9 * rate));
            while (sent < due) {
                producer.send(workload.next());
                sent++;
            }
            if (now - lastProgress > PROGRESS_EVERY_NANOS) {
                lastProgress = now;
                progress.update(String.format(
                        "%s: %4.1f s, sent %,d (%,.0f/s)",
                        what, (now - start) / 1e9, sent, sent / ((now - start) / 1e9)));
            }
            LockSupport.parkNanos(200_000); // the next records are due in a fraction of a millisecond
            now = System.nanoTime();
        }
        producer.flush();
        return new Sent(sent, (System.nanoTime() - start) / 1e9);
    }
}
