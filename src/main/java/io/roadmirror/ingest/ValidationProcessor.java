package io.roadmirror.ingest;

import io.roadmirror.network.NetworkView;
import io.roadmirror.network.Segment;
import io.roadmirror.state.PartitionTime;
import io.roadmirror.streams.PipelineMetrics;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The one validation step every input topic goes through: a record the rules reject leaves as a
 * dead letter (through {@link DeadLetterProcessingHandler}, which has its original bytes); a good
 * one is counted and passed on unchanged.
 *
 * <p>Lateness is judged against the newest event time of the record's own input partition (its
 * partition time, kept in a store so a restart judges as the uninterrupted run would), not against
 * the task's stream time, which is the newest of all the task's input partitions: draining a
 * backlog, Kafka Streams reads one partition ahead of another whenever the other's fetch has not
 * come back yet, and judged by the task, good readings would turn LATE by how the fetches fell.
 * By its own partition, a record's verdict depends only on the input log.
 */
final class ValidationProcessor<V> implements FixedKeyProcessor<String, V, V> {

    @FunctionalInterface
    interface Rule<V> {
        Optional<Rejection> check(
                String key,
                V value,
                Function<String, Optional<Segment>> segments,
                InputValidation.Clock clock,
                IngestThresholds rules);
    }

    private final String topic;
    private final Rule<V> rule;
    private final IngestThresholds rules;
    private final PipelineMetrics metrics;
    private final LongSupplier wallClock;
    private final NetworkView networkView;
    private final String partitionTimeStore;
    private FixedKeyProcessorContext<String, V> context;
    private NetworkView.Reader network;
    private KeyValueStore<String, PartitionTime> partitionTimes;
    private String partitionKey;
    private long partitionTime = -1;

    ValidationProcessor(
            String topic,
            Rule<V> rule,
            IngestThresholds rules,
            PipelineMetrics metrics,
            LongSupplier wallClock,
            NetworkView networkView,
            String partitionTimeStore) {
        this.topic = topic;
        this.rule = rule;
        this.rules = rules;
        this.metrics = metrics;
        this.wallClock = wallClock;
        this.networkView = networkView;
        this.partitionTimeStore = partitionTimeStore;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, V> context) {
        this.context = context;
        this.network = networkView.reader(context);
        if (partitionTimeStore != null) {
            this.partitionTimes = context.getStateStore(partitionTimeStore);
            this.partitionKey =
                    Integer.toString(context.taskId().partition()); // a source task reads one partition of each topic
            PartitionTime stored = partitionTimes.get(partitionKey);
            this.partitionTime = stored == null ? -1 : stored.getEventTime();
        }
    }

    @Override
    public void process(FixedKeyRecord<String, V> record) {
        advancePartitionTime(record.timestamp());
        InputValidation.Clock clock = new InputValidation.Clock(wallClock.getAsLong(), partitionTime);
        Optional<Rejection> rejection = rule.check(record.key(), record.value(), network::segment, clock, rules);
        if (rejection.isPresent()) {
            throw new DeadLetterException(rejection.get());
        }
        metrics.recordIn(topic);
        // Names the input record for a dead letter found after a repartition (the bytes there are internal).
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        context.recordMetadata().ifPresent(m -> DeadLetters.stampOrigin(headers, m.topic(), m.partition(), m.offset()));
        context.forward(record.withHeaders(headers));
    }

    /** As Kafka Streams' own partition time: the newest record time, the record itself included. */
    private void advancePartitionTime(long recordTime) {
        if (partitionTimes != null && recordTime > partitionTime) {
            partitionTime = recordTime;
            partitionTimes.put(partitionKey, new PartitionTime(recordTime));
        }
    }
}
