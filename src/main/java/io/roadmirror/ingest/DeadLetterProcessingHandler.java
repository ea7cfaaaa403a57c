package io.roadmirror.ingest;

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
 * source record's original bytes and the rejection's reason. Any other processing failure is a
 * bug met by some input: that input is dead-lettered too (INVALID_VALUE, with the error) and
 * logged as an error, because stopping the pipeline would hold up all good input behind it.
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
        if (globalTopics.contains(context.topic())) {
            // A global table's thread has no producer for dead letters; the record stays out of the table.
            metrics.skippedGlobalRecord(context.topic());
            log.warn("Skipping {}-{}@{} in a global table: {}", context.topic(), context.partition(), context.offset(), exception.toString());
            return Response.resume();
        }
        Rejection rejection;
        DeadLetterException rejected = DeadLetterDeserializationHandler.causedBy(exception, DeadLetterException.class);
        if (rejected != null) {
            rejection = rejected.rejection();
        } else {
            rejection = new Rejection(DeadLetterReason.INVALID_VALUE, "processing failed in " + context.processorNodeId() + ": " + exception);
            log.error("Processing {}-{}@{} failed in {}; dead-lettered", context.topic(), context.partition(), context.offset(),
                    context.processorNodeId(), exception);
        }
        metrics.deadLetter(rejection.reason().name());
        return Response.resume(List.of(DeadLetters.record(rejection.reason(), rejection.detail(), context.topic(),
                context.partition(), context.offset(), context.timestamp(), context.sourceRawKey(), context.sourceRawValue(),
                context.headers())));
    }
}
