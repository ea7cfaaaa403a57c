package io.roadmirror.bench;

import io.roadmirror.model.IncidentReport;
import io.roadmirror.model.IncidentSource;
import io.roadmirror.model.IncidentStatus;
import io.roadmirror.registry.SchemaRegistryClient;
import io.roadmirror.serde.AvroDeserializer;
import io.roadmirror.topics.TopicCatalog;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Watches incident.reports as a subscriber does (read_committed) for the DETECTED OPEN incidents
 * the crash rule writes, and times each against the send of the position report that completed
 * the crash ({@link CrashMatcher}).
 */
final class CrashProbe extends OutputProbe {
    private final AvroDeserializer<IncidentReport> reports;
    private final CrashMatcher matcher = new CrashMatcher();

    CrashProbe(Properties client, SchemaRegistryClient registry) {
        super(client, List.of(TopicCatalog.INCIDENT_REPORTS.name()), "bench-crash-probe");
        this.reports = AvroDeserializer.specific(registry, IncidentReport.class);
        start();
    }

    /** Call just before the completing report is handed to the producer. */
    synchronized void sent(BenchWorkload.CrashMark mark, boolean counted) {
        matcher.sent(mark, System.nanoTime(), counted);
    }

    @Override
    synchronized void seen(ConsumerRecord<String, byte[]> record, long now) {
        IncidentReport report = reports.deserialize(record.topic(), record.value());
        if (report.getSource() == IncidentSource.DETECTED && report.getStatus() == IncidentStatus.OPEN) {
            matcher.seen(report.getSegmentId(), report.getIncidentId(), now);
        }
    }

    @Override
    synchronized long outstanding() {
        return matcher.outstandingCounted();
    }

    synchronized CrashMatcher.Samples take() {
        return matcher.take();
    }
}
