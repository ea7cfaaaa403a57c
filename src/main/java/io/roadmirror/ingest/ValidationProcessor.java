package io.roadmirror.ingest;

import io.roadmirror.network.NetworkView;
import io.roadmirror.network.Segment;
import io.roadmirror.streams.PipelineMetrics;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Function;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * The one validation step every input topic goes through: a record the rules reject leaves as a
 * dead letter (through {@link DeadLetterProcessingHandler}, which has its original bytes); a good
 * one is counted and passed on unchanged.
 */
final class ValidationProcessor<V> implements FixedKeyProcessor<String, V, V> {

    @FunctionalInterface
    interface Rule<V> {
        Optional<Rejection> check(String key, V value, Function<String, Optional<Segment>> segments, InputValidation.Clock clock, IngestThresholds rules);
    }

    private final String topic;
    private final Rule<V> rule;
    private final IngestThresholds rules;
    private final PipelineMetrics metrics;
    private final LongSupplier wallClock;
    private final NetworkView networkView;
    private FixedKeyProcessorContext<String, V> context;
    private NetworkView.Reader network;

    ValidationProcessor(String topic, Rule<V> rule, IngestThresholds rules, PipelineMetrics metrics, LongSupplier wallClock,
                        NetworkView networkView) {
        this.topic = topic;
        this.rule = rule;
        this.rules = rules;
        this.metrics = metrics;
        this.wallClock = wallClock;
        this.networkView = networkView;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, V> context) {
        this.context = context;
        this.network = networkView.reader(context);
    }

    @Override
    public void process(FixedKeyRecord<String, V> record) {
        InputValidation.Clock clock = new InputValidation.Clock(wallClock.getAsLong(), context.currentStreamTimeMs());
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
}
