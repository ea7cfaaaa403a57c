package io.roadmirror.hotspots;

import io.roadmirror.incidents.IncidentChange;
import io.roadmirror.model.HotspotLevel;
import io.roadmirror.model.IncidentSource;
import io.roadmirror.model.IncidentType;
import io.roadmirror.streams.EventClock;
import io.roadmirror.streams.ExpiryIndex;
import io.roadmirror.streams.PipelineMetrics;
import io.roadmirror.streams.Punctuations;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps each segment's {@link IncidentHistory} over the trailing window: an opening is added and
 * judged at once; an opening leaving the window is found through an {@link ExpiryIndex} (no scan
 * of all segments or of a day of history) and the segment judged again, so a hotspot falls back to
 * WATCH or NONE as time passes.
 */
final class HotspotProcessor implements Processor<String, IncidentChange, String, HotspotUpdate> {
    private static final Duration EXPIRY_CHECK = Duration.ofMinutes(1);
    private final HotspotRules rules;
    private final PipelineMetrics metrics;
    private final EventClock clock = new EventClock();
    private ProcessorContext<String, HotspotUpdate> context;
    private KeyValueStore<String, IncidentHistory> histories;
    private ExpiryIndex expiry;

    HotspotProcessor(HotspotRules rules, PipelineMetrics metrics) {
        this.rules = rules;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, HotspotUpdate> context) {
        this.context = context;
        this.histories = context.getStateStore(HotspotTopology.STORE);
        this.expiry = new ExpiryIndex(context.getStateStore(HotspotTopology.EXPIRY_STORE));
        Punctuations.everyEventInterval(context, EXPIRY_CHECK, clock, this::judgeExpiredSegments);
    }

    @Override
    public void process(Record<String, IncidentChange> record) {
        long now = clock.onRecord(context.currentStreamTimeMs(), context.currentSystemTimeMs());
        IncidentChange change = record.value();
        if (change.kind() != IncidentChange.Kind.OPENED) {
            return; // clearing does not remove an incident from the history
        }
        IncidentHistory before = histories.get(record.key());
        IncidentHistory current = before == null ? IncidentHistory.empty() : before;
        boolean crash = change.type() == IncidentType.CRASH;
        IncidentHistory added = current.withOpening(new IncidentHistory.Entry(change.incidentId(), change.openedAt(), change.severity(),
                crash, crash && change.source() == IncidentSource.DETECTED));
        if (added == null) {
            return; // the same incident again
        }
        judge(record.key(), current.nextExpiry(rules), added, Math.max(now, change.eventTime()));
    }

    private void judgeExpiredSegments(long now) {
        for (String segmentId : expiry.takeDue(now)) {
            IncidentHistory history = histories.get(segmentId);
            if (history != null) {
                judge(segmentId, null, history, now); // its index entry was just taken
            }
        }
    }

    /** @param scheduled the expiry currently in the index for this segment, or null */
    private void judge(String segmentId, Long scheduled, IncidentHistory history, long now) {
        IncidentHistory inWindow = history.expiredUntil(now, rules);
        IncidentHistory.Assessment assessment = inWindow.assess(now, rules);
        IncidentHistory stored = inWindow;
        if (inWindow.isNews(assessment)) {
            HotspotLevel previous = inWindow.lastPublished() == null ? HotspotLevel.NONE : inWindow.lastPublished().level();
            stored = inWindow.published(assessment);
            metrics.hotspotUpdate(assessment.level().name());
            context.forward(new Record<>(segmentId, new HotspotUpdate(segmentId, assessment, previous), now));
        }
        if (stored.entries().isEmpty()) {
            histories.delete(segmentId);
        } else {
            histories.put(segmentId, stored);
        }
        expiry.reschedule(segmentId, scheduled, stored.nextExpiry(rules));
    }
}
