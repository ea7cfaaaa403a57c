package io.roadmirror.incidents;

import io.roadmirror.model.IncidentReport;
import io.roadmirror.model.IncidentSource;
import io.roadmirror.model.IncidentStatus;
import io.roadmirror.model.IncidentType;
import io.roadmirror.streams.PipelineMetrics;
import java.time.Instant;
import java.util.Locale;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Applies the crash rule ({@link SegmentStops}) per segment and reports detected crashes as incidents. */
final class CrashDetectorProcessor implements Processor<String, VehicleStop, String, IncidentReport> {
    private final DetectorRules rules;
    private final PipelineMetrics metrics;
    private ProcessorContext<String, IncidentReport> context;
    private KeyValueStore<String, SegmentStops> stops;

    CrashDetectorProcessor(DetectorRules rules, PipelineMetrics metrics) {
        this.rules = rules;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, IncidentReport> context) {
        this.context = context;
        this.stops = context.getStateStore(IncidentTopology.STOPS_STORE);
    }

    @Override
    public void process(Record<String, VehicleStop> record) {
        SegmentStops before = stops.get(record.key());
        SegmentStops.Step step = (before == null ? SegmentStops.empty(record.key()) : before).apply(record.value(), rules);
        if (step.stops().isEmpty()) {
            stops.delete(record.key());
        } else {
            stops.put(record.key(), step.stops());
        }
        step.change().ifPresent(change -> {
            SegmentStops.DetectedCrash crash = change.crash();
            IncidentStatus status = change.opened() ? IncidentStatus.OPEN : IncidentStatus.CLEARED;
            IncidentReport report = new IncidentReport(crash.incidentId(), record.key(), Instant.ofEpochMilli(change.eventTime()),
                    IncidentType.CRASH, rules.crashSeverity(), status, IncidentSource.DETECTED,
                    String.format(Locale.ROOT, "%d probe vehicles stopped at %.0f m (%s)", crash.vehicleIds().size(),
                            crash.offsetMeters(), String.join(", ", crash.vehicleIds())));
            metrics.detectedIncident(status.name());
            context.forward(new Record<>(crash.incidentId(), report, change.eventTime()));
        });
    }
}
