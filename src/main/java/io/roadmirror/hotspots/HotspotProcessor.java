package io.roadmirror.hotspots;

import io.roadmirror.incidents.IncidentChange;
import io.roadmirror.mirror.SegmentEvent;
import io.roadmirror.model.HotspotLevel;
import io.roadmirror.model.IncidentSource;
import io.roadmirror.model.IncidentType;
import io.roadmirror.streams.ExpiryIndex;
import io.roadmirror.streams.PipelineMetrics;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps each segment's {@link IncidentHistory} over the trailing window: an opening is added and
 * judged at once; an opening leaving the window is found through an {@link ExpiryIndex} (no scan
 * of all segments or of a day of history) when the mirror's watermark passes it, and the segment
 * judged again as of that very time, so a hotspot falls back to WATCH or NONE as time passes, the
 * same whatever the pace of the input.
 */
final class HotspotProcessor implements Processor<String, SegmentEvent, String, HotspotUpdate> {
    private final HotspotThresholds rules;
    private final PipelineMetrics metrics;
    private ProcessorContext<String, HotspotUpdate> context;
    private KeyValueStore<String, IncidentHistory> histories;
    private ExpiryIndex expiry;

    HotspotProcessor(HotspotThresholds rules, PipelineMetrics metrics) {
        this.rules = rules;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, HotspotUpdate> context) {
        this.context = context;
        this.histories = context.getStateStore(HotspotTopology.STORE);
        this.expiry = new ExpiryIndex(context.getStateStore(HotspotTopology.EXPIRY_STORE));
    }

    @Override
    public void process(Record<String, SegmentEvent> record) {
        if (record.value().tick() != null) {
            judgeExpiredSegments(record.value().tick());
            return;
        }
        IncidentChange change = record.value().incident();
        if (change.kind() != IncidentChange.Kind.OPENED) {
            return; // clearing does not remove an incident from the history
        }
        IncidentHistory before = histories.get(record.key());
        IncidentHistory current = before == null ? IncidentHistory.empty() : before;
        boolean crash = change.type() == IncidentType.CRASH;
        IncidentHistory added = current.withOpening(new IncidentHistory.Entry(
                change.incidentId(),
                change.openedAt(),
                change.severity(),
                crash,
                crash && change.source() == IncidentSource.DETECTED));
        if (added == null) {
            return; // the same incident again
        }
        judge(record.key(), current.nextExpiry(rules), added, record.timestamp()); // when the mirror released it
    }

    private void judgeExpiredSegments(long watermark) {
        for (List<ExpiryIndex.Due> due = expiry.takeDueAt(watermark);
                !due.isEmpty();
                due = expiry.takeDueAt(watermark)) {
            for (ExpiryIndex.Due d : due) {
                IncidentHistory history = histories.get(d.key());
                if (history != null) {
                    judge(d.key(), null, history, d.at()); // as of when it was due; its index entry was just taken
                }
            }
        }
    }

    /** @param scheduled the expiry currently in the index for this segment, or null */
    private void judge(String segmentId, Long scheduled, IncidentHistory history, long now) {
        IncidentHistory inWindow = history.expiredUntil(now, rules);
        IncidentHistory.Assessment assessment = inWindow.assess(now, rules);
        IncidentHistory stored = inWindow;
        if (inWindow.isNews(assessment)) {
            HotspotLevel previous = inWindow.lastPublished() == null
                    ? HotspotLevel.NONE
                    : inWindow.lastPublished().level();
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
