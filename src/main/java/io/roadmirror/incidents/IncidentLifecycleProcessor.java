package io.roadmirror.incidents;

import io.roadmirror.model.IncidentReport;
import io.roadmirror.streams.ExpiryIndex;
import io.roadmirror.streams.Punctuations;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Applies {@link IncidentLifecycle} per incidentId. Emits the real changes ({@link IncidentChange},
 * re-keyed by segment) and, for an open incident nothing touched for {@code incident.max-open},
 * the CLEARED {@link IncidentReport} that closes it (keyed by incidentId, for incident.reports).
 * One expiry index serves both timers: an open incident's expiry, a cleared one's forgetting.
 */
final class IncidentLifecycleProcessor implements Processor<String, IncidentReport, String, Object> {
    /** Stream time between looks at the expiry index: also the precision of incident.max-open. */
    static final Duration CHECK_INTERVAL = Duration.ofMinutes(10);

    private final DetectorThresholds rules;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, IncidentState> incidents;
    private ExpiryIndex expiry;

    IncidentLifecycleProcessor(DetectorThresholds rules) {
        this.rules = rules;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.incidents = context.getStateStore(IncidentTopology.INCIDENT_STORE);
        this.expiry = new ExpiryIndex(context.getStateStore(IncidentTopology.INCIDENT_EXPIRY_STORE));
        Punctuations.everyStreamInterval(context, CHECK_INTERVAL, this::onTime);
    }

    @Override
    public void process(Record<String, IncidentReport> record) {
        IncidentState before = incidents.get(record.key());
        IncidentLifecycle.Outcome outcome = IncidentLifecycle.apply(before, record.value());
        if (outcome.state() != before) {
            incidents.put(record.key(), outcome.state());
            expiry.reschedule(record.key(), nextLookAt(before), nextLookAt(outcome.state()));
        }
        outcome.change()
                .ifPresent(change ->
                        context.forward(record.withKey(change.segmentId()).withValue(change)));
    }

    /** An open incident is looked at when it would expire; a cleared one when it is forgotten (to recognise duplicates until then). */
    private Long nextLookAt(IncidentState state) {
        if (state == null) {
            return null;
        }
        return state.open()
                ? IncidentLifecycle.expiresAt(state, rules.maxOpen())
                : state.lastChangeAt() + rules.clearedRetention().toMillis();
    }

    private void onTime(long now) {
        for (String id : expiry.takeDue(now)) {
            IncidentState state = incidents.get(id);
            Long at = nextLookAt(state);
            if (at == null) {
                continue;
            }
            if (at > now) {
                expiry.reschedule(id, null, at);
            } else if (state.open()) {
                // Written to incident.reports; when it comes back, the lifecycle clears the incident as for any source.
                IncidentReport cleared = IncidentLifecycle.expiry(state, rules.maxOpen());
                context.forward(new Record<>(id, cleared, cleared.getEventTime().toEpochMilli()));
            } else {
                incidents.delete(id);
            }
        }
    }
}
