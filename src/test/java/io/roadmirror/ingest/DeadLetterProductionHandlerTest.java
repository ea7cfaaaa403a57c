package io.roadmirror.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roadmirror.streams.PipelineMetrics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Response;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Result;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A record Kafka refuses as too large never blocks its partition (the real path is in HostileInputIT). */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class DeadLetterProductionHandlerTest {
    private final PipelineMetrics metrics = PipelineMetrics.inMemory();
    private final DeadLetterProductionHandler handler = new DeadLetterProductionHandler();

    private static final ErrorHandlerContext CONTEXT = new ErrorHandlerContext() {
        public String topic() {
            return "sensor.readings";
        }

        public int partition() {
            return 2;
        }

        public long offset() {
            return 41;
        }

        public Headers headers() {
            return new RecordHeaders();
        }

        public String processorNodeId() {
            return "validate-sensor-readings";
        }

        public TaskId taskId() {
            return new TaskId(0, 2);
        }

        public long timestamp() {
            return 0;
        }

        public byte[] sourceRawKey() {
            return null;
        }

        public byte[] sourceRawValue() {
            return null;
        }
    };

    @BeforeEach
    void configure() {
        handler.configure(Map.of(PipelineMetrics.CONFIG_KEY, metrics));
    }

    @Test
    void aDeadLetterTooLargeForItsTopicIsWrittenTruncated() {
        var letter = DeadLetters.record(
                DeadLetterReason.DESERIALIZATION,
                "x",
                "sensor.readings",
                2,
                41,
                0L,
                "k".getBytes(),
                new byte[900_000],
                null);
        Response response =
                handler.handleError(CONTEXT, letter, new RecordTooLargeException("message.max.bytes 500000"));

        assertEquals(Result.RESUME, response.result());
        List<ProducerRecord<byte[], byte[]>> again = response.deadLetterQueueRecords();
        assertEquals(1, again.size());
        assertEquals(DeadLetters.TOPIC, again.get(0).topic());
        assertEquals(DeadLetters.TRUNCATED_BYTES, again.get(0).value().length);
        assertTrue(DeadLetters.isTruncated(again.get(0).headers()));
        assertEquals("sensor.readings", DeadLetters.header(again.get(0).headers(), DeadLetters.SOURCE_TOPIC));
    }

    @Test
    void aTruncatedDeadLetterStillTooLargeIsSkippedNotRetried() {
        var cut = DeadLetters.truncated(
                DeadLetters.record(DeadLetterReason.DESERIALIZATION, "x", "t", 0, 1, 0L, null, new byte[10], null));
        Response response = handler.handleError(CONTEXT, cut, new RecordTooLargeException("tiny limit"));
        assertEquals(Result.RESUME, response.result());
        assertTrue(response.deadLetterQueueRecords().isEmpty());
        assertEquals(1.0, metrics.count("roadmirror.records.too.large", DeadLetters.TOPIC));
    }

    @Test
    void anInternalRecordTooLargeIsCountedAndSkipped() {
        String repartition = "roadmirror-readings-by-segment-repartition";
        Response response = handler.handleError(
                CONTEXT,
                new ProducerRecord<>(repartition, new byte[1], new byte[2_000_000]),
                new RecordTooLargeException("too large"));
        assertEquals(Result.RESUME, response.result());
        assertTrue(response.deadLetterQueueRecords().isEmpty());
        assertEquals(1.0, metrics.count("roadmirror.records.too.large", repartition));
    }

    @Test
    void otherFailuresKeepKafkaStreamsDefaults() {
        var record = new ProducerRecord<>("mirror.segments", new byte[1], new byte[1]);
        assertEquals(
                Result.RETRY,
                handler.handleError(CONTEXT, record, new TimeoutException("broker away"))
                        .result());
        assertEquals(
                Result.FAIL,
                handler.handleError(CONTEXT, record, new IllegalStateException("bug"))
                        .result());
    }
}
