package io.roadmirror.bench;

import io.roadmirror.model.IncidentReport;
import io.roadmirror.model.IncidentSource;
import io.roadmirror.model.IncidentStatus;
import io.roadmirror.registry.SchemaRegistryClient;
import io.roadmirror.serde.AvroDeserializer;
import io.roadmirror.topics.TopicCatalog;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Watches incident.reports as a subscriber does (read_committed) for the DETECTED OPEN incidents
 * the crash rule writes, and times each against the send of the position report that completed
 * the crash ({@link CrashMatcher}).
 */
final class CrashProbe implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final AvroDeserializer<IncidentReport> reports;
    private final CrashMatcher matcher = new CrashMatcher();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    CrashProbe(Properties client, SchemaRegistryClient registry) {
        this.consumer = BenchClients.subscriber(client, List.of(TopicCatalog.INCIDENT_REPORTS.name()), false);
        this.reports = AvroDeserializer.specific(registry, IncidentReport.class);
        this.thread = new Thread(this::loop, "bench-crash-probe");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Call just before the completing report is handed to the producer. */
    synchronized void sent(BenchWorkload.CrashMark mark, boolean counted) {
        matcher.sent(mark, System.nanoTime(), counted);
    }

    private void loop() {
        try {
            while (running) {
                var records = consumer.poll(Duration.ofMillis(50));
                long now = System.nanoTime();
                for (ConsumerRecord<String, byte[]> record : records) {
                    if (record.value() != null) {
                        IncidentReport report = reports.deserialize(record.topic(), record.value());
                        if (report.getSource() == IncidentSource.DETECTED
                                && report.getStatus() == IncidentStatus.OPEN) {
                            seen(report, now);
                        }
                    }
                }
            }
        } catch (org.apache.kafka.common.errors.WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    private synchronized void seen(IncidentReport report, long now) {
        matcher.seen(report.getSegmentId(), report.getIncidentId(), now);
    }

    synchronized long outstanding() {
        return matcher.outstandingCounted();
    }

    /** Waits (bounded) until every crash completed in this step has been detected. */
    boolean awaitAllSeen(Duration timeout) throws InterruptedException {
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

    synchronized CrashMatcher.Samples take() {
        return matcher.take();
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
