package io.roadmirror.mirror;

import static io.roadmirror.testing.TestRecords.reading;
import static io.roadmirror.testing.TestRecords.sec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.state.ProbeInput;
import io.roadmirror.state.SegmentInput;
import io.roadmirror.state.SourcePromise;
import io.roadmirror.streams.InputLags;
import io.roadmirror.streams.VersionedSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The source side of the watermark, one task at a time: what it stamps and what it promises. */
@Timeout(30)
class SourceProgressTest {
    private static final String READINGS = "sensor.readings";
    private static final String POSITIONS = "vehicle.positions";
    private static final String INCIDENTS = "incident.reports";
    private static final List<String> TOPICS = List.of(READINGS, POSITIONS, INCIDENTS);

    private final InputLags caughtUp = new InputLags();
    /** The task's store: outlives the processor, as the state directory or the changelog outlives a crash. */
    private KeyValueStore<String, SourcePromise> promises;

    private long wall = sec(30).toEpochMilli() + Duration.ofDays(1).toMillis();

    @BeforeEach
    void store() {
        TOPICS.forEach(topic -> caughtUp.set(topic, 0, 0));
        promises = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(MirrorTopology.PROMISE_STORE),
                        Serdes.String(),
                        VersionedSerde.of(SourcePromise.class))
                .withLoggingDisabled()
                .build();
        promises.init(new MockProcessorContext<>().getStateStoreContext(), promises);
    }

    @AfterEach
    void close() {
        promises.close();
    }

    private MockProcessorContext<String, SegmentInput> task() {
        MockProcessorContext<String, SegmentInput> context = new MockProcessorContext<>();
        context.addStateStore(promises);
        context.setCurrentSystemTimeMs(wall);
        return context;
    }

    private static SourceProgress source() {
        return new SourceProgress(new InputLags(), TOPICS, MirrorThresholds.DEFAULTS.tick());
    }

    private SourceProgress source(InputLags lags) {
        return new SourceProgress(lags, TOPICS, MirrorThresholds.DEFAULTS.tick());
    }

    private static long stampOf(MockProcessorContext<String, SegmentInput> context) {
        return lastSent(context).getProgress();
    }

    /** A task opened on the store (as after a start, a restart or a move), with its source initialised. */
    private MockProcessorContext<String, SegmentInput> opened(SourceProgress source) {
        MockProcessorContext<String, SegmentInput> context = task();
        source.init(context);
        return context;
    }

    private void beats(MockProcessorContext<String, SegmentInput> context, int count) {
        for (int i = 0; i < count; i++) {
            wall += SourceProgress.HEARTBEAT.toMillis();
            context.setCurrentSystemTimeMs(wall);
            context.scheduledPunctuators().get(0).getPunctuator().punctuate(wall);
        }
    }

    private static void input(MockProcessorContext<String, SegmentInput> context, SourceProgress source, long time) {
        context.setCurrentStreamTimeMs(time);
        context.setRecordMetadata(READINGS, 0, 0);
        SegmentInput input = SegmentInputs.of(reading("s1", "A-B", Instant.ofEpochMilli(time), 40.0), 0L);
        source.process(new Record<>("A-B", input, time));
    }

    /** A position read from the task's partition of vehicle.positions (the task's stream time: the newest of all). */
    private static void position(MockProcessorContext<String, SegmentInput> context, SourceProgress source, long time) {
        context.setCurrentStreamTimeMs(Math.max(context.currentStreamTimeMs(), time));
        context.setRecordMetadata(POSITIONS, 0, 0);
        SegmentInput input = SegmentInputs.of(new ProbeInput("v1", time, 80.0, null, null), 0L);
        source.process(new Record<>("A-B", input, time));
    }

    private static SegmentInput lastSent(MockProcessorContext<String, SegmentInput> context) {
        List<MockProcessorContext.CapturedForward<? extends String, ? extends SegmentInput>> sent = context.forwarded();
        return sent.get(sent.size() - 1).record().value();
    }

    @Test
    void anInputCountsAtItsOwnPartitionsTimeWhateverTheTasksOtherPartitionsReached() {
        // Draining a backlog, Kafka Streams (max.task.idle.ms=-1) read the positions far ahead of the readings.
        InputLags backlog = new InputLags();
        backlog.set(READINGS, 0, 5_000);
        backlog.set(POSITIONS, 0, 5_000);
        backlog.set(INCIDENTS, 0, 0);
        SourceProgress source = source(backlog);
        MockProcessorContext<String, SegmentInput> context = opened(source);
        input(context, source, sec(40).toEpochMilli());
        position(context, source, sec(100).toEpochMilli());
        assertEquals(sec(100).toEpochMilli(), lastSent(context).getCountAt());
        assertEquals(sec(40).toEpochMilli(), lastSent(context).getProgress(), "the readings have come only this far");

        input(context, source, sec(50).toEpochMilli());
        assertEquals(
                sec(50).toEpochMilli(),
                lastSent(context).getCountAt(),
                "at its own time, not at 100 s, where the task's stream time stood (the positions had run ahead)");

        beats(context, 1);
        assertEquals(
                sec(50).toEpochMilli(),
                lastSent(context).getProgress(),
                "the promise goes no further than the slowest partition with records to fetch");

        backlog.set(READINGS, 0, 0); // every reading fetched: the readings hold no one back
        beats(context, 1);
        assertEquals(sec(100).toEpochMilli(), lastSent(context).getProgress());
        input(context, source, sec(60).toEpochMilli());
        assertEquals(
                sec(100).toEpochMilli(),
                lastSent(context).getCountAt(),
                "a reading that arrives after its partition had caught up is news: it counts at the promise");
    }

    @Test
    void aRestartedSourceKeepsEachPartitionsTime() {
        SourceProgress before = source();
        MockProcessorContext<String, SegmentInput> first = opened(before);
        input(first, before, sec(40).toEpochMilli());

        // kill -9: the task reads its input again from the last commit, behind the partition's newest time.
        SourceProgress after = source();
        MockProcessorContext<String, SegmentInput> second = opened(after);
        input(second, after, sec(30).toEpochMilli());
        assertEquals(
                sec(40).toEpochMilli(),
                lastSent(second).getCountAt(),
                "out of order within its partition, as in the uninterrupted run: it counts at the partition's time");
    }

    @Test
    void aSourceRestartedBehindWhatItPromisedStampsNothingBelowThePromise() {
        SourceProgress before = source(caughtUp);
        MockProcessorContext<String, SegmentInput> first = opened(before);
        input(first, before, sec(30).toEpochMilli());
        beats(first, 20); // caught up and quiet for 4 s: idle, the promise runs on with the wall clock
        long promised = stampOf(first);
        assertTrue(promised > sec(32).toEpochMilli(), "promised past 08:00:32: " + promised);

        // kill -9: the task reads its input again from the last commit, its stream time behind the promise.
        SourceProgress after = source();
        MockProcessorContext<String, SegmentInput> second = opened(after);
        input(second, after, sec(29).toEpochMilli());
        assertEquals(promised, stampOf(second), "the promise survives the restart: no input lands behind it");
    }

    @Test
    void aNewSourceWithNoPromiseStampsItsStreamTime() {
        SourceProgress source = source();
        MockProcessorContext<String, SegmentInput> context = opened(source);
        input(context, source, sec(29).toEpochMilli());
        assertEquals(sec(29).toEpochMilli(), stampOf(context));
    }

    /** Lags as the instance's consumers report them: {@code byConsumer} maps a consumer's client id to its lag of every input. */
    private static void report(InputLags lags, Map<String, Double> byConsumer) {
        Map<MetricName, Metric> metrics = new HashMap<>();
        byConsumer.forEach((client, lag) -> TOPICS.forEach(topic -> metrics.put(
                new MetricName(
                        "records-lag",
                        "consumer-fetch-manager-metrics",
                        "",
                        Map.of("client-id", client, "topic", topic, "partition", "0")),
                new Metric() {
                    @Override
                    public MetricName metricName() {
                        return null;
                    }

                    @Override
                    public Object metricValue() {
                        return lag;
                    }
                })));
        lags.scan(metrics);
    }

    /** Kafka Streams names a stream thread's consumer after the thread; here the test's thread runs the punctuations. */
    private static String ownConsumer() {
        return Thread.currentThread().getName() + "-consumer";
    }

    /**
     * A task whose partitions another stream thread of the instance gave up caught up (its consumer still says 0), opened
     * here, with a reading at 08:00:30 processed.
     */
    private MockProcessorContext<String, SegmentInput> movedHereWithAReadingAt30s(InputLags lags) {
        report(lags, Map.of("app-StreamThread-9-consumer", 0.0));
        SourceProgress source = source(lags);
        MockProcessorContext<String, SegmentInput> context = opened(source);
        input(context, source, sec(30).toEpochMilli());
        return context;
    }

    @Test
    void aSourceThatTookItsPartitionsOverWaitsForItsOwnConsumersFirstFetch() {
        InputLags lags = new InputLags();
        MockProcessorContext<String, SegmentInput> context = movedHereWithAReadingAt30s(lags);
        beats(context, 10); // 2 s: long enough to settle, were it caught up
        assertTrue(
                stampOf(context) <= sec(30).toEpochMilli(),
                "not fetched by its own consumer yet: records may wait on the broker, the source promises nothing");

        report(lags, Map.of("app-StreamThread-9-consumer", 0.0, ownConsumer(), 0.0));
        beats(context, 5);
        assertTrue(stampOf(context) > sec(30).toEpochMilli(), "its own consumer caught up: settled");
    }

    @Test
    void aSourceWhoseOwnConsumerNeverReportsTakesAnotherConsumersWordAfterAWhile() {
        MockProcessorContext<String, SegmentInput> context = movedHereWithAReadingAt30s(new InputLags());
        int beatsToWait = (int) (SourceProgress.OWN_LAG_WAIT.toMillis() / SourceProgress.HEARTBEAT.toMillis());
        beats(context, beatsToWait - 1);
        assertTrue(stampOf(context) <= sec(30).toEpochMilli(), "still waiting for its own consumer");

        beats(context, 5);
        assertTrue(
                stampOf(context) > sec(30).toEpochMilli(),
                "a consumer named otherwise, or a fetch that never came, holds the mirror no longer than that");
    }
}
