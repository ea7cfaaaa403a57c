package io.roadmirror.mirror;

import io.roadmirror.network.NetworkView;
import io.roadmirror.network.Segment;
import io.roadmirror.streams.CachedStore;
import io.roadmirror.streams.EventClock;
import io.roadmirror.streams.ExpiryIndex;
import io.roadmirror.streams.PipelineMetrics;
import io.roadmirror.streams.Punctuations;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the {@link SegmentFusion} of each segment, re-evaluates it on every input and when a
 * sample may have aged out of the horizon (found through an {@link ExpiryIndex}, so a segment whose
 * sensors fall silent turns UNKNOWN), and emits only what changed.
 */
final class MirrorProcessor implements Processor<String, MirrorInput, String, MirrorUpdate> {
    /** Segments whose fusion (about 1 KB) and history (up to 30 states) stay deserialized, per task. */
    static final int CACHED_FUSIONS = 4096;
    static final int CACHED_HISTORIES = 1024;
    private final MirrorRules rules;
    private final PipelineMetrics metrics;
    private final NetworkView networkView;
    private final EventClock clock = new EventClock();
    private ProcessorContext<String, MirrorUpdate> context;
    private CachedStore<SegmentFusion> fusions;
    private CachedStore<StateHistory> histories;
    private ExpiryIndex expiry;
    private NetworkView.Reader network;

    MirrorProcessor(MirrorRules rules, PipelineMetrics metrics, NetworkView networkView) {
        this.rules = rules;
        this.metrics = metrics;
        this.networkView = networkView;
    }

    @Override
    public void init(ProcessorContext<String, MirrorUpdate> context) {
        this.context = context;
        this.fusions = new CachedStore<>(context.<KeyValueStore<String, SegmentFusion>>getStateStore(MirrorTopology.STORE), CACHED_FUSIONS);
        this.histories = new CachedStore<>(context.<KeyValueStore<String, StateHistory>>getStateStore(MirrorTopology.HISTORY_STORE),
                CACHED_HISTORIES);
        this.expiry = new ExpiryIndex(context.getStateStore(MirrorTopology.EXPIRY_STORE));
        this.network = networkView.reader(context);
        Punctuations.everyEventInterval(context, rules.staleCheckInterval(), clock, this::reevaluateAgedSegments);
    }

    @Override
    public void process(Record<String, MirrorInput> record) {
        long now = clock.onRecord(context.currentStreamTimeMs(), context.currentSystemTimeMs());
        SegmentFusion before = fusions.get(record.key());
        SegmentFusion after = record.value().applyTo(before == null ? SegmentFusion.empty() : before);
        if (after == null) {
            return; // a duplicate or an older reading: nothing changes, nothing is emitted
        }
        boolean incidentsChanged = !after.incidents().equals(before == null ? java.util.Map.of() : before.incidents());
        Long scheduled = before == null ? null : before.reviewAt();
        boolean emitted = evaluate(record.key(), scheduled, after, incidentsChanged, Math.max(now, record.timestamp()));
        if (emitted && record.value().ingestedAt() > 0) {
            metrics.latency(Duration.ofMillis(Math.max(0, context.currentSystemTimeMs() - record.value().ingestedAt())));
        }
    }

    private void reevaluateAgedSegments(long now) {
        for (String segmentId : expiry.takeDue(now)) {
            SegmentFusion fusion = fusions.get(segmentId);
            if (fusion != null) {
                evaluate(segmentId, null, fusion, false, now); // its index entry was just taken: nothing is scheduled
            }
        }
    }

    /**
     * Evaluates the fusion at {@code now}, stores it, schedules its next expiry and emits if the
     * state changed or it is a transition.
     *
     * @param scheduled the time of this segment's entry in the expiry index, or null when it has none
     */
    private boolean evaluate(String segmentId, Long scheduled, SegmentFusion fusion, boolean incidentsChanged, long now) {
        Optional<Segment> segment = network.segment(segmentId);
        if (segment.isEmpty()) {
            fusions.delete(segmentId); // the segment left the network
            expiry.reschedule(segmentId, scheduled, null);
            return false;
        }
        SegmentFusion live = fusion.pruned(now, rules.horizon());
        LiveState state = live.evaluate(segment.get(), now, rules);
        LiveState last = live.lastEmitted();
        boolean published = !state.sameAs(last);
        boolean transition = last == null || state.congestion() != last.congestion() || incidentsChanged;
        SegmentFusion evaluated = published ? live.withEmitted(state) : live;
        SegmentFusion stored = evaluated.withReviewAt(expiry.keepNoLaterThan(segmentId, scheduled, evaluated.nextExpiry(rules.horizon())));
        fusions.put(segmentId, stored);
        if (!published && !transition) {
            return false;
        }
        if (published) {
            metrics.mirrorUpdate();
            StateHistory history = histories.get(segmentId);
            histories.put(segmentId, (history == null ? StateHistory.empty() : history).with(state));
        }
        List<OpenIncident> open = List.copyOf(stored.incidents().values());
        context.forward(new Record<>(segmentId, new MirrorUpdate(state, open, published, incidentsChanged, transition), now));
        return true;
    }
}
