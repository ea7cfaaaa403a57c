package io.roadmirror.mirror;

import io.roadmirror.state.SegmentInput;
import io.roadmirror.state.SourcePromise;
import io.roadmirror.streams.InputLags;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The source side of the {@link Watermark}: stamps every segment input with the source task's
 * partition and its <em>progress</em>, and every {@link #HEARTBEAT} broadcasts a record with no body
 * to every segment partition, so a partition that gets no input from this source still learns how
 * far it has come.
 *
 * <p>Progress is the task's stream time, raised by what the source has promised before, and never
 * goes back: the mirror counts every input at its event time or its stamped progress, whichever is
 * later ({@link MirrorProcessor}). An input that arrives behind one its partition delivered before
 * (out of order within a partition) therefore counts at the time its source had reached, which the
 * input order alone decides. It used to count at "the segment's next evaluation", which depended on
 * how far the other sources happened to be, and so on the machine's pace.
 *
 * <p>Two promises, both made only when the source's input partitions are caught up
 * ({@link InputLags}): quiet is no proof of silence, since a task whose next records are still being
 * fetched is quiet too, and so is one whose partitions have not been fetched at all yet (for up to
 * {@link #UNKNOWN_LAG_GRACE} after it started: a partition whose lag is never reported must not hold
 * the mirror back for ever).
 * <ul>
 *   <li><b>Settled</b>: its stream time T unchanged for {@link #SETTLE_AFTER} (inputs at T or before
 *       may still be arriving), the source says it is done with T (progress T + 1 ms), so T itself
 *       can be evaluated. Gateways that stamp aligned times (every loop detector at :00 and :30, a
 *       generator stamping a whole model step with one time) would otherwise hold each state back
 *       until the next batch of times arrives. While T stays the stream time, the promise then moves
 *       on with the wall clock, one grid step ({@code tick}) at a time: inputs at T that keep arriving
 *       (thousands of gateways sending their :00 readings over several seconds) count at the promise,
 *       and are evaluated within a step, not when the next batch of times arrives 5 or 30 s later.
 *   <li><b>Idle</b>: quiet for {@link #IDLE_AFTER}, the source holds no one back, its progress moved
 *       on at wall-clock speed (input that falls silent is silence, not a stalled clock).
 * </ul>
 * In a backlog the partitions are not caught up, so neither promise is made and the stamps depend on
 * the input alone: a replay as fast as possible stamps what a real-time run stamps.
 *
 * <p>The promise is kept in a store ({@link MirrorTopology#PROMISE_STORE}), written in the transaction that
 * sends it: a source restarted after a crash, or moved to another instance, reads its input again from
 * the last commit with a stream time behind what it had promised, and would otherwise stamp those inputs
 * at times the mirror has already evaluated on its word.
 *
 * <p>Quiet is counted in heartbeats that came on time: a heartbeat that comes late means the stream
 * thread was busy elsewhere (a long evaluation of another task, a commit, a pause), and a source that
 * had no chance to process has not fallen silent.
 */
final class SourceProgress implements Processor<String, SegmentInput, String, SegmentInput> {
    static final Duration HEARTBEAT = Duration.ofMillis(200);
    static final Duration SETTLE_AFTER = Duration.ofMillis(400);
    static final Duration IDLE_AFTER = Duration.ofSeconds(2);
    static final Duration IDLE_HEARTBEAT = Duration.ofSeconds(1);
    /** How long a source waits, after it started, for its partitions' lag to become known. */
    static final Duration UNKNOWN_LAG_GRACE = Duration.ofSeconds(30);
    /**
     * How long after it started a source takes a partition's lag only from its own thread's consumer. Another consumer
     * of the instance that owned the partition before keeps its last lag (often 0), which would let a task that just
     * took the partition over settle before its first fetch. A consumer fetches a partition it was given within a
     * poll; after this wait, a source whose own consumer still says nothing (a consumer named otherwise than its
     * thread, a fetch that never came) takes any consumer's word, as it did before it had its own.
     */
    static final Duration OWN_LAG_WAIT = Duration.ofSeconds(5);
    /** The most one heartbeat adds to the quiet: more time since the last one means the thread was busy elsewhere. */
    static final long MAX_QUIET_PER_BEAT_MS = 2 * HEARTBEAT.toMillis();
    /** The key of heartbeats; {@link #PARTITIONER} sends them to every partition. */
    static final String HEARTBEAT_KEY = "";

    private static final String PROMISE_KEY = "promise";

    /** TRACE shows every heartbeat's reasoning: what a latency or a stalled watermark needs explained. */
    private static final Logger LOG = LoggerFactory.getLogger(SourceProgress.class);

    private final InputLags inputLags;
    private final List<String> inputTopics;
    /** The mirror's grid: a settled promise moves on a whole step at a time, as only a step's crossing lets it evaluate. */
    private final long tick;

    private ProcessorContext<String, SegmentInput> context;
    private KeyValueStore<String, SourcePromise> promises;
    private int upstream;
    private long lastBeatWall;
    private long startedWall;
    /** Wall-clock time without input that this source could have processed input in (see the class comment). */
    private long quietMs;
    /** Likewise, the time its stream time has stood still, and at what. */
    private long heldMs;

    private long heldStreamTime = Long.MIN_VALUE;

    private long lastSentProgress = Long.MIN_VALUE;
    private boolean lastSentIdle;
    /** The highest progress this source has told the segment side: no later stamp may be lower. */
    private long promised = Long.MIN_VALUE;
    /** The progress stamped on the last input: quiet counts from there. */
    private long lastStamp = Long.MIN_VALUE;
    /**
     * Per input topic (in {@link #inputTopics} order), the newest event time this task's partition of it has
     * delivered ({@link Long#MIN_VALUE}: none yet). An input counts no earlier than its own partition's time, never at
     * the time another partition of the task has reached: which partition Kafka Streams reads ahead depends on fetches.
     */
    private final long[] inputTimes;
    /** Per input topic, whether its partition had records on the broker not fetched yet, as of the last heartbeat. */
    private final boolean[] lagging;
    /** The stored promise, kept up to date and put back whenever it changes (the store writes it once per commit). */
    private SourcePromise kept;
    /**
     * The consumer that fetches this task's partitions: Kafka Streams names a stream thread's consumer after the
     * thread. Only its lag counts; a thread that gave a partition up keeps reporting its last lag for it.
     */
    private Thread ownerThread;

    private String ownerConsumer;

    SourceProgress(InputLags inputLags, List<String> inputTopics, Duration tick) {
        this.inputLags = inputLags;
        this.inputTopics = List.copyOf(inputTopics);
        this.tick = tick.toMillis();
        this.inputTimes = new long[inputTopics.size()];
        this.lagging = new boolean[inputTopics.size()];
    }

    @Override
    public void init(ProcessorContext<String, SegmentInput> context) {
        this.context = context;
        this.upstream = context.taskId().partition();
        this.lastBeatWall = context.currentSystemTimeMs();
        this.startedWall = lastBeatWall;
        this.promises = context.getStateStore(MirrorTopology.PROMISE_STORE);
        inputLags.rescanSoon(); // this task's partitions may be new to this instance's consumers
        Arrays.fill(inputTimes, Long.MIN_VALUE);
        kept = promises.get(PROMISE_KEY);
        if (kept == null) {
            kept = new SourcePromise(-1L, new HashMap<>());
        } else {
            kept.setInputTimes(new HashMap<>(kept.getInputTimes())); // as decoded by Avro: not editable in place
            if (kept.getProgress() >= 0) {
                promised = kept.getProgress();
            }
            for (int i = 0; i < inputTimes.length; i++) {
                inputTimes[i] = kept.getInputTimes().getOrDefault(inputTopics.get(i), Long.MIN_VALUE);
            }
        }
        observeLags(startedWall);
        context.schedule(HEARTBEAT, PunctuationType.WALL_CLOCK_TIME, this::heartbeat);
    }

    @Override
    public void process(Record<String, SegmentInput> record) {
        quietMs = 0;
        int topic = inputTopicOf(record);
        if (topic >= 0 && record.timestamp() > inputTimes[topic]) {
            inputTimes[topic] = record.timestamp();
            kept.getInputTimes().put(inputTopics.get(topic), record.timestamp());
            promises.put(PROMISE_KEY, kept);
        }
        long newest = newest();
        holdIfStill(newest);
        // What the segment side may evaluate up to on this source's word, and where this input counts: at its own
        // partition's time, or the promise if later (anything earlier may have been evaluated already).
        long countAt = Math.max(topic >= 0 ? inputTimes[topic] : newest, promised);
        long progress = Math.max(reached(newest), promised);
        promise(progress);
        SegmentInput input = record.value();
        input.setUpstream(upstream);
        lastStamp = progress;
        input.setProgress(progress < 0 ? Watermark.STARTING : progress);
        input.setCountAt(countAt);
        input.setIdle(false);
        context.forward(record);
    }

    /** The input topic this record was read from, by its index; -1 for one a punctuation forwards. */
    private int inputTopicOf(Record<String, SegmentInput> record) {
        String topic = context.recordMetadata().map(RecordMetadata::topic).orElse(null);
        return topic == null ? -1 : inputTopics.indexOf(topic);
    }

    /** The newest event time any of the task's partitions has delivered: the task's stream time, as its inputs tell. */
    private long newest() {
        long newest = Long.MIN_VALUE;
        for (long time : inputTimes) {
            newest = Math.max(newest, time);
        }
        return newest;
    }

    /**
     * How far every partition of the task has come: the least time among the partitions with records not fetched yet
     * (a partition caught up holds no one back: anything that comes later is news, counted at the promise), and when
     * none has any, the newest time ({@code newest}, from {@link #newest()}).
     */
    private long reached(long newest) {
        long least = Long.MAX_VALUE;
        boolean anyLagging = false;
        for (int i = 0; i < inputTimes.length; i++) {
            if (lagging[i]) {
                anyLagging = true;
                least = Math.min(least, inputTimes[i]);
            }
        }
        return anyLagging ? least : newest;
    }

    private void promise(long progress) {
        if (progress > promised) {
            promised = progress;
            if (promised >= 0) {
                kept.setProgress(promised);
                promises.put(PROMISE_KEY, kept);
            }
        }
    }

    /** Which partitions have records on the broker not fetched yet; whether any has. */
    private boolean observeLags(long wallNow) {
        long sinceStart = wallNow - startedWall;
        boolean unknownStillCounts = inputLags.reporting() && sinceStart < UNKNOWN_LAG_GRACE.toMillis();
        boolean ownWordOnly = sinceStart < OWN_LAG_WAIT.toMillis();
        boolean any = false;
        for (int i = 0; i < lagging.length; i++) {
            Long lag = inputLags.lag(inputTopics.get(i), upstream, ownerConsumer());
            if (lag == null && !ownWordOnly) {
                lag = inputLags.lag(inputTopics.get(i), upstream); // any consumer of the instance: better than none
            }
            lagging[i] = lag == null ? unknownStillCounts : lag > 0;
            any |= lagging[i];
        }
        return any;
    }

    private String ownerConsumer() {
        Thread current = Thread.currentThread();
        if (current != ownerThread) {
            ownerThread = current;
            ownerConsumer = current.getName() + "-consumer";
        }
        return ownerConsumer;
    }

    private void heartbeat(long wallNow) {
        long streamTime = newest();
        boolean caughtUp = !observeLags(wallNow);
        long sinceLastBeat = Math.min(Math.max(0, wallNow - lastBeatWall), MAX_QUIET_PER_BEAT_MS);
        quietMs += sinceLastBeat;
        holdIfStill(streamTime);
        heldMs += sinceLastBeat;
        lastBeatWall = wallNow;
        long quiet = quietMs;
        boolean settled = heldMs >= SETTLE_AFTER.toMillis() && caughtUp;
        boolean idle = settled && quiet >= IDLE_AFTER.toMillis();
        long progress;
        if (streamTime < 0) {
            // No input yet: while it may still come (lag, or lag not known yet) the segment side must wait for this
            // source, however long its start takes; once caught up and quiet, it holds no one back.
            progress = idle ? -1 : Watermark.STARTING;
        } else {
            // Settled: done with the stream time itself (not with the stamps of inputs that came after it settled,
            // which
            // are its promise: counting from those would move the promise on by a millisecond a beat, for nothing).
            long done = settled ? Math.max(streamTime + 1, settledThrough(streamTime)) : reached(streamTime);
            long quietSince = Math.max(streamTime, lastStamp);
            progress = Math.max(idle ? Math.max(quietSince + quiet, done) : done, promised);
            if (progress < 0) {
                progress = Watermark.STARTING; // a partition with records to fetch has delivered none yet
            }
        }
        boolean unchanged = idle == lastSentIdle
                && (progress == lastSentProgress || idle && progress - lastSentProgress < IDLE_HEARTBEAT.toMillis());
        if (LOG.isTraceEnabled()) {
            LOG.trace(
                    "source {} beat: stream time {}, inputs {} lagging {}, held {} ms, quiet {} ms, settled {}, idle {},"
                            + " progress {}{}",
                    upstream,
                    streamTime,
                    Arrays.toString(inputTimes),
                    Arrays.toString(lagging),
                    heldMs,
                    quiet,
                    settled,
                    idle,
                    progress,
                    unchanged ? " (not sent)" : "");
        }
        if (unchanged) {
            return; // an idle source's clock moves on every heartbeat: saying so once a second is enough
        }
        lastSentProgress = progress;
        lastSentIdle = idle;
        promise(progress);
        SegmentInput beat = new SegmentInput(upstream, progress, idle, 0L, null, null, null, null, -1L);
        // The record's own time stays the source's stream time: an idle estimate is a promise, not an event time.
        context.forward(new Record<>(HEARTBEAT_KEY, beat, Math.max(0, streamTime)));
    }

    /**
     * How far a source whose stream time has stood still at T, caught up, is done: T + 1 ms, and a grid step further for
     * every step of wall-clock time it has stood still since it settled (just past a step, so the step itself can be
     * evaluated). Moving in whole steps says nothing the mirror could use sooner, and saves a heartbeat per beat.
     */
    private long settledThrough(long streamTime) {
        long since = heldMs - SETTLE_AFTER.toMillis();
        return Math.floorDiv(streamTime + since, tick) * tick + 1;
    }

    private void holdIfStill(long streamTime) {
        if (streamTime != heldStreamTime) {
            heldStreamTime = streamTime;
            heldMs = 0;
        }
    }

    /** Routes inputs by segment as the default partitioner would, and heartbeats to every partition. */
    static final StreamPartitioner<String, SegmentInput> PARTITIONER = new StreamPartitioner<>() {
        private final StringSerializer keys = new StringSerializer();

        @Override
        public Optional<Set<Integer>> partitions(String topic, String key, SegmentInput value, int numPartitions) {
            if (isHeartbeat(value)) {
                return Optional.of(IntStream.range(0, numPartitions).boxed().collect(Collectors.toSet()));
            }
            byte[] bytes = keys.serialize(topic, key);
            return Optional.of(Set.of(Utils.toPositive(Utils.murmur2(bytes)) % numPartitions));
        }
    };

    static boolean isHeartbeat(SegmentInput input) {
        return input.getReading() == null
                && input.getProbe() == null
                && input.getIncident() == null
                && input.getStop() == null;
    }
}
