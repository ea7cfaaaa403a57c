package io.roadmirror.ingest;

import io.roadmirror.registry.RegistryException;
import io.roadmirror.serde.AvroSerdeException;
import io.roadmirror.streams.PipelineMetrics;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Input a processor rejects ({@link DeadLetterException}) goes to deadletter.events with the
 * source record's original bytes and the rejection's reason; so does input whose bytes do not
 * decode ({@link AvroSerdeException}). Anything else (a state store or RocksDB error, a
 * StreamsException, I/O, the registry) is broken infrastructure, not bad input: the task fails,
 * the stream thread is replaced within its bounded budget, and the record is processed again
 * from the last commit instead of being lost as a dead letter.
 */
public final class DeadLetterProcessingHandler implements ProcessingExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(DeadLetterProcessingHandler.class);
    private PipelineMetrics metrics;
    private Set<String> globalTopics;

    @Override
    public void configure(Map<String, ?> configs) {
        metrics = configs.get(PipelineMetrics.CONFIG_KEY) instanceof PipelineMetrics m ? m : PipelineMetrics.inMemory();
        globalTopics = DeadLetterDeserializationHandler.globalTopics(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        // A punctuation has no source record (topic null): Set.of(...).contains(null) threw, and the handler's own
        // NullPointerException failed the task as a bug, using the thread budget, for any failure in a punctuator.
        if (context.topic() != null && globalTopics.contains(context.topic())) {
            // A global table's thread has no producer for dead letters; the record stays out of the table.
            metrics.skippedGlobalRecord(context.topic());
            log.warn(
                    "Skipping {}-{}@{} in a global table: {}",
                    context.topic(),
                    context.partition(),
                    context.offset(),
                    exception.toString());
            return Response.resume();
        }
        Rejection rejection;
        DeadLetterException rejected = DeadLetterDeserializationHandler.causedBy(exception, DeadLetterException.class);
        AvroSerdeException undecodable = DeadLetterDeserializationHandler.causedBy(exception, AvroSerdeException.class);
        if (rejected != null) {
            rejection = rejected.rejection();
        } else if (undecodable != null
                && undecodable.kind() != AvroSerdeException.Kind.UNWRITABLE
                && undecodable.kind() != AvroSerdeException.Kind.NOT_REGISTERED
                && RegistryException.infrastructureIn(exception).isEmpty()) {
            rejection = new Rejection(
                    DeadLetterReason.DESERIALIZATION,
                    "in " + context.processorNodeId() + ": " + undecodable.getMessage());
        } else {
            log.error(
                    "Processing {}-{}@{} failed in {}: not a problem of the input; failing the task",
                    context.topic(),
                    context.partition(),
                    context.offset(),
                    context.processorNodeId(),
                    exception);
            return Response.fail();
        }
        metrics.deadLetter(rejection.reason().name());
        return Response.resume(List.of(DeadLetters.record(
                rejection.reason(),
                rejection.detail(),
                context.topic(),
                context.partition(),
                context.offset(),
                context.timestamp(),
                context.sourceRawKey(),
                context.sourceRawValue(),
                context.headers())));
    }
}
