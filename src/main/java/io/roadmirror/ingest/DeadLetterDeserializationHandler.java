package io.roadmirror.ingest;

import io.roadmirror.registry.RegistryException;
import io.roadmirror.serde.AvroSerdeException;
import io.roadmirror.streams.PipelineMetrics;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records that do not deserialize go to deadletter.events with their original bytes and a
 * reason (DESERIALIZATION or UNKNOWN_SCHEMA), and processing resumes. A registry that is down or
 * refuses the pipeline (any {@link RegistryException} that is not "schema not found") is not the
 * record's fault: the task fails, and nothing is dead-lettered.
 */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {
    /** Topics read only as global tables: their global thread cannot write dead letters (Kafka Streams 4.3). */
    public static final String GLOBAL_TOPICS_CONFIG = "roadmirror.global.topics";

    private static final Logger log = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);
    private PipelineMetrics metrics;
    private Set<String> globalTopics;

    @Override
    public void configure(Map<String, ?> configs) {
        metrics = configs.get(PipelineMetrics.CONFIG_KEY) instanceof PipelineMetrics m ? m : PipelineMetrics.inMemory();
        globalTopics = globalTopics(configs);
    }

    static Set<String> globalTopics(Map<String, ?> configs) {
        if (configs.get(GLOBAL_TOPICS_CONFIG) instanceof Collection<?> topics) {
            return topics.stream().map(String::valueOf).collect(Collectors.toUnmodifiableSet());
        }
        return Set.of();
    }

    @Override
    public Response handleError(
            ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        AvroSerdeException avro = causedBy(exception, AvroSerdeException.class);
        if (avro == null && causedBy(exception, RegistryException.class) != null) {
            // An outage, refused credentials, a wrong registry path: the data may be fine, so fail the task, never
            // dead-letter. Debug only: every retry meets it again, and PipelineRunner says it once for the instance.
            log.debug(
                    "Schema registry failed while reading {}-{}@{}; failing the task: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    exception.getMessage());
            return Response.fail();
        }
        if (globalTopics.contains(record.topic())) {
            metrics.skippedGlobalRecord(record.topic());
            log.warn(
                    "Skipping {}-{}@{} in a global table: it does not deserialize ({}); fix or remove it at the source",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    exception.getMessage());
            return Response.resume();
        }
        DeadLetterReason reason = avro != null && avro.kind() == AvroSerdeException.Kind.UNKNOWN_SCHEMA
                ? DeadLetterReason.UNKNOWN_SCHEMA
                : DeadLetterReason.DESERIALIZATION;
        String detail = avro != null ? avro.getMessage() : String.valueOf(exception.getMessage());
        metrics.deadLetter(reason.name());
        log.debug(
                "Dead-lettering {}-{}@{}: {} {}", record.topic(), record.partition(), record.offset(), reason, detail);
        return Response.resume(List.of(DeadLetters.record(
                reason,
                detail,
                record.topic(),
                record.partition(),
                record.offset(),
                record.timestamp(),
                record.key(),
                record.value(),
                record.headers())));
    }

    static <T extends Throwable> T causedBy(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
