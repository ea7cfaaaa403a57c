package io.roadmirror.ingest;

import io.roadmirror.streams.PipelineMetrics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a record Kafka refuses as too large, so that it never blocks its partition by
 * being replayed forever:
 * <ul>
 *   <li>a dead letter goes again, truncated, with {@link DeadLetters#TRUNCATED} saying so (dead
 *       letters are already cut before sending at {@link DeadLetters#MAX_BYTES}; this covers a
 *       topic configured with a smaller {@code max.message.bytes});</li>
 *   <li>any other record (a repartition or changelog record, an output) is counted
 *       ({@code roadmirror.records.too.large}), logged and skipped.</li>
 * </ul>
 * Other failures keep Kafka Streams' default: retry what may pass, fail the rest.
 *
 * <p>Under exactly_once_v2 the producer also fails the transaction of a send that was too large
 * (KAFKA-9279), so a skip here cannot save that transaction: the defence there is that nothing
 * that large gets so far (input limits, the 1 MiB decode limit, dead letters cut before sending).
 */
public final class DeadLetterProductionHandler implements ProductionExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(DeadLetterProductionHandler.class);
    private PipelineMetrics metrics;

    @Override
    public void configure(Map<String, ?> configs) {
        metrics = configs.get(PipelineMetrics.CONFIG_KEY) instanceof PipelineMetrics m ? m : PipelineMetrics.inMemory();
    }

    @Override
    public Response handleError(
            ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (!(exception instanceof RecordTooLargeException)) {
            return exception instanceof RetriableException ? Response.retry() : Response.fail();
        }
        if (record.topic().equals(DeadLetters.TOPIC) && !DeadLetters.isTruncated(record.headers())) {
            log.warn(
                    "A dead letter from {}-{}@{} is too large for {} ({}); writing it truncated",
                    context.topic(),
                    context.partition(),
                    context.offset(),
                    record.topic(),
                    exception.getMessage());
            return Response.resume(List.of(DeadLetters.truncated(record)));
        }
        metrics.tooLarge(record.topic());
        log.error(
                "Skipping a record too large for {} (from {}-{}@{}, processor {}): {}",
                record.topic(),
                context.topic(),
                context.partition(),
                context.offset(),
                context.processorNodeId(),
                exception.getMessage());
        return Response.resume();
    }
}
