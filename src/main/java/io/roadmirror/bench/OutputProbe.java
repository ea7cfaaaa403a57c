package io.roadmirror.bench;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Reads output topics as a subscriber does (read_committed) on its own thread, handing each record
 * with the time of the poll that returned it to {@link #seen}; a probe matches what it sees to what
 * the workload sent and says how much still waits.
 */
abstract class OutputProbe implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    OutputProbe(Properties client, List<String> topics, String threadName) {
        this.consumer = BenchClients.subscriber(client, topics, false);
        this.thread = new Thread(this::loop, threadName);
        this.thread.setDaemon(true);
    }

    /** Starts reading; call at the end of the subclass's constructor. */
    final void start() {
        thread.start();
    }

    /** A record polled at {@code nowNanos}, on the probe's thread. */
    abstract void seen(ConsumerRecord<String, byte[]> record, long nowNanos);

    /** What was sent and is not matched yet. */
    abstract long outstanding();

    private void loop() {
        try {
            while (running) {
                var records = consumer.poll(Duration.ofMillis(50));
                long now = System.nanoTime();
                for (ConsumerRecord<String, byte[]> record : records) {
                    if (record.value() != null) {
                        seen(record, now);
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    /** Waits (bounded) until nothing sent waits for its match. */
    final boolean awaitAllSeen(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (outstanding() > 0) {
            if (failure != null) {
                throw failure;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        return true;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(Duration.ofSeconds(5));
    }
}
