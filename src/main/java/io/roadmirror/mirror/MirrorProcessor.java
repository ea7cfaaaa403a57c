package io.roadmirror.mirror;

import io.roadmirror.incidents.CrashDetector;
import io.roadmirror.incidents.DetectorThresholds;
import io.roadmirror.incidents.IncidentChange;
import io.roadmirror.incidents.IncidentTopology;
import io.roadmirror.model.IncidentSource;
import io.roadmirror.network.NetworkView;
import io.roadmirror.network.Segment;
import io.roadmirror.state.IncidentInput;
import io.roadmirror.state.MirrorClock;
import io.roadmirror.state.PendingChanges;
import io.roadmirror.state.SegmentInput;
import io.roadmirror.state.SegmentLedger;
import io.roadmirror.state.SensorLatest;
import io.roadmirror.state.TimedChange;
import io.roadmirror.streams.ExpiryIndex;
import io.roadmirror.streams.PipelineMetrics;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mirror of the segments of one partition (DESIGN.md "Mirror"). An input becomes a few
 * {@link Contributions changes} filed by event time (mirror-changes-store); nothing per vehicle is
 * kept, so an input costs the same on a segment with 2 probe vehicles or 2,000. A segment is
 * evaluated on a grid of event times ({@link MirrorThresholds#tick()}), and only once the
 * {@link Watermark} of all sources has passed that time: its changes up to then are added to its
 * running sums (mirror-store), due incident changes applied, its due vehicle stops given to the
 * crash rule ({@link CrashDetector}, whose crashes count at once), and its state published if it changed.
 * What is evaluated, and when, depends only on event time and the order of each source's input,
 * never on the pace at which sources happened to deliver.
 *
 * <p>An input counts at its event time or at the progress of its own input partition when it was
 * sent (or its source's promise, if later), whichever is later ({@link SourceProgress}). No source had
 * promised more when the input left it, so its time has not been evaluated yet: an input out of order
 * within its partition counts where that partition's order puts it, however far the other sources,
 * or the other partitions of its own source task, had run.
 */
final class MirrorProcessor implements Processor<String, SegmentInput, String, SegmentEvent> {
    static final String CLOCK_KEY = "watermark";
    /** TRACE shows where each input is filed and when each time is evaluated (one line per input: diagnostics only). */
    private static final Logger LOG = LoggerFactory.getLogger(MirrorProcessor.class);

    /** How often rules that act on time alone (hotspots leaving their window) hear of the watermark. */
    static final long DOWNSTREAM_TICK_MS = Duration.ofSeconds(10).toMillis();
    /** After this long (wall clock) since the first source was heard from, one never heard from holds no one back. */
    static final long UNHEARD_GRACE_MS = Duration.ofSeconds(10).toMillis();
    /** How often the wall clock alone may let the segment side evaluate on: a fraction of the {@link WakeGrace}. */
    static final Duration WAKE_CHECK = Duration.ofMillis(100);

    private final MirrorThresholds rules;
    private final DetectorThresholds detectorRules;
    private final PipelineMetrics metrics;
    private final NetworkView networkView;
    private final int upstreams;
    private final long tick;
    private final long horizon;
    private ProcessorContext<String, SegmentEvent> context;
    private KeyValueStore<String, SegmentLedger> ledgers;
    private KeyValueStore<Bytes, PendingChanges> changes;
    private KeyValueStore<String, MirrorClock> clockStore;
    private KeyValueStore<String, StateHistory> histories;
    private ReviewSchedule reviews;
    private CrashDetector crashes;
    private NetworkView.Reader network;
    private MirrorClock clock;
    /** The last grid time everything due was evaluated through, and the earliest review scheduled since (in memory only). */
    private long evaluatedThrough = Long.MIN_VALUE;

    private long scheduledSince = Long.MAX_VALUE;
    private long lastDownstreamTick = Long.MIN_VALUE;
    /** The last time this partition said it had evaluated through (SegmentEvent.Evaluated). */
    private long lastAnnounced = Long.MIN_VALUE;
    /** Whether an evaluation since the last announcement passed a state on. */
    private boolean passedOn;

    private long firstHeardWall = Long.MIN_VALUE;
    private WakeGrace wakeGrace;
    /** Whether the input being taken reached a time already evaluated (counted once per input). */
    private boolean behind;
    /** Inputs of a segment not evaluated yet, as (event time, wall-clock time it passed validation), for the latency metric. */
    private final Map<String, ArrayDeque<long[]>> waiting = new HashMap<>();
    /** Latency samples kept per segment between evaluations (in memory only: a restart loses a few samples). */
    static final int LATENCY_SAMPLES = 64;

    MirrorProcessor(
            MirrorThresholds rules,
            DetectorThresholds detectorRules,
            PipelineMetrics metrics,
            NetworkView networkView,
            int upstreams) {
        this.rules = rules;
        this.detectorRules = detectorRules;
        this.metrics = metrics;
        this.networkView = networkView;
        this.upstreams = upstreams;
        this.tick = rules.tick().toMillis();
        this.horizon = rules.horizon().toMillis();
    }

    @Override
    public void init(ProcessorContext<String, SegmentEvent> context) {
        this.context = context;
        this.ledgers = context.getStateStore(MirrorTopology.STORE);
        this.changes = context.getStateStore(MirrorTopology.CHANGES_STORE);
        this.clockStore = context.getStateStore(MirrorTopology.CLOCK_STORE);
        this.histories = context.getStateStore(MirrorTopology.HISTORY_STORE);
        this.reviews = ReviewSchedule.of(ledgers.all());
        this.crashes = new CrashDetector(detectorRules, metrics, context.getStateStore(IncidentTopology.STOPS_STORE));
        this.network = networkView.reader(context);
        this.wakeGrace = new WakeGrace(WakeGrace.forCommitInterval(commitIntervalMs(context)));
        MirrorClock stored = clockStore.get(CLOCK_KEY);
        this.clock = stored == null ? Watermark.clock(upstreams) : stored;
        // A source never heard from stops holding the others back after a grace, and a watermark held for a waking
        // source is released after its grace, both without any input arriving.
        context.schedule(WAKE_CHECK, PunctuationType.WALL_CLOCK_TIME, wall -> {
            if (firstHeardWall != Long.MIN_VALUE) {
                evaluateDue();
            }
        });
    }

    @Override
    public void process(Record<String, SegmentInput> record) {
        SegmentInput input = record.value();
        if (Watermark.heard(clock, input.getUpstream(), input.getProgress(), input.getIdle())) {
            clockStore.put(CLOCK_KEY, clock);
        }
        if (!SourceProgress.isHeartbeat(input)) {
            behind = false;
            take(record.key(), input);
            if (behind) {
                metrics.inputBehindMirror();
            }
        }
        evaluateDue();
    }

    /** Files an input's changes under the segment; nothing is evaluated yet. */
    private void take(String segmentId, SegmentInput input) {
        // Where it counts at the earliest: its own partition's progress (v3), else its source's (inputs of v1 and v2).
        long progress = input.getCountAt() >= 0 ? input.getCountAt() : input.getProgress();
        SegmentLedger stored = ledgers.get(segmentId);
        SegmentLedger ledger = stored == null ? SegmentLedgers.empty() : stored;
        boolean changed;
        if (input.getReading() != null) {
            SensorLatest reading = Tallies.latest(input.getReading());
            List<Contributions.Change> found =
                    Contributions.ofReading(reading, SegmentLedgers.sensor(ledger, reading.getSensorId()), horizon);
            if (found.isEmpty()) {
                return; // a duplicate or an older reading of the sensor: nothing changes
            }
            SegmentLedgers.putSensor(ledger, reading);
            file(segmentId, ledger, found, progress);
            changed = true;
        } else if (input.getProbe() != null) {
            changed = file(segmentId, ledger, Contributions.ofProbe(input.getProbe(), horizon), progress);
        } else if (input.getStop() != null) {
            SegmentLedgers.addPendingStop(ledger, input.getStop());
            schedule(segmentId, ledger, dueTime(ledger, input.getStop().getEventTime(), progress));
            changed = true;
        } else {
            IncidentInput incident = input.getIncident();
            if (isOwnCrashEcho(incident)) {
                return;
            }
            SegmentLedgers.addPending(ledger, incident);
            schedule(segmentId, ledger, dueTime(ledger, incident.getEventTime(), progress));
            changed = true;
        }
        if (changed || stored == null) {
            ledgers.put(segmentId, ledger);
        }
        if (input.getIngestedAt() > 0) {
            ArrayDeque<long[]> samples = waiting.computeIfAbsent(segmentId, id -> new ArrayDeque<>());
            if (samples.size() < LATENCY_SAMPLES) {
                samples.add(new long[] {eventTimeOf(input), input.getIngestedAt()});
            }
        }
    }

    /** @return whether the ledger changed */
    private boolean file(String segmentId, SegmentLedger ledger, List<Contributions.Change> found, long progress) {
        boolean ledgerChanged = false;
        long earliest = Long.MAX_VALUE;
        for (Contributions.Change change : found) {
            long at = gridTime(Math.max(change.at(), progress));
            if (ledger.getAsOf() != null && at <= ledger.getAsOf()) {
                // Its time was evaluated already (see inputBehindMirror): it counts from the next evaluation.
                Tallies.addInto(ledger.getTotals(), change.delta());
                ledgerChanged = true;
                at = ledger.getAsOf() + tick;
                behind = true;
            } else {
                Bytes key = ChangeKeys.of(segmentId, PendingBlocks.blockOf(at, tick));
                PendingChanges block = changes.get(key);
                if (block == null) {
                    block = PendingBlocks.empty();
                }
                PendingBlocks.add(
                        block, at, change.delta(), ledger.getAsOf() == null ? Long.MIN_VALUE : ledger.getAsOf());
                changes.put(key, block);
            }
            earliest = Math.min(earliest, at);
        }
        if (LOG.isTraceEnabled()) {
            LOG.trace(
                    "{} filed at {} (progress {}, changes at {})",
                    segmentId,
                    earliest,
                    progress,
                    found.get(0).at());
        }
        return schedule(segmentId, ledger, earliest) || ledgerChanged;
    }

    /** @return whether the ledger's review time moved */
    private boolean schedule(String segmentId, SegmentLedger ledger, long at) {
        Long before = ledger.getReviewAt();
        Long after = reviews.keepNoLaterThan(segmentId, before, at);
        scheduledSince = Math.min(scheduledSince, at);
        if (!after.equals(before)) {
            ledger.setReviewAt(after);
            return true;
        }
        return false;
    }

    private long dueTime(SegmentLedger ledger, long eventTime, long progress) {
        long at = gridTime(Math.max(eventTime, progress));
        if (ledger.getAsOf() != null && at <= ledger.getAsOf()) {
            behind = true;
            return ledger.getAsOf() + tick;
        }
        return at;
    }

    /** The grid time at or after {@code t}: a change at t is first seen by the evaluation at that time. */
    long gridTime(long t) {
        return Math.floorDiv(t + tick - 1, tick) * tick;
    }

    private void evaluateDue() {
        long wall = context.currentSystemTimeMs();
        if (firstHeardWall == Long.MIN_VALUE) {
            firstHeardWall = wall;
        }
        long sources = Watermark.of(clock, wall - firstHeardWall >= UNHEARD_GRACE_MS);
        if (sources <= 0) {
            return; // unknown, or a source whose only input so far had no usable time
        }
        long watermark = wakeGrace.through(sources, Watermark.mayWakeBehind(clock, sources), wall);
        if (watermark <= 0) {
            return; // waiting out the grace of a source that may wake up behind
        }
        // Every source has passed the watermark, but more input at the watermark itself may follow: evaluate strictly
        // before it (a source that is done with a time says so by moving past it, see SourceProgress).
        long through = Math.floorDiv(watermark - 1, tick) * tick;
        if (through <= evaluatedThrough && scheduledSince > through) {
            return;
        }
        scheduledSince = Long.MAX_VALUE;
        if (LOG.isTraceEnabled() && through > evaluatedThrough) {
            LOG.trace(
                    "partition {} evaluates through {} (watermark {}, sources' {}, sources {})",
                    context.taskId().partition(),
                    through,
                    watermark,
                    sources,
                    clock.getUpstreams());
        }
        for (List<ExpiryIndex.Due> due = reviews.takeDueAt(through); !due.isEmpty(); due = reviews.takeDueAt(through)) {
            for (ExpiryIndex.Due d : due) {
                evaluate(d.key(), d.at());
            }
        }
        evaluatedThrough = Math.max(evaluatedThrough, through);
        if (lastDownstreamTick == Long.MIN_VALUE || through - lastDownstreamTick >= DOWNSTREAM_TICK_MS) {
            lastDownstreamTick = through;
            context.forward(new Record<>(SourceProgress.HEARTBEAT_KEY, SegmentEvent.tick(through), through));
        }
        if (through > lastAnnounced || passedOn) {
            // After everything this evaluation passed on (within the same input): whoever merges the partitions may
            // now take up to here.
            lastAnnounced = Math.max(lastAnnounced, through);
            passedOn = false;
            context.forward(new Record<>(
                    SourceProgress.HEARTBEAT_KEY,
                    SegmentEvent.evaluated(context.taskId().partition(), lastAnnounced),
                    lastAnnounced));
        }
    }

    /** Evaluates a segment as of {@code asOf}, a grid time its review was due at. */
    private void evaluate(String segmentId, long asOf) {
        SegmentLedger ledger = ledgers.get(segmentId);
        if (ledger == null) {
            return;
        }
        Optional<Segment> segment = network.segment(segmentId);
        if (segment.isEmpty()) {
            forget(segmentId); // the segment left the network
            return;
        }
        if (ledger.getAsOf() != null && asOf <= ledger.getAsOf()) {
            asOf = ledger.getAsOf() + tick; // a review for a time already evaluated: the next one
        }
        Long nextChange = fold(segmentId, ledger, asOf);
        List<IncidentChange> incidentChanges = new ArrayList<>();
        boolean incidentsChanged = false;
        for (IncidentInput change : SegmentLedgers.takeDueIncidents(ledger, asOf)) {
            boolean applied = SegmentLedgers.applyIncident(ledger, change);
            incidentsChanged |= applied;
            if (applied || !IncidentSource.DETECTED.name().equals(change.getSource())) {
                incidentChanges.add(SegmentInputs.change(segmentId, change));
            }
        }
        List<CrashDetector.Detected> detected =
                crashes.apply(segmentId, SegmentLedgers.takeDueStops(segmentId, ledger, asOf));
        for (CrashDetector.Detected crash : detected) {
            incidentsChanged |= SegmentLedgers.applyIncident(ledger, SegmentInputs.incident(crash.change()));
            incidentChanges.add(crash.change());
        }
        SegmentLedgers.forgetExpiredSensors(ledger, asOf, horizon);
        LiveState state = LiveStates.of(segment.get(), ledger.getTotals(), ledger.getIncidents(), asOf, rules);
        LiveState last = LiveStates.fromStored(segmentId, ledger.getLastEmitted());
        boolean published = !state.sameAs(last);
        boolean transition = last == null || state.congestion() != last.congestion() || incidentsChanged;
        if (LOG.isTraceEnabled()) {
            LOG.trace("{} evaluated as of {}: {}{}", segmentId, asOf, state, published ? "" : " (not published)");
        }
        ledger.setAsOf(asOf);
        if (published) {
            ledger.setLastEmitted(LiveStates.stored(state));
        }
        Long pending = SegmentLedgers.nextPendingTime(ledger);
        Long next = min(nextChange, pending == null ? null : gridTime(pending));
        reviews.reschedule(segmentId, null, next); // its entry was just taken
        ledger.setReviewAt(next);
        ledgers.put(segmentId, ledger);

        for (IncidentChange change : incidentChanges) {
            context.forward(new Record<>(segmentId, SegmentEvent.of(change), asOf));
        }
        for (CrashDetector.Detected crash : detected) {
            context.forward(new Record<>(
                    crash.report().getIncidentId(),
                    SegmentEvent.detected(crash.report()),
                    crash.change().eventTime()));
        }
        recordLatency(segmentId, asOf);
        if (published) {
            metrics.mirrorUpdate();
            StateHistory history = histories.get(segmentId);
            histories.put(segmentId, (history == null ? StateHistory.empty() : history).with(state));
        }
        if (published || transition) {
            passedOn = true;
            List<OpenIncident> open =
                    ledger.getIncidents().stream().map(SegmentInputs::open).toList();
            context.forward(new Record<>(
                    segmentId,
                    SegmentEvent.of(new MirrorUpdate(state, open, published, incidentsChanged, transition)),
                    asOf));
        }
    }

    /**
     * Adds the segment's changes after its last evaluation and up to {@code asOf} to its sums, and drops the blocks
     * wholly folded; @return the time of its next change, or null.
     */
    private Long fold(String segmentId, SegmentLedger ledger, long asOf) {
        long from = ledger.getAsOf() == null ? Long.MIN_VALUE : ledger.getAsOf() + 1;
        long firstKey = ledger.getAsOf() == null ? Long.MIN_VALUE : PendingBlocks.blockOf(from, tick);
        List<Bytes> folded = new ArrayList<>();
        Long next = null;
        try (KeyValueIterator<Bytes, PendingChanges> it =
                changes.range(ChangeKeys.of(segmentId, firstKey), ChangeKeys.of(segmentId, Long.MAX_VALUE))) {
            while (it.hasNext()) {
                KeyValue<Bytes, PendingChanges> kv = it.next();
                long keyTime = ChangeKeys.timeOf(kv.key);
                if (next != null && keyTime >= next) {
                    break; // a value's changes are never earlier than its key's time
                }
                boolean remains = false;
                for (TimedChange change : PendingBlocks.changesOf(kv.value, keyTime)) {
                    long at = change.getAt();
                    if (at > asOf) {
                        next = next == null ? at : Math.min(next, at);
                        remains = true;
                        break; // in time order
                    }
                    if (at >= from) {
                        Tallies.addInto(ledger.getTotals(), change.getDelta());
                    }
                }
                if (!remains) {
                    folded.add(kv.key);
                }
            }
        }
        folded.forEach(this::dropChange);
        return next;
    }

    private void forget(String segmentId) {
        List<Bytes> keys = new ArrayList<>();
        try (KeyValueIterator<Bytes, PendingChanges> it =
                changes.range(ChangeKeys.of(segmentId, Long.MIN_VALUE), ChangeKeys.of(segmentId, Long.MAX_VALUE))) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        keys.forEach(this::dropChange);
        ledgers.delete(segmentId);
        crashes.forget(segmentId);
        waiting.remove(segmentId);
    }

    /** A put of null deletes without reading the old value back (delete returns it, so it would read it). */
    private void dropChange(Bytes key) {
        changes.put(key, null);
    }

    /** From validation to the evaluation that includes the input, for each input now evaluated. */
    private void recordLatency(String segmentId, long asOf) {
        ArrayDeque<long[]> samples = waiting.get(segmentId);
        if (samples == null) {
            return;
        }
        long now = context.currentSystemTimeMs();
        samples.removeIf(sample -> {
            if (sample[0] > asOf) {
                return false;
            }
            metrics.latency(Duration.ofMillis(Math.max(0, now - sample[1])));
            return true;
        });
        if (samples.isEmpty()) {
            waiting.remove(segmentId);
        }
    }

    /**
     * A crash this side's own crash rule reported, coming back through incident.reports and the
     * incident lifecycle: it was applied when detected, in event-time order, so its echo (which
     * arrives whenever the loop gets round to it) must not open it again. A CLEARED still counts:
     * the lifecycle closes what stays open too long (incident.max-open).
     */
    private static boolean isOwnCrashEcho(IncidentInput incident) {
        return IncidentSource.DETECTED.name().equals(incident.getSource()) && !"CLEARED".equals(incident.getKind());
    }

    /** The commit interval Kafka Streams runs this task with (its own default when none was set). */
    static long commitIntervalMs(ProcessorContext<?, ?> context) {
        Object value = context.appConfigs().get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
        if (value instanceof Number n) {
            return n.longValue();
        }
        if (value != null) {
            return Long.parseLong(value.toString().trim());
        }
        boolean exactlyOnce = !StreamsConfig.AT_LEAST_ONCE.equals(
                String.valueOf(context.appConfigs().get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)));
        return exactlyOnce ? 100 : 30_000;
    }

    private static long eventTimeOf(SegmentInput input) {
        if (input.getReading() != null) {
            return input.getReading().getEventTime();
        }
        if (input.getStop() != null) {
            return input.getStop().getEventTime();
        }
        return input.getProbe() != null
                ? input.getProbe().getEventTime()
                : input.getIncident().getEventTime();
    }

    private static Long min(Long a, Long b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return Math.min(a, b);
    }
}
