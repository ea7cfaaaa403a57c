package io.roadmirror.incidents;

import io.roadmirror.model.IncidentReport;
import io.roadmirror.streams.ExpiryIndex;
import io.roadmirror.streams.Punctuations;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Applies {@link IncidentLifecycle} per incidentId and emits the real changes, re-keyed by segment. */
final class IncidentLifecycleProcessor implements Processor<String, IncidentReport, String, IncidentChange> {
    private final DetectorRules rules;
    private ProcessorContext<String, IncidentChange> context;
    private KeyValueStore<String, IncidentState> incidents;
    private ExpiryIndex expiry;

    IncidentLifecycleProcessor(DetectorRules rules) {
        this.rules = rules;
    }

    @Override
    public void init(ProcessorContext<String, IncidentChange> context) {
        this.context = context;
        this.incidents = context.getStateStore(IncidentTopology.INCIDENT_STORE);
        this.expiry = new ExpiryIndex(context.getStateStore(IncidentTopology.INCIDENT_EXPIRY_STORE));
        Punctuations.everyStreamInterval(context, Duration.ofMinutes(10), this::forgetClearedIncidents);
    }

    @Override
    public void process(Record<String, IncidentReport> record) {
        IncidentState before = incidents.get(record.key());
        IncidentLifecycle.Outcome outcome = IncidentLifecycle.apply(before, record.value());
        if (outcome.state() != before) {
            incidents.put(record.key(), outcome.state());
            expiry.reschedule(record.key(), forgetAt(before), forgetAt(outcome.state()));
        }
        outcome.change().ifPresent(change -> context.forward(record.withKey(change.segmentId()).withValue(change)));
    }

    /** A cleared incident is remembered for a while (to recognise duplicates), then forgotten. */
    private Long forgetAt(IncidentState state) {
        return state == null || state.open() ? null : state.lastChangeAt() + rules.clearedRetention().toMillis();
    }

    private void forgetClearedIncidents(long now) {
        for (String id : expiry.takeDue(now)) {
            IncidentState state = incidents.get(id);
            Long at = forgetAt(state);
            if (at != null && at <= now) {
                incidents.delete(id);
            } else if (at != null) {
                expiry.reschedule(id, null, at);
            }
        }
    }
}
